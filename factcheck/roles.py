"""The newsroom's roles: Django groups a user belongs to. Plumbing: the API's authentication reads them in its one
query, its permissions and every app's rules (annotations.permissions) ask them; nothing here knows an article."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

EDITOR = "Editor"
REVIEWER = "Reviewer"
ADMIN = "Admin"
ROLES = (EDITOR, REVIEWER, ADMIN)


def roles_of(user: AbstractBaseUser | AnonymousUser) -> set[str]:
    if not user.is_authenticated or not user.is_active:
        return set()
    if user.is_superuser:
        return set(ROLES)
    # Cached on the user object: a page asks several times. (The API's authentication fills it from the query
    # that reads the token.)
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
