"""API throttling whose counts every web process shares: PostgreSQL by default, Redis when REDIS_URL is set.

DRF's own throttle keeps each caller's recent request times in Django's cache and reads, checks and writes them in
three steps; two processes can then both take the last request of a budget. Here the check and the write are one
atomic step in the shared store, so N processes together never let through more than the budget.

A write to the shared store per request was most of the database time of a small API read (issue 12). So a process
takes a *lease*: a few of the caller's requests at once, recorded in the shared window at the latest time it may
spend them (`LEASE_SECONDS` ahead), which it then spends in memory. A caller who sends one request at a time gets
leases of one, recorded at the request's own time, as before; a busy caller's leases double while it keeps using
them up, up to `MAX_LEASE`, and never exceed a quarter of what is left of the budget. What a lease did not use is
given back with the process's next lease for that caller. Counting a lease from its latest time on keeps every
window within the budget: the window that refuses a request counts every request spent inside it. The price is
that a busy caller's requests count up to `LEASE_SECONDS` longer than the period, and a lease a process holds for a
caller who stopped sending it requests stays counted until it leaves the window.
"""

import functools
import os
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from rest_framework.throttling import SimpleRateThrottle

from factcheck.api.models import ApiToken
from factcheck.security import client_ip

LEASE_SECONDS = 1.0
MAX_LEASE = 1024
MAX_LEASES_KEPT = 10_000  # callers one process remembers leases for; the oldest are forgotten (still counted)

# Redis: the same as factcheck_throttle_take (factcheck/api/migrations/0002_own_tables.py), atomic as a script.
# KEYS[1] the caller; ARGV stamp, cutoff, limit, want, give-back stamp, give-back count, seconds to keep the key.
_TAKE_LUA = """
local giveback = tonumber(ARGV[6])
if giveback > 0 then
  local unused = redis.call('ZRANGEBYSCORE', KEYS[1], ARGV[5], ARGV[5], 'LIMIT', 0, giveback)
  if #unused > 0 then redis.call('ZREM', KEYS[1], unpack(unused)) end
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
local free = tonumber(ARGV[3]) - redis.call('ZCARD', KEYS[1])
if free <= 0 then
  return {0, redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')}
end
local granted = math.min(tonumber(ARGV[4]), math.max(1, math.floor(free / 4)))
local last = redis.call('INCRBY', KEYS[1] .. ':seq', granted)
for i = last - granted + 1, last do
  redis.call('ZADD', KEYS[1], ARGV[1], ARGV[1] .. ':' .. i)
end
redis.call('EXPIRE', KEYS[1], ARGV[7])
redis.call('EXPIRE', KEYS[1] .. ':seq', ARGV[7])
return {granted}
"""


@dataclass(frozen=True)
class Taken:
    granted: int  # 0: refused
    stamp: float = 0.0  # the time the granted requests are recorded at
    window: tuple[float, ...] = ()  # when refused: the times in the window, newest first


def take_postgres(
    key: str, stamp: float, cutoff: float, limit: int, want: int = 1, giveback: tuple[float, int] = (0.0, 0)
) -> Taken:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT * FROM factcheck_throttle_take(%s, %s, %s, %s, %s, %s, %s)",
            [key, stamp, cutoff, limit, want, *giveback],
        )
        granted, at, hits = cursor.fetchone()
    if granted:
        return Taken(granted, at)
    return Taken(0, window=tuple(sorted(hits, reverse=True)))


@functools.cache
def _redis_script(url: str):
    import redis

    return redis.Redis.from_url(url).register_script(_TAKE_LUA)


def take_redis(
    key: str, stamp: float, cutoff: float, limit: int, want: int = 1, giveback: tuple[float, int] = (0.0, 0)
) -> Taken:
    keep = max(1, int(stamp - cutoff + 1))
    found = _redis_script(os.environ["REDIS_URL"])(
        keys=[f"factcheck:{key}"], args=[repr(stamp), repr(cutoff), limit, want, repr(giveback[0]), giveback[1], keep]
    )
    if found[0]:
        return Taken(int(found[0]), stamp)
    return Taken(0, window=tuple(sorted((float(score) for score in found[1][1::2]), reverse=True)))


@dataclass
class Lease:
    stamp: float
    granted: int
    until: float  # time.monotonic() after which the rest is not spent
    used: int = 1

    def unused(self) -> tuple[float, int]:
        return self.stamp, self.granted - self.used


class Leases:
    """One process's leases, per caller. Thread-safe: a threaded server shares them between its threads."""

    def __init__(self):
        self._leases: OrderedDict[str, Lease] = OrderedDict()
        self._lock = threading.Lock()

    def clear(self) -> None:
        with self._lock:
            self._leases.clear()

    def spend(self, key: str) -> bool:
        """Spend one request of the caller's current lease, if it has one left."""
        with self._lock:
            lease = self._leases.get(key)
            if lease is None or lease.used >= lease.granted or time.monotonic() >= lease.until:
                return False
            lease.used += 1
            return True

    def renew(self, key: str, take, now: float, limit: int, period: float) -> Taken:
        """Give back the unused part of the caller's last lease and take a new one, sized by how the last went."""
        with self._lock:
            last = self._leases.pop(key, None)
        if last is None:
            want, giveback = 1, (0.0, 0)
        else:
            used_up = last.used >= last.granted
            want = min(MAX_LEASE, last.granted * 2) if used_up else max(1, last.used)
            giveback = last.unused()
        # A lease of one is spent at once: recorded at its own time. A longer one at the latest time it may be spent.
        stamp = now + LEASE_SECONDS if want > 1 else now
        taken = take(key, stamp, now - period, limit, want, giveback)
        if taken.granted:
            with self._lock:
                self._leases[key] = Lease(taken.stamp, taken.granted, time.monotonic() + LEASE_SECONDS)
                while len(self._leases) > MAX_LEASES_KEPT:
                    self._leases.popitem(last=False)
        return taken


LEASES = Leases()


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
        if LEASES.spend(self.key):
            return True
        self.now = self.timer()
        take = take_redis if os.environ.get("REDIS_URL") else take_postgres
        taken = LEASES.renew(self.key, take, self.now, self.num_requests, self.duration)
        if taken.granted:
            return True
        self.history = list(taken.window)  # what DRF's wait() reads for Retry-After
        return False
