"""The reads behind the API: each list or detail is a fixed number of queries, however many rows."""

from datetime import date, datetime, time, timedelta

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from annotations.models import Article, Claim, Comment, Source


def articles(filters: dict | None = None) -> QuerySet[Article]:
    """Articles newest change first; `filters` as ArticleFilterSerializer validates them."""
    found = (
        Article.objects.with_counts()
        .select_related("signed_off_by", "assignee", "reviewer")
        .order_by("-updated", "-id")
    )
    filters = filters or {}
    if "status" in filters:
        found = found.filter(status=filters["status"])
    if "updated_since" in filters:
        found = found.filter(updated__gte=filters["updated_since"])
    if "external_id" in filters:
        found = found.filter(external_id=filters["external_id"])
    if "assignee" in filters:
        found = found.filter(assignee__username=filters["assignee"])
    if "reviewer" in filters:
        found = found.filter(reviewer__username=filters["reviewer"])
    for word in filters.get("search", "").split():
        found = found.filter(title__icontains=word)
    return found


def claims() -> QuerySet[Claim]:
    return (
        Claim.objects.select_related("verdict", "created_by", "updated_by", "reviewed_by")
        .prefetch_related(Prefetch("sources", queryset=Source.with_snapshots(Source.objects.order_by("id"))))
        .order_by("start", "-end", "id")
    )


def claims_for_export(article_id: int) -> list[Claim]:
    return list(claims().filter(article_id=article_id))


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def claims_created_between(since=None, until=None) -> QuerySet[Claim]:
    """Claims of every article for the CSV export, by the day they were created (both ends included), oldest
    first. The days become a range of `created` (from the start of `since` to before the start of the day after
    `until`, in the newsroom's time zone), which the (created, id) index serves without casting every row."""
    found = claims().select_related("article").order_by("created", "id")
    start, end = created_bounds(since, until)
    if start:
        found = found.filter(created__gte=start)
    if end:
        found = found.filter(created__lt=end)
    return found


def created_bounds(since=None, until=None) -> tuple:
    """The days `since` and `until` (both included, either may be None) as a range of times: (start, end)."""
    start = _start_of(since) if since else None
    # The last day there is: no end (the day after it would overflow).
    end = _start_of(until + timedelta(days=1)) if until and until < date.max else None
    return start, end


def comments(claim_id: int) -> QuerySet[Comment]:
    return Comment.objects.filter(claim_id=claim_id).select_related("author").order_by("created", "id")
