"""Template helpers for fields and numbers that every page shares."""

import datetime

from django import forms, template
from django.utils import formats, translation
from django.utils.html import format_html

from annotations.dates import day_text

register = template.Library()

# Widgets whose value is free text a person typed, in whatever script: the browser picks the direction from
# the first strong character (dir="auto"), so Persian in an English interface and English in a Persian one
# both read correctly. Addresses, dates and numbers keep the interface's direction.
_FREE_TEXT = (forms.Textarea, forms.TextInput)
_NOT_FREE_TEXT = (forms.URLInput, forms.EmailInput, forms.NumberInput, forms.DateInput, forms.PasswordInput)

_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


@register.simple_tag
def widget(field):
    """The field's widget, with dir="auto" on free text. aria-invalid and aria-describedby come from Django
    and point at the ids the field template gives the error list and the help text."""
    attrs = {}
    w = field.field.widget
    if isinstance(w, _FREE_TEXT) and not isinstance(w, _NOT_FREE_TEXT):
        attrs["dir"] = "auto"
    return field.as_widget(attrs=attrs)


@register.filter
def number(value):
    """A number as the interface's language writes it: grouping, decimal sign and, in Persian, Persian digits."""
    if value is None or value == "":
        return ""
    text = formats.number_format(value, use_l10n=True, force_grouping=abs(value) >= 10000)
    if translation.get_language() == "fa":
        text = text.translate(_PERSIAN_DIGITS)
    return text


@register.filter(expects_localtime=True)
def day(value, arg: str = ""):
    """Every date a page shows: `{{ value|day }}` "11 Oct 2024", `{{ value|day:"time" }}` "11 Oct 2024, 14:05",
    as a <time> element that gives machines the ISO date."""
    if not value:
        return ""
    with_time = arg == "time" and isinstance(value, datetime.datetime)
    machine = value.isoformat(timespec="seconds") if isinstance(value, datetime.datetime) else value.isoformat()
    return format_html('<time datetime="{}">{}</time>', machine, day_text(value, with_time))


def rating_label(label: str) -> str:
    """A rating label (as stored) in the interface's language; see annotations.models.RATING_LABELS."""
    from annotations.models import RATING_LABELS

    return str(RATING_LABELS.get(label, label))


@register.filter
def capped_total(counted) -> str:
    """A total counted up to a cap (`total` and `capped`, as selectors.Panel): "12", or "100+" past the cap."""
    return number(counted.total) + ("+" if counted.capped else "")


@register.filter
def verdict(rating):
    """A rating's label in the interface's language."""
    return rating.display_label if rating else ""


# What a pager counts, by the noun its page passes ({% include "_pager.html" with noun="articles" %}).
PAGER_NOUNS = {
    "articles": translation.ngettext_lazy("%(n)s article", "%(n)s articles", "count"),
    "waiting": translation.ngettext_lazy("%(n)s waiting", "%(n)s waiting", "count"),
    "revisions": translation.ngettext_lazy("%(n)s revision", "%(n)s revisions", "count"),
    "tokens": translation.ngettext_lazy("%(n)s token", "%(n)s tokens", "count"),
    "webhooks": translation.ngettext_lazy("%(n)s webhook", "%(n)s webhooks", "count"),
    "deliveries": translation.ngettext_lazy("%(n)s delivery", "%(n)s deliveries", "count"),
    "changes": translation.ngettext_lazy("%(n)s change", "%(n)s changes", "count"),
    "corrections": translation.ngettext_lazy("%(n)s correction", "%(n)s corrections", "count"),
}


@register.simple_tag
def pager_label(pager, noun: str) -> str:
    """ "12 articles", or "more than 1,000 articles" when the count stopped at its cap."""
    count = pager.count
    shown = number(count)
    message = PAGER_NOUNS.get(noun)
    text = (message % {"n": shown, "count": count}) if message is not None else f"{shown} {noun}"
    if getattr(pager, "capped", False):
        text = translation.gettext("more than %(count)s") % {"count": text}
    return text


@register.filter
def bdi(value):
    """What people typed or named (a username, a title) inside interface text: isolated in its own direction, so
    "desk-editor" stays whole inside a Persian sentence. Escaped like any value."""
    if value is None or value == "":
        return value
    return format_html("<bdi>{}</bdi>", value)


_CORRECTED_LABELS = {
    "statement": translation.gettext_lazy("Claim"),
    "claimant": translation.gettext_lazy("Claimant"),
    "verdict": translation.gettext_lazy("Verdict"),
    "rationale": translation.gettext_lazy("Rationale"),
    "correction": translation.gettext_lazy("Correction"),
}


@register.filter
def changed_fields(correction) -> list[tuple[str, str, str]]:
    """A correction's changes as (field's label, before, after), in the fields' order; verdicts in the interface's
    language, as the card shows them."""
    from annotations.models import RATING_LABELS

    def shown(name, value):
        return str(RATING_LABELS.get(value, value)) if name == "verdict" else value

    return [
        (str(label), shown(name, correction.before.get(name, "")), shown(name, correction.after.get(name, "")))
        for name, label in _CORRECTED_LABELS.items()
        if name in correction.before or name in correction.after
    ]
