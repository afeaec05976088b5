"""Who may call the API: newsroom members, limited further by their token.

The roles come from factcheck.roles, which the pages ask too. A token is limited further to its
scopes (read, write, review, admin); a browser session may do whatever its user may.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions as drf

from factcheck import roles
from factcheck.api.models import ApiToken, Scope

ERR_ROLE = _("Your role does not allow this.")
ERR_ADMIN = _("Only admins may manage webhooks.")
ERR_SCOPE = _("This API token lacks the “%(scope)s” scope.")


def token_allows(request, scope: str) -> bool:
    """A browser session may do whatever its user may; a token only what its scopes allow."""
    return not isinstance(request.auth, ApiToken) or request.auth.allows(scope)


def scope_needed(request, view) -> str:
    # A view names the scope of its unsafe methods (review actions: "review"); reads need "read".
    if request.method in drf.SAFE_METHODS:
        return Scope.READ
    return getattr(view, "token_scope", Scope.WRITE)


class NewsroomAccess(drf.BasePermission):
    message = ERR_ROLE

    def has_permission(self, request, view):
        if not roles.can_edit(request.user):
            return False
        scope = scope_needed(request, view)
        if not token_allows(request, scope):
            self.message = ERR_SCOPE % {"scope": scope}
            return False
        if request.method in drf.SAFE_METHODS:
            return True
        return roles.can_edit(request.user)


class AdminAccess(drf.BasePermission):
    """Webhooks: admins only, and a token needs the "admin" scope to read them as well as to change them."""

    message = ERR_ADMIN

    def has_permission(self, request, view):
        if not roles.can_admin(request.user):
            self.message = ERR_ADMIN
            return False
        if not token_allows(request, Scope.ADMIN):
            self.message = ERR_SCOPE % {"scope": Scope.ADMIN}
            return False
        return True
