"""API throttling whose counts every web process shares: PostgreSQL by default, Redis when REDIS_URL is set.

DRF's own throttle keeps each caller's recent request times in Django's cache and reads, checks and writes them in
three steps; two processes can then both take the last request of a budget. Here the check and the write are one
atomic step in the shared store, so N processes together let through exactly the budget.
"""

import functools
import os

from django.conf import settings
from django.db import connection
from rest_framework.throttling import SimpleRateThrottle

from factcheck.security import client_ip
from integrations.models import ApiToken, ThrottleWindow

_TABLE = ThrottleWindow._meta.db_table

# One statement: drop the times that left the window, and record this request only if the rest leave room.
# ON CONFLICT DO UPDATE locks the caller's row first, so concurrent requests take turns. The times stay sorted
# (a request that took the lock after a later one is recorded at that one's time, microseconds later), so
# width_bucket's binary search counts the times up to the cutoff: the cost does not grow with the budget.
_HIT_SQL = f"""
INSERT INTO {_TABLE} AS w (key, hits) VALUES (%(key)s, ARRAY[%(now)s::float8])
ON CONFLICT (key) DO UPDATE
SET hits = w.hits[width_bucket(%(cutoff)s::float8, w.hits) + 1:] || greatest(EXCLUDED.hits[1], w.hits[cardinality(w.hits)])
WHERE cardinality(w.hits) - width_bucket(%(cutoff)s::float8, w.hits) < %(limit)s
RETURNING 1
"""

# Redis: the same, atomic as a script. KEYS[1] the caller; ARGV now, cutoff, limit, period (seconds).
_HIT_LUA = """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[3]) then
  redis.call('ZADD', KEYS[1], ARGV[1], ARGV[1] .. ':' .. redis.call('INCR', KEYS[1] .. ':seq'))
  redis.call('EXPIRE', KEYS[1], math.ceil(tonumber(ARGV[4])))
  redis.call('EXPIRE', KEYS[1] .. ':seq', math.ceil(tonumber(ARGV[4])))
  return {}
end
return redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
"""


def hit_postgres(key: str, now: float, limit: int, period: float) -> list[float] | None:
    """None when the request may go ahead; otherwise the times still in the window, newest first."""
    cutoff = now - period
    with connection.cursor() as cursor:
        cursor.execute(_HIT_SQL, {"key": key, "now": now, "cutoff": cutoff, "limit": limit})
        if cursor.fetchone() is not None:
            return None
        cursor.execute(f"SELECT hits FROM {_TABLE} WHERE key = %s", [key])
        row = cursor.fetchone()
    return sorted((h for h in (row[0] if row else []) if h > cutoff), reverse=True)


@functools.cache
def _redis_script(url: str):
    import redis

    return redis.Redis.from_url(url).register_script(_HIT_LUA)


def hit_redis(key: str, now: float, limit: int, period: float) -> list[float] | None:
    found = _redis_script(os.environ["REDIS_URL"])(keys=[f"factcheck:{key}"], args=[now, now - period, limit, period])
    if not found:
        return None
    return sorted((float(score) for score in found[1::2]), reverse=True)


class PerTokenThrottle(SimpleRateThrottle):
    """A budget per API token (per user for browser sessions, per address for anonymous callers)."""

    scope = "api"

    def get_rate(self):
        return settings.API_THROTTLE_RATE

    def get_ident(self, request):
        return client_ip(request) or ""

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken):
            ident = f"token-{request.auth.pk}"
        elif request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"addr-{self.get_ident(request)}"
        return f"throttle-{self.scope}-{ident}"

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        hit = hit_redis if os.environ.get("REDIS_URL") else hit_postgres
        history = hit(self.key, self.now, self.num_requests, self.duration)
        if history is None:
            return True
        self.history = history  # what DRF's wait() reads for Retry-After
        return False
