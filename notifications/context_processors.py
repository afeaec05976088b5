from notifications import selectors


def unread(request):
    """The navigation's count of unread notifications, counted once per request: an htmx answer renders its
    card and the fragments it changes on the page separately, and each render asks again."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    count = getattr(request, "_unread_notifications", None)
    if count is None:
        count = request._unread_notifications = selectors.unread_count(user)
    return {"notification_count": count}
