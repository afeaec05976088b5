from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from integrations.models import ApiToken


class PerTokenThrottle(SimpleRateThrottle):
    """A budget per API token (per user for browser sessions, per address for anonymous callers).

    The counts live in Django's cache: with several server processes, give them a shared cache.
    """

    scope = "api"

    def get_rate(self):
        return settings.API_THROTTLE_RATE

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken):
            ident = f"token-{request.auth.pk}"
        elif request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"addr-{self.get_ident(request)}"
        return f"throttle-{self.scope}-{ident}"
