from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext, ngettext

from annotations.templatetags.ui import number
from notifications import selectors

NAV_CAP = 99  # the navigation shows "99+" past this: counting a year of unread notifications costs a page nothing


def unread(request):
    """The navigation's count of unread notifications (up to NAV_CAP, then "99+") and its spoken label. Counted only
    when a template shows them (an htmx answer's fragments do not: a claim save asked for nothing), and then once
    per request: an htmx answer renders its card and the fragments it changes on the page separately."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "notification_count": SimpleLazyObject(lambda: _navigation(request)[0]),
        "notification_label": SimpleLazyObject(lambda: _navigation(request)[1]),
    }


def _navigation(request) -> tuple[int | str, str]:
    shown = getattr(request, "_unread_navigation", None)
    if shown is None:
        counted = selectors.unread_count(request.user, cap=NAV_CAP)
        n = min(counted, NAV_CAP)
        label = ngettext("%(counter)s unread", "%(counter)s unread", n) % {"counter": number(n)}
        shown = (
            (f"{number(n)}+", gettext("more than %(count)s") % {"count": label})
            if counted > NAV_CAP
            else (number(n) if n else "", label)  # nothing unread: no count (the template shows none)
        )
        request._unread_navigation = shown
    return shown
