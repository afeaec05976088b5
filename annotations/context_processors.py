from django.utils.functional import SimpleLazyObject

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
        # The navigation's count of claims waiting for this reviewer (assigned to them, or to nobody), up to 100:
        # counted only when a template shows it (a fragment that htmx swaps in does not).
        "review_waiting": SimpleLazyObject(lambda: selectors.review_count_for(user)),
    }
