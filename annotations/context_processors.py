from annotations import permissions, selectors


def roles(request):
    """What the current user may do, so pages offer only what the server would accept."""
    user = getattr(request, "user", None)
    if user is None:
        return {}
    can_review = permissions.can_review(user)
    return {
        "can_edit": permissions.can_edit(user),
        "can_review": can_review,
        "can_admin": permissions.can_admin(user),
        # The navigation's count of claims waiting for this reviewer (assigned to them, or to nobody).
        "review_count": selectors.review_count_for(user) if can_review else 0,
    }
