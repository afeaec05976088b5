"""Who may do what. Every view and API endpoint asks these functions; the page only hides what they refuse."""

from functools import wraps

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

EDITOR = "Editor"
REVIEWER = "Reviewer"
ADMIN = "Admin"
ROLES = (EDITOR, REVIEWER, ADMIN)


def roles_of(user: AbstractBaseUser | AnonymousUser) -> set[str]:
    if not user.is_authenticated or not user.is_active:
        return set()
    if user.is_superuser:
        return set(ROLES)
    # Cached on the user object: a page asks several times.
    if not hasattr(user, "_factcheck_roles"):
        user._factcheck_roles = set(user.groups.filter(name__in=ROLES).values_list("name", flat=True))
    return user._factcheck_roles


def can_edit(user) -> bool:
    """Any newsroom role: editors see and work on articles, claims and sources; reviewers and admins may do all
    an editor can. There is no read-only role, so this is also the check for seeing anything at all."""
    return bool(roles_of(user))


def can_review(user) -> bool:
    """Approve, send back, reopen, sign off."""
    return bool(roles_of(user) & {REVIEWER, ADMIN})


def can_admin(user) -> bool:
    """Users, the rating scale, integrations."""
    return ADMIN in roles_of(user)


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
