"""Fetching a cited page by the outbound rules every fetch of an outsider's address follows (factcheck/outbound.py),
plus what a polite crawler owes a site: one request per host every few seconds, shared by every worker through
the HostSlot table; a User-Agent that names the tool and where to ask about it; Retry-After obeyed."""

import hashlib
import http.client
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.db import connection
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from evidence.models import HostSlot
from factcheck import outbound

MAX_REDIRECTS = 5
MAX_RETRY_AFTER_SECONDS = 6 * 3600
# A host that asked to be left alone for longer than this (Retry-After) is not waited for: the job tries later.
MAX_WAIT_SECONDS = 60
GONE_STATUSES = {404, 410}
BUSY_STATUSES = {429, 503}


class FetchError(Exception):
    """The page could not be fetched; the message is a sentence for the person who cited it."""

    def __init__(self, message: str, *, code: str, retry_after: float | None = None, status: int | None = None):
        super().__init__(message)
        self.code = code  # "private", "scheme", "redirects", "too_large", "timeout", "unreachable", "status", "busy"
        self.retry_after = retry_after
        self.status = status


@dataclass
class Fetched:
    requested_url: str
    final_url: str
    status: int
    content_type: str
    body: bytes
    sha256: str
    fetched_at: object  # datetime


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()[:255]


def reserve(host: str, spacing: float | None = None) -> float:
    """Take the host's next slot; returns how many seconds to wait before it starts. Atomic across workers."""
    spacing = settings.SOURCE_SNAPSHOT_HOST_SPACING_SECONDS if spacing is None else spacing
    table = HostSlot._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO {table} (host, next_at) VALUES (%s, clock_timestamp() + make_interval(secs => %s))
            ON CONFLICT (host) DO UPDATE
            SET next_at = greatest({table}.next_at, clock_timestamp()) + make_interval(secs => %s)
            RETURNING extract(epoch FROM next_at - clock_timestamp())::float8 - %s""",
            [host, spacing, spacing, spacing],
        )
        return max(cursor.fetchone()[0], 0.0)


def release(host: str, spacing: float | None = None) -> None:
    """The request to the host is over: the next may start `spacing` seconds from now at the earliest (a slow
    answer must not let the next request follow closer than the spacing)."""
    spacing = settings.SOURCE_SNAPSHOT_HOST_SPACING_SECONDS if spacing is None else spacing
    table = HostSlot._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET next_at = greatest(next_at, clock_timestamp() + make_interval(secs => %s)) "
            "WHERE host = %s",
            [spacing, host],
        )


def hold(host: str, seconds: float) -> None:
    """The host asked us to come back later (Retry-After): nobody calls it before then."""
    HostSlot.objects.update_or_create(host=host, defaults={"next_at": timezone.now() + timezone.timedelta(0, seconds)})


def retry_after_seconds(value: str | None) -> float | None:
    """Retry-After as seconds: either a number of seconds or an HTTP date; capped at six hours."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        seconds = float(value)
    else:
        try:
            seconds = (parsedate_to_datetime(value) - timezone.now()).total_seconds()
        except (TypeError, ValueError, IndexError):
            return None
    return min(max(seconds, 0.0), MAX_RETRY_AFTER_SECONDS)


def _get(url: str, *, limit: int, timeout: float, host: str, spacing: float | None) -> outbound.Response:
    try:
        return outbound.request(
            "GET",
            url,
            headers={
                "User-Agent": settings.SOURCE_SNAPSHOT_USER_AGENT,
                "Accept": "text/html,application/xhtml+xml,application/pdf;q=0.9,text/plain;q=0.8,*/*;q=0.5",
                "Accept-Encoding": "identity",
            },
            timeout=timeout,
            allow_private=settings.SOURCE_SNAPSHOT_ALLOW_PRIVATE_NETWORKS,
            max_bytes=limit,
            max_redirects=MAX_REDIRECTS,
            too_large="raise",
        )
    finally:
        if host:
            release(host, spacing)


def fetch(url: str, *, wait=time.sleep, spacing: float | None = None) -> Fetched:
    """GET the page within the deadline and the size cap, waiting for the host's slot first.

    Raises FetchError for anything but a 2xx answer, with a sentence that says why."""
    host = host_of(url)
    if host:
        delay = reserve(host, spacing)
        if delay > MAX_WAIT_SECONDS:
            raise FetchError(
                _("The site asked to come back in %(seconds)d seconds.") % {"seconds": delay},
                code="busy",
                retry_after=delay,
            )
        if delay > 0:
            wait(delay)
    limit = settings.SOURCE_SNAPSHOT_MAX_BYTES
    timeout = settings.SOURCE_SNAPSHOT_TIMEOUT_SECONDS
    try:
        answer = _get(url, limit=limit, timeout=timeout, host=host, spacing=spacing)
    except outbound.TooLarge as error:
        raise FetchError(
            _("The page is larger than %(limit)s, the most that is kept.") % {"limit": filesizeformat(limit)},
            code="too_large",
        ) from error
    except outbound.Refused as error:
        text = str(error)
        if text == outbound.ERR_PRIVATE:
            message, code = _("The address is on a private network or this machine, which is never fetched."), "private"
        elif text == outbound.ERR_SCHEME:
            message, code = _("Only http and https addresses can be fetched."), "scheme"
        else:
            message, code = _("The address redirects more than %(n)d times.") % {"n": MAX_REDIRECTS}, "redirects"
        raise FetchError(message, code=code) from error
    except TimeoutError as error:
        raise FetchError(
            _("The site did not send the whole page within %(seconds)s seconds.") % {"seconds": f"{timeout:g}"},
            code="timeout",
        ) from error
    except (OSError, http.client.HTTPException, UnicodeError) as error:
        raise FetchError(
            _("The site could not be reached (%(reason)s).") % {"reason": str(error) or type(error).__name__},
            code="unreachable",
        ) from error
    if answer.status in BUSY_STATUSES and (seconds := retry_after_seconds(answer.headers.get("retry-after"))):
        hold(host_of(answer.url), seconds)
        raise FetchError(
            _("The site asked to come back in %(seconds)d seconds.") % {"seconds": seconds},
            code="busy",
            retry_after=seconds,
            status=answer.status,
        )
    if not 200 <= answer.status < 300:
        reason = http.client.responses.get(answer.status, "")
        raise FetchError(
            _("The site answered %(status)d %(reason)s.") % {"status": answer.status, "reason": reason},
            code="status",
            status=answer.status,
        )
    return Fetched(
        requested_url=url,
        final_url=answer.url,
        status=answer.status,
        content_type=answer.headers.get("content-type", "")[:200],
        body=answer.body,
        sha256=hashlib.sha256(answer.body).hexdigest(),
        fetched_at=timezone.now(),
    )


def save_page_now(url: str) -> str:
    """Ask the Internet Archive's Save Page Now to archive the page; returns the copy's URL, or "" when it did not
    say. Only when SOURCE_SNAPSHOT_ARCHIVE_ORG is on (never in tests)."""
    try:
        answer = outbound.request(
            "GET",
            f"https://web.archive.org/save/{url}",
            headers={"User-Agent": settings.SOURCE_SNAPSHOT_USER_AGENT},
            timeout=120,
            allow_private=False,
            max_bytes=64 * 1024,
        )
    except (outbound.Refused, OSError, http.client.HTTPException):
        return ""
    location = answer.headers.get("content-location") or answer.headers.get("location") or ""
    if location.startswith("/web/"):
        return f"https://web.archive.org{location}"
    return location if location.startswith("https://web.archive.org/web/") else ""
