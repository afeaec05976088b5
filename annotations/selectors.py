"""Every read a page or the API needs, with its joins done once so a list never queries per row."""

from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from pghistory.models import Events

from annotations import permissions
from annotations.models import AnchorState, Article, ArticleStatus, Claim, ClaimKind, ClaimStatus, Comment, Revision, Source


@dataclass(frozen=True, slots=True)
class ClaimItem:
    """A claim as the workspace lists and highlights it: read as plain values, labels and link made once."""

    pk: int
    start: int
    end: int
    kind: str
    status: str
    anchor_state: str
    verdict_slug: str | None
    verdict_label: str | None
    source_count: int
    quote: str  # the quote, cut to 60 characters
    url: str
    kind_label: str
    status_label: str
    anchor_label: str


_ITEM_FIELDS = ("id", "start", "end", "kind", "status", "anchor_state", "verdict__slug", "verdict__label", "exact")


def claim_items(article_id: int, *, overlapping: list[tuple[int, int]] | None = None, claim_id: int | None = None) -> list[ClaimItem]:
    """The workspace's claims of an article in text order, in one query: all of them, those sharing text with
    any of the `overlapping` ranges, or the one claim `claim_id`."""
    claims = Claim.objects.filter(article_id=article_id)
    if claim_id is not None:
        claims = claims.filter(pk=claim_id)
    if overlapping is not None:
        near = Q(pk__in=[])
        for start, end in overlapping:
            near |= Q(start__lt=end, end__gt=start)
        claims = claims.filter(near)
    sources = Source.objects.filter(claim_id=OuterRef("pk")).order_by().values("claim_id").annotate(n=Count("id")).values("n")
    rows = claims.annotate(source_count=Coalesce(Subquery(sources), 0)).order_by("start", "-end", "id").values_list(*_ITEM_FIELDS, "source_count")
    prefix, suffix = reverse("claim_detail", args=[0]).rsplit("0", 1)
    kinds, statuses, anchors = dict(ClaimKind.choices), dict(ClaimStatus.choices), dict(AnchorState.choices)
    return [
        ClaimItem(
            pk, start, end, kind, status, anchor, verdict_slug, verdict_label, source_count,
            exact if len(exact) <= 60 else exact[:59] + "…", f"{prefix}{pk}{suffix}", kinds.get(kind, kind), statuses.get(status, status), anchors.get(anchor, anchor),
        )
        for pk, start, end, kind, status, anchor, verdict_slug, verdict_label, exact, source_count in rows
    ]  # fmt: skip


def claim_counts(article_id: int) -> dict[str, int]:
    """Claims of the article per status, and `total`."""
    counts = {status: 0 for status in ClaimStatus.values}
    for row in Claim.objects.filter(article_id=article_id).values("status").annotate(n=Count("id")).order_by():
        counts[row["status"]] = row["n"]
    return counts | {"total": sum(counts.values())}


def claims_for_article(article: Article) -> list[Claim]:
    return list(
        Claim.objects.filter(article=article)
        .select_related("verdict", "created_by", "updated_by")
        .annotate(source_count=Count("sources"))
        .order_by("start", "-end", "id")
    )


def claims_with_details() -> QuerySet[Claim]:
    return Claim.objects.select_related("article", "verdict", "created_by", "updated_by", "reviewed_by").prefetch_related(
        Prefetch("sources", queryset=Source.objects.order_by("id")),
        Prefetch("comments", queryset=Comment.objects.select_related("author").order_by("created", "id")),
    )


def claim_get(pk: int) -> Claim:
    return claims_with_details().get(pk=pk)


def claims_overlapping(claim: Claim) -> list[Claim]:
    """Other claims sharing text with this one, so stacked highlights stay reachable from the card."""
    return list(
        Claim.objects.filter(article_id=claim.article_id, start__lt=claim.end, end__gt=claim.start)
        .exclude(pk=claim.pk)
        .only("id", "statement", "start", "end", "kind")
        .order_by("start", "-end", "id")
    )


# The article list's sortable columns: the ?sort= value and its order, each backed by an index.
ARTICLE_SORTS = {
    "": [F("published_at").desc(nulls_last=True), "-created", "-id"],
    "published": [F("published_at").asc(nulls_last=True), "created", "id"],
    "-updated": ["-updated", "-id"],
    "title": ["title", "id"],
}


def article_list_filtered(
    *, status: str = "", editor_id: int | None = None, date_from=None, date_to=None, sort: str = ""
) -> QuerySet[Article]:
    """Articles with their claim counts, newest publication first unless `sort` says otherwise.

    The editor filter (articles the editor created or holds claims in) is a subquery, not a join, so it neither
    repeats an article nor multiplies its counts.
    """
    articles = Article.objects.with_counts().select_related("created_by").order_by(*ARTICLE_SORTS.get(sort, ARTICLE_SORTS[""]))
    if status:
        articles = articles.filter(status=status)
    if editor_id:
        articles = articles.filter(Q(created_by_id=editor_id) | Exists(Claim.objects.filter(article=OuterRef("pk"), created_by_id=editor_id)))
    if date_from:
        articles = articles.filter(published_at__gte=date_from)
    if date_to:
        articles = articles.filter(published_at__lte=date_to)
    return articles


def _source_count():
    sources = Source.objects.filter(claim=OuterRef("pk")).order_by().values("claim").annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(sources), 0)


def review_rows() -> QuerySet[Claim]:
    return Claim.objects.select_related("article", "verdict", "created_by", "updated_by", "reviewed_by").annotate(source_count=_source_count())


def review_queue(*, article_id: int | None = None, editor_id: int | None = None, kind: str = "") -> QuerySet[Claim]:
    """Submitted claims across articles, the longest-waiting first (paged by factcheck.paging.keyset)."""
    claims = review_rows().filter(status=ClaimStatus.SUBMITTED).order_by("submitted_at", "id")
    if article_id:
        claims = claims.filter(article_id=article_id)
    if editor_id:
        claims = claims.filter(created_by_id=editor_id)
    if kind:
        claims = claims.filter(kind=kind)
    return claims


def sent_back_to(user) -> QuerySet[Claim]:
    """Claims a reviewer sent back to `user`, the latest first (from the (status, reviewed_at) index)."""
    return (
        Claim.objects.filter(status=ClaimStatus.CHANGES_REQUESTED)
        .filter(Q(created_by=user) | Q(updated_by=user))
        .select_related("article", "reviewed_by")
        .order_by("-reviewed_at", "-id")
    )


def articles_in_progress_for(user) -> QuerySet[Article]:
    """Articles `user` created or holds claims in that are not checked yet, the latest change first."""
    mine = Q(created_by=user) | Exists(Claim.objects.filter(Q(created_by=user) | Q(updated_by=user), article=OuterRef("pk")))
    return Article.objects.with_counts().filter(mine).exclude(status=ArticleStatus.CHECKED).order_by("-updated", "-id")


def revisions_of(article: Article) -> QuerySet[Revision]:
    """An article's revisions, newest first, without their texts (each holds the whole body)."""
    return article.revisions.defer("body").select_related("created_by").order_by("-number")


def revision_newest_number(article: Article) -> int | None:
    return article.revisions.order_by("-number").values_list("number", flat=True).first()


def revision_number_before(article: Article, number: int) -> int | None:
    return article.revisions.filter(number__lt=number).order_by("-number").values_list("number", flat=True).first()


def revision_bodies(article: Article, numbers: list[int]) -> dict[int, str]:
    return dict(article.revisions.filter(number__in=numbers).values_list("number", "body"))


def users_with_roles() -> QuerySet:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(Q(groups__name__in=permissions.ROLES) | Q(is_superuser=True)).distinct().order_by("username")


# History: rows written by database triggers, read back through pghistory's aggregate Events model.

HIDDEN_HISTORY_FIELDS = {"version", "updated", "created", "prefix", "suffix", "id"}


@dataclass
class HistoryEntry:
    when: object
    who: str
    action: str
    model: str
    object_id: str
    changes: list[tuple[str, object, object]]
    data: dict


def _history(*querysets) -> list[HistoryEntry]:
    from django.contrib.auth import get_user_model

    events = {e.pgh_slug: e for qs in querysets for e in qs}.values()  # one event can match several queries
    events = sorted(events, key=lambda e: (e.pgh_created_at, e.pgh_id), reverse=True)
    user_ids = {e.pgh_context.get("user") for e in events if e.pgh_context}
    names = dict(get_user_model().objects.filter(pk__in=[u for u in user_ids if u]).values_list("pk", "username"))
    entries = []
    for event in events:
        model = event.pgh_model.split(".")[-1].removesuffix("Event").lower()
        diff = event.pgh_diff or {}
        changes = [(field, before, after) for field, (before, after) in sorted(diff.items()) if field not in HIDDEN_HISTORY_FIELDS]
        if event.pgh_label == "update" and not changes:
            continue  # only bookkeeping changed (version, timestamps)
        user_id = (event.pgh_context or {}).get("user")
        entries.append(
            HistoryEntry(
                when=event.pgh_created_at,
                who=names.get(user_id, "system (database)" if not user_id else f"user {user_id}"),
                action=event.pgh_label,
                model=model,
                object_id=event.pgh_obj_id,
                changes=changes,
                data=event.pgh_data,
            )
        )
    return entries


def claim_history(claim: Claim) -> list[HistoryEntry]:
    return _history(Events.objects.references(claim))


def article_history(article: Article) -> list[HistoryEntry]:
    claims = list(Claim.objects.filter(article=article).only("id"))
    # pghistory's references() takes objects of one model per query.
    return _history(Events.objects.references(article), *([Events.objects.references(claims)] if claims else []))
