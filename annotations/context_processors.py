from annotations import permissions


def roles(request):
    """What the current user may do, so pages offer only what the server would accept."""
    user = getattr(request, "user", None)
    if user is None:
        return {}
    return {"can_edit": permissions.can_edit(user), "can_review": permissions.can_review(user), "can_admin": permissions.can_admin(user)}
