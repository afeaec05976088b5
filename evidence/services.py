"""Copies of cited pages: taking one when a source is cited, checking the live page later, and articles made from a
page. Jobs (tasks.py) and the command call these; they never run inside a web request's transaction, except the
article from a URL, which the person asking waits for."""

import random
import time
from collections import OrderedDict, deque
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from annotations import events, permissions
from annotations import services as core
from annotations.models import (
    Article,
    Channel,
    ClaimStatus,
    LiveState,
    Snapshot,
    SnapshotKind,
    SnapshotState,
    Source,
)
from evidence import extract, fetching
from factcheck import jobs

# The job that takes a copy (evidence/tasks.py registers it under this name; services defer it by the name).
SNAPSHOT_JOB = "evidence.tasks.take_snapshot"

ERR_NOT_A_PAGE = _("The address answered with %(type)s, not a web page or a PDF.")
ERR_NOTHING_EXTRACTED = _("No article text could be found on that page.")
ERR_URL = _("Enter the full address of the page, starting with http:// or https://.")


def storage():
    return storages["snapshots"]


# Taking a copy


def on_source_cited(event: events.SourceCited) -> None:
    snapshot_request(source_id=event.source_id)


def snapshot_request(*, source_id: int) -> Snapshot:
    """Record a pending copy of the source's page and defer the job that takes it (in the caller's transaction).
    Older copies of the source stop being checked: the URL they were taken from is no longer the cited one."""
    url = Source.objects.values_list("url", flat=True).get(pk=source_id)
    Snapshot.objects.cited().filter(source_id=source_id).update(next_check_at=None)
    snapshot = Snapshot.objects.create(source_id=source_id, kind=SnapshotKind.CITED, requested_url=url)
    jobs.by_name(SNAPSHOT_JOB).defer(snapshot_id=snapshot.pk)
    return snapshot


def _store(body: bytes, sha256: str) -> str:
    # Named by content: the same bytes fetched twice are stored once.
    name = f"{sha256[:2]}/{sha256}"
    if not storage().exists(name):
        stored = storage().save(name, ContentFile(body))
        return stored
    return name


def _kept_fields(fetched: fetching.Fetched) -> dict:
    found = extract.extract(fetched.body, fetched.content_type, fetched.final_url)
    return {
        "state": SnapshotState.ARCHIVED,
        "final_url": fetched.final_url[:2000],
        "status_code": fetched.status,
        "content_type": fetched.content_type,
        "fetched_at": fetched.fetched_at,
        "sha256": fetched.sha256,
        "size": len(fetched.body),
        "file_name": _store(fetched.body, fetched.sha256),
        "title": found.title[:500],
        "text": found.text,
        "metadata": {"sitename": found.sitename, "date": found.date, "language": found.language},
        "error": "",
    }


# A cited copy that failed (the site was down, answered 500, timed out) is tried again by the periodic job after
# these many hours, then given up; `check_sources` tries every failed one at once whatever the count.
FAILED_COPY_RETRY_HOURS = (1, 3, 9, 27)


def _retry_at(snapshot: Snapshot, now):
    attempts = (snapshot.metadata or {}).get("attempts", 1)
    if snapshot.kind != SnapshotKind.CITED or attempts > len(FAILED_COPY_RETRY_HOURS):
        return None
    return now + timedelta(hours=FAILED_COPY_RETRY_HOURS[attempts - 1])


def _first_check(now):
    # Spread over the interval, so a day's new sources are not all checked again at the same minute.
    return now + timedelta(hours=settings.SOURCE_CHECK_INTERVAL_HOURS * random.uniform(0.5, 1.5))


def snapshot_take(snapshot_id: int, *, wait=time.sleep) -> Snapshot | None:
    """Fetch and keep the page of a pending copy. A site that asks to be left alone for now (429/503 with
    Retry-After) raises FetchError with `retry_after`; the job tries again then."""
    snapshot = Snapshot.objects.filter(pk=snapshot_id, state=SnapshotState.PENDING).first()
    if snapshot is None:
        return None
    try:
        fetched = fetching.fetch(snapshot.requested_url, wait=wait)
    except fetching.FetchError as error:
        if error.code == "busy":
            raise
        now = timezone.now()
        Snapshot.objects.filter(pk=snapshot.pk).update(
            state=SnapshotState.FAILED,
            error=str(error)[:500],
            status_code=error.status,
            fetched_at=now,
            next_check_at=_retry_at(snapshot, now),
        )
        return Snapshot.objects.get(pk=snapshot.pk)
    fields = _kept_fields(fetched)
    if snapshot.kind == SnapshotKind.CITED:
        fields |= {"next_check_at": _first_check(fields["fetched_at"]), "live": LiveState.UNKNOWN}
    if settings.SOURCE_SNAPSHOT_ARCHIVE_ORG:
        fields["archive_org_url"] = fetching.save_page_now(fetched.final_url)[:2000]
    Snapshot.objects.filter(pk=snapshot.pk).update(**fields)
    return Snapshot.objects.get(pk=snapshot.pk)


# Watching the live page


def _compare_with(snapshot: Snapshot) -> Snapshot:
    return snapshot.latest if snapshot.latest_id and snapshot.latest.state == SnapshotState.ARCHIVED else snapshot


def source_check(snapshot: Snapshot, *, wait=time.sleep, now=None) -> str:
    """Fetch the live page of a cited copy and record how it compares: unchanged, changed (a new copy is kept),
    gone (404/410) or unreachable. A change or a disappearance is published once (SourceDrifted)."""
    now = now or timezone.now()
    interval = timedelta(hours=settings.SOURCE_CHECK_INTERVAL_HOURS)
    next_check = max((snapshot.next_check_at or now) + interval, now + interval / 2)
    url = snapshot.final_url or snapshot.requested_url
    try:
        fetched = fetching.fetch(snapshot.requested_url, wait=wait)
    except fetching.FetchError as error:
        if error.code == "busy":
            Snapshot.objects.filter(pk=snapshot.pk).update(
                next_check_at=now + timedelta(seconds=error.retry_after or 3600)
            )
            return snapshot.live
        if error.code == "status" and error.status in fetching.GONE_STATUSES:
            if snapshot.live == LiveState.GONE:
                Snapshot.objects.filter(pk=snapshot.pk).update(checked_at=now, next_check_at=next_check)
                return LiveState.GONE
            with transaction.atomic():
                gone = Snapshot.objects.create(
                    source_id=snapshot.source_id,
                    kind=SnapshotKind.CHECK,
                    state=SnapshotState.FAILED,
                    requested_url=snapshot.requested_url,
                    final_url=url,
                    status_code=error.status,
                    fetched_at=now,
                    error=str(error)[:500],
                )
                _mark(snapshot, LiveState.GONE, now=now, next_check=next_check, latest=gone)
            return LiveState.GONE
        Snapshot.objects.filter(pk=snapshot.pk).update(
            live=LiveState.UNREACHABLE, checked_at=now, next_check_at=next_check, error=str(error)[:500]
        )
        return LiveState.UNREACHABLE
    compared = _compare_with(snapshot)
    if fetched.sha256 in (snapshot.sha256, compared.sha256):
        live = LiveState.UNCHANGED if fetched.sha256 == snapshot.sha256 else snapshot.live
        Snapshot.objects.filter(pk=snapshot.pk).update(live=live, checked_at=now, next_check_at=next_check, error="")
        return live
    found = extract.extract(fetched.body, fetched.content_type, fetched.final_url)
    if not extract.text_changed(snapshot.text, found.text):
        Snapshot.objects.filter(pk=snapshot.pk).update(
            live=LiveState.UNCHANGED, checked_at=now, next_check_at=next_check, error=""
        )
        return LiveState.UNCHANGED
    if snapshot.live == LiveState.CHANGED and not extract.text_changed(compared.text, found.text):
        Snapshot.objects.filter(pk=snapshot.pk).update(checked_at=now, next_check_at=next_check, error="")
        return LiveState.CHANGED
    with transaction.atomic():
        newer = Snapshot.objects.create(
            source_id=snapshot.source_id,
            kind=SnapshotKind.CHECK,
            requested_url=snapshot.requested_url,
            **_kept_fields(fetched),
        )
        _mark(snapshot, LiveState.CHANGED, now=now, next_check=next_check, latest=newer)
    return LiveState.CHANGED


def _mark(snapshot: Snapshot, live: str, *, now, next_check, latest: Snapshot) -> None:
    Snapshot.objects.filter(pk=snapshot.pk).update(
        live=live, checked_at=now, changed_at=now, next_check_at=next_check, latest=latest, error=""
    )
    claim_id, article_id = Source.objects.values_list("claim_id", "claim__article_id").get(pk=snapshot.source_id)
    events.publish(
        events.SourceDrifted(
            source_id=snapshot.source_id, claim_id=claim_id, article_id=article_id, snapshot_id=snapshot.pk, live=live
        )
    )


def _round_robin(snapshots: list[Snapshot]) -> list[Snapshot]:
    """One host after another, so that one worker spends the spacing a host needs on other hosts' pages."""
    by_host: OrderedDict[str, deque] = OrderedDict()
    for snapshot in snapshots:
        by_host.setdefault(fetching.host_of(snapshot.requested_url), deque()).append(snapshot)
    ordered = []
    while by_host:
        for host in list(by_host):
            ordered.append(by_host[host].popleft())
            if not by_host[host]:
                del by_host[host]
    return ordered


@dataclass
class CheckReport:
    checked: int = 0
    taken: int = 0
    counts: dict | None = None


def _current_cited():
    return Snapshot.objects.cited().filter(next_check_at__isnull=False).select_related("latest")


def sources_check(
    *, claim_id: int | None = None, due_only: bool = False, limit: int | None = None, budget_seconds=None, wait=None
) -> CheckReport:
    """Check the live pages: those of one claim's sources (any status), else those of approved claims (only the
    due ones when `due_only`). A source whose copy was never taken (or failed) gets one now."""
    wait = wait or time.sleep
    started = time.monotonic()
    report = CheckReport(counts=dict.fromkeys(LiveState.values, 0))
    sources = (
        Source.objects.filter(claim_id=claim_id)
        if claim_id
        else Source.objects.filter(claim__status=ClaimStatus.APPROVED)
    )
    if not due_only:
        # Sources without a copy to compare with: take one first.
        copied = Snapshot.objects.cited().filter(state=SnapshotState.ARCHIVED, next_check_at__isnull=False)
        for source_id in sources.exclude(pk__in=copied.values("source_id")).values_list("pk", flat=True):
            with transaction.atomic():
                snapshot = snapshot_request_now(source_id=source_id)
            snapshot_take(snapshot.pk, wait=wait)
            report.taken += 1
    else:
        report.taken += _failed_copies_retry(
            Source.objects.filter(claim_id=claim_id) if claim_id else Source.objects.all(), wait=wait
        )
    due = _current_cited().filter(source__in=sources, state=SnapshotState.ARCHIVED)
    if due_only:
        due = due.filter(next_check_at__lte=timezone.now())
    due = due.order_by("next_check_at")
    if limit:
        due = due[:limit]
    for snapshot in _round_robin(list(due)):
        if budget_seconds is not None and time.monotonic() - started > budget_seconds:
            break
        live = source_check(snapshot, wait=wait)
        report.checked += 1
        report.counts[live] += 1
    return report


def _failed_copies_retry(sources, *, wait) -> int:
    """Take again the cited copies that failed and are due (of any claim: a draft's sources are evidence too)."""
    retried = 0
    failed = _current_cited().filter(source__in=sources, state=SnapshotState.FAILED)
    for snapshot in _round_robin(list(failed.filter(next_check_at__lte=timezone.now()).order_by("next_check_at"))):
        metadata = (snapshot.metadata or {}) | {"attempts": (snapshot.metadata or {}).get("attempts", 1) + 1}
        Snapshot.objects.filter(pk=snapshot.pk).update(state=SnapshotState.PENDING, metadata=metadata)
        try:
            snapshot_take(snapshot.pk, wait=wait)
        except fetching.FetchError as error:  # busy: leave it until the site says
            Snapshot.objects.filter(pk=snapshot.pk).update(
                state=SnapshotState.FAILED,
                next_check_at=timezone.now() + timedelta(seconds=error.retry_after or 3600),
            )
        retried += 1
    return retried


def snapshot_request_now(*, source_id: int) -> Snapshot:
    """A pending copy without a job: for the command, which takes it at once."""
    url = Source.objects.values_list("url", flat=True).get(pk=source_id)
    Snapshot.objects.cited().filter(source_id=source_id).update(next_check_at=None)
    return Snapshot.objects.create(source_id=source_id, kind=SnapshotKind.CITED, requested_url=url)


# Forgetting what nobody uses

# A page fetched for "New article from URL" and never saved as an article is kept this long, then deleted.
PREVIEW_KEEP = timedelta(days=1)


def unused_copies_forget(*, now=None) -> tuple[int, int]:
    """Delete previews that never became an article, and stored files that no copy names any more (a deleted
    article's or source's copies). Files younger than a day are left: a copy may be being written. Returns the
    number of copies and of files deleted."""
    now = now or timezone.now()
    previews, _ = Snapshot.objects.filter(
        kind=SnapshotKind.ORIGIN, article__isnull=True, created__lt=now - PREVIEW_KEEP
    ).delete()
    files = 0
    store = storage()
    try:
        folders = store.listdir("")[0]
    except FileNotFoundError:  # nothing stored yet
        folders = []
    for folder in folders:
        names = [f"{folder}/{name}" for name in store.listdir(folder)[1]]
        named = set(Snapshot.objects.filter(file_name__in=names).values_list("file_name", flat=True))
        for name in names:
            if name not in named and store.get_modified_time(name) < now - PREVIEW_KEEP:
                store.delete(name)
                files += 1
    return previews, files


# Articles from a URL


def _url_checked(url: str) -> str:
    url = (url or "").strip()
    if not url.lower().startswith(("http://", "https://")) or len(url) > 2000:
        raise ValidationError({"url": ERR_URL})
    return url


def article_preview(*, url: str, user) -> Snapshot:
    """Fetch the page and extract it, keeping the copy (not yet any article's origin) for article_from_snapshot.
    Raises ValidationError on `url` with a sentence: not a web page, nothing extracted, too large, a private
    address, a timeout."""
    permissions.require(permissions.can_edit(user))
    url = _url_checked(url)
    try:
        fetched = fetching.fetch(url)
    except fetching.FetchError as error:
        raise ValidationError({"url": str(error)}) from error
    kind = extract.media_type(fetched.content_type)
    if kind not in extract.HTML_TYPES | extract.PDF_TYPES and not fetched.body.startswith(b"%PDF-"):
        raise ValidationError({"url": ERR_NOT_A_PAGE % {"type": kind or "an unnamed kind of file"}})
    fields = _kept_fields(fetched)
    if not fields["text"].strip():
        raise ValidationError({"url": ERR_NOTHING_EXTRACTED})
    return Snapshot.objects.create(kind=SnapshotKind.ORIGIN, requested_url=url, **fields)


def article_from_snapshot(*, snapshot: Snapshot, user, channel: str = Channel.UI) -> Article:
    """The article the page holds, with the copy kept as its origin."""
    meta = snapshot.metadata or {}
    try:
        published = date.fromisoformat(meta.get("date") or "")
    except ValueError:
        published = None
    with transaction.atomic():
        article = core.article_create(
            user=user,
            title=(snapshot.title or snapshot.final_url)[:300],
            body=snapshot.text,
            url=snapshot.final_url or snapshot.requested_url,
            publication=(meta.get("sitename") or "")[:200],
            published_at=published,
            language=meta.get("language") or None,
            channel=channel,
        )
        Snapshot.objects.filter(pk=snapshot.pk, article__isnull=True).update(article=article)
    return article


def article_create_from_url(*, url: str, user, channel: str = Channel.API) -> Article:
    return article_from_snapshot(snapshot=article_preview(url=url, user=user), user=user, channel=channel)
