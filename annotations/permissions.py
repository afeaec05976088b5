"""Who may do what. Every view and API endpoint asks these functions; the page only hides what they refuse."""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

# The roles are the plumbing's (the API's authentication and permissions read them too); the rules below build on
# them, and every view and service finds all the rules here.
from factcheck.roles import ADMIN as ADMIN
from factcheck.roles import EDITOR as EDITOR
from factcheck.roles import REVIEWER as REVIEWER
from factcheck.roles import ROLES as ROLES
from factcheck.roles import can_admin as can_admin
from factcheck.roles import can_edit as can_edit
from factcheck.roles import can_review as can_review
from factcheck.roles import roles_of as roles_of

ERR_APPROVE_FUZZY = _(
    "The text under this claim was edited: an editor confirms its new position before it can be approved."
)
ERR_APPROVE_ORPHANED = _("The text of this claim was removed: an editor re-attaches it before it can be approved.")


def approval_blocker(claim) -> str | None:
    """A reviewer approves the text they see: not text a revision changed that no editor has confirmed yet."""
    return {"fuzzy": ERR_APPROVE_FUZZY, "orphaned": ERR_APPROVE_ORPHANED}.get(claim.anchor_state)


def can_assign(user) -> bool:
    """Choose who edits and who reviews an article: reviewers and admins, who run the desk."""
    return can_review(user)


def can_approve(*, user, claim) -> bool:
    """Four eyes: a reviewer who neither created nor last changed the claim, on confirmed text."""
    return (
        can_review(user) and user.pk not in (claim.created_by_id, claim.updated_by_id) and not approval_blocker(claim)
    )


def require(allowed: bool) -> None:
    """For services: refuse unless the role check passed."""
    if not allowed:
        raise PermissionDenied(_("Your role does not allow this."))


def role_required(check):
    """A view decorator: refuse (403) unless `check(request.user)` allows it."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not check(request.user):
                raise PermissionDenied(_("Your role does not allow this."))
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
