from notifications import selectors


def unread(request):
    """The navigation's count of unread notifications."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"notification_count": selectors.unread_count(user)}
