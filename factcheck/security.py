"""Who is asking: the client's address, for login lockout and the API's anonymous throttle."""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """REMOTE_ADDR, or behind our reverse proxy (BEHIND_PROXY) the address it saw, which it appends last to
    X-Forwarded-For; earlier entries come from the client and are not to be trusted."""
    if settings.BEHIND_PROXY:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR")
