"""A suggestion's reason in the reader's language: the detectors store a code and parameters
(suggestions.detectors.reasons), and the sentence is translated where it is shown.

`reason_text` is plain text (the API, a claim's rationale); `reason_html` wraps each parameter, which is text from
the article or a name from the gazetteer, in `<bdi>` so that it keeps its own direction inside a Persian sentence.
"""

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from annotations.templatetags.ui import number
from suggestions.detectors.reasons import Reason


def _plain(value) -> str:
    return number(value) if isinstance(value, int) and not isinstance(value, bool) else str(value)


def reason_text(reason: Reason) -> str:
    return reason.text(gettext, _plain)


def reason_html(reason: Reason) -> SafeString:
    def value(v) -> str:
        return format_html("<bdi>{}</bdi>", _plain(v))

    # The template is ours, the parameters are escaped: escape the template, then put the escaped values in.
    return mark_safe(reason.text(lambda message: conditional_escape(gettext(message)), value))
