from django.utils.translation import gettext, ngettext

from notifications import selectors

NAV_CAP = 99  # the navigation shows "99+" past this: counting a year of unread notifications costs a page nothing


def unread(request):
    """The navigation's count of unread notifications (up to NAV_CAP, then "99+") and its spoken label, counted once
    per request: an htmx answer renders its card and the fragments it changes on the page separately, and each
    render asks again."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    counted = getattr(request, "_unread_notifications", None)
    if counted is None:
        counted = request._unread_notifications = selectors.unread_count(user, cap=NAV_CAP)
    if not counted:
        return {"notification_count": 0}
    shown = min(counted, NAV_CAP)
    label = ngettext("%(counter)s unread", "%(counter)s unread", shown) % {"counter": shown}
    if counted > NAV_CAP:
        return {"notification_count": f"{shown}+", "notification_label": gettext("more than %(count)s") % {"count": label}}
    return {"notification_count": shown, "notification_label": label}
