"""Who may call the API: newsroom members, limited further by their token.

The roles come from annotations.permissions, the same rules as the pages. A token is read-only unless it was
created writable; a browser session may do whatever its user may.
"""

from rest_framework import permissions as drf

from annotations import permissions
from integrations.models import ApiToken

ERR_READ_ONLY = "This API token is read-only."
ERR_ROLE = "Your role does not allow this."
ERR_ADMIN = "Only admins may manage webhooks."


def token_allows_writes(request) -> bool:
    return not isinstance(request.auth, ApiToken) or request.auth.write


class NewsroomAccess(drf.BasePermission):
    message = ERR_ROLE

    def has_permission(self, request, view):
        if not permissions.can_edit(request.user):
            return False
        if request.method in drf.SAFE_METHODS:
            return True
        if not token_allows_writes(request):
            self.message = ERR_READ_ONLY
            return False
        return permissions.can_edit(request.user)


class AdminAccess(NewsroomAccess):
    def has_permission(self, request, view):
        if not permissions.can_admin(request.user):
            self.message = ERR_ADMIN
            return False
        return super().has_permission(request, view)
