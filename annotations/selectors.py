"""Every read a page or the API needs, with its joins done once so a list never queries per row."""

import functools
import json
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from annotations import permissions
from annotations.dates import iso_day_text
from annotations.models import (
    AnchorState,
    Article,
    ArticleStatus,
    Claim,
    ClaimKind,
    ClaimStatus,
    Comment,
    CommentKind,
    Correction,
    PublishedClaim,
    Revision,
    Source,
)


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
    exact: str = ""  # the whole quote


_ITEM_FIELDS = ("id", "start", "end", "kind", "status", "anchor_state", "verdict__slug", "verdict__label", "exact")


def claim_items(
    article_id: int, *, overlapping: list[tuple[int, int]] | None = None, claim_id: int | None = None
) -> list[ClaimItem]:
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
    sources = (
        Source.objects.filter(claim_id=OuterRef("pk")).order_by().values("claim_id").annotate(n=Count("id")).values("n")
    )
    rows = (
        claims.annotate(source_count=Coalesce(Subquery(sources), 0))
        .order_by("start", "-end", "id")
        .values_list(*_ITEM_FIELDS, "source_count")
    )
    prefix, suffix = reverse("claim_detail", args=[0]).rsplit("0", 1)
    # Translated once here, not once per claim (each translation walks the catalogue's fallbacks).
    kinds, statuses, anchors = (
        {value: str(label) for value, label in choices.choices} for choices in (ClaimKind, ClaimStatus, AnchorState)
    )
    return [
        ClaimItem(
            pk, start, end, kind, status, anchor, verdict_slug, verdict_label, source_count,
            exact if len(exact) <= 60 else exact[:59] + "…", f"{prefix}{pk}{suffix}",
            kinds.get(kind, kind), statuses.get(status, status), anchors.get(anchor, anchor),
            exact,
        )
        for pk, start, end, kind, status, anchor, verdict_slug, verdict_label, exact, source_count in rows
    ]  # fmt: skip


def claim_counts(article_id: int) -> dict[str, int]:
    """Claims of the article per status, and `total`."""
    counts = dict.fromkeys(ClaimStatus.values, 0)
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
    return Claim.objects.select_related(
        "article", "verdict", "created_by", "updated_by", "reviewed_by"
    ).prefetch_related(
        Prefetch("sources", queryset=Source.with_snapshots(Source.objects.order_by("id"))),
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
    *,
    status: str = "",
    editor_id: int | None = None,
    date_from=None,
    date_to=None,
    sort: str = "",
    assignee_id: int | None = None,
    reviewer_id: int | None = None,
) -> QuerySet[Article]:
    """Articles with their claim counts, newest publication first unless `sort` says otherwise.

    The editor filter (articles the editor created or holds claims in) is a subquery, not a join, so it neither
    repeats an article nor multiplies its counts.
    """
    articles = (
        Article.objects.with_counts()
        .select_related("created_by", "assignee", "reviewer")
        .order_by(*ARTICLE_SORTS.get(sort, ARTICLE_SORTS[""]))
    )
    if status:
        articles = articles.filter(status=status)
    if editor_id:
        articles = articles.filter(
            Q(created_by_id=editor_id) | Exists(Claim.objects.filter(article=OuterRef("pk"), created_by_id=editor_id))
        )
    if assignee_id:
        articles = articles.filter(assignee_id=assignee_id)
    if reviewer_id:
        articles = articles.filter(reviewer_id=reviewer_id)
    if date_from:
        articles = articles.filter(published_at__gte=date_from)
    if date_to:
        articles = articles.filter(published_at__lte=date_to)
    return articles


def _source_count():
    sources = (
        Source.objects.filter(claim=OuterRef("pk")).order_by().values("claim").annotate(n=Count("pk")).values("n")[:1]
    )
    return Coalesce(Subquery(sources), 0)


def review_rows() -> QuerySet[Claim]:
    """Queue rows with all a reviewer decides on: the article, the claim, verdict, rationale and sources, and what
    readers saw of it when it is published (approving a change to it is a correction)."""
    return (
        Claim.objects.select_related("article", "verdict", "created_by", "updated_by", "reviewed_by", "published")
        .annotate(source_count=_source_count())
        .prefetch_related(
            Prefetch(
                "sources", queryset=Source.objects.order_by("id").only("id", "claim_id", "url", "title", "publisher")
            )
        )
    )


def review_queue(
    *, article_id: int | None = None, editor_id: int | None = None, kind: str = "", reviewer_id: int | None = None
) -> QuerySet[Claim]:
    """Submitted claims across articles, the longest-waiting first (paged by factcheck.paging.keyset)."""
    claims = review_rows().filter(status=ClaimStatus.SUBMITTED).order_by("submitted_at", "id")
    if article_id:
        claims = claims.filter(article_id=article_id)
    if editor_id:
        claims = claims.filter(created_by_id=editor_id)
    if kind:
        claims = claims.filter(kind=kind)
    if reviewer_id:
        claims = claims.filter(article__reviewer_id=reviewer_id)
    return claims


# My work: bounded panels for the start page, each with its total so the page can link to "more".

MY_WORK_LIMIT = 10
# Totals are counted up to here ("100+"): a bounded count reads at most this many rows, however big the archive.
MY_WORK_COUNT_CAP = 100
# Articles assigned to me, in the order an editor attends to them.
STATUS_ORDER = [ArticleStatus.CHANGES_REQUESTED, ArticleStatus.IN_PROGRESS, ArticleStatus.NEW, ArticleStatus.IN_REVIEW]


@dataclass
class Panel:
    items: list
    total: int
    more: bool = False
    groups: list = None
    capped: bool = False  # more rows than `total` exist

    @property
    def count(self) -> int:  # as factcheck.paging.Pager, for the `pager_label` tag
        return self.total


def _status_rank():
    return Case(
        *[When(status=status, then=Value(i)) for i, status in enumerate(STATUS_ORDER)],
        default=Value(len(STATUS_ORDER)),
        output_field=IntegerField(),
    )


def assigned_articles(user) -> QuerySet[Article]:
    return Article.objects.filter(assignee=user, status__in=STATUS_ORDER)  # every status but "checked"


def _sent_back_rows() -> QuerySet[Claim]:
    last_request = (
        Comment.objects.filter(claim=OuterRef("pk"), kind=CommentKind.CHANGES_REQUESTED)
        .order_by("-created", "-id")
        .values("text")[:1]
    )
    return (
        Claim.objects.filter(status=ClaimStatus.CHANGES_REQUESTED)
        .annotate(request_comment=Subquery(last_request))
        .select_related("article", "reviewed_by")
        .order_by("-reviewed_at", "-id")
    )


def sent_back_claims(user) -> QuerySet[Claim]:
    """Claims sent back that are mine: I wrote or last changed them, or I am the article's editor."""
    return _sent_back_rows().filter(Q(created_by=user) | Q(updated_by=user) | Q(article__assignee=user))


def _sent_back_newest(user, n: int) -> list[int]:
    """Ids of the newest `n` claims of sent_back_claims(user), newest first.

    One OR over three columns (one of them the article's) would make PostgreSQL read every claim sent back to
    anyone; each side alone is the start of an index in the panel's order ((created_by, status, reviewed_at),
    (updated_by, status, reviewed_at), or the assigned articles' claims), so three bounded reads and a merge."""
    sent_back = Claim.objects.filter(status=ClaimStatus.CHANGES_REQUESTED).order_by("-reviewed_at", "-id")
    newest: dict[int, object] = {}
    for side in (Q(created_by=user), Q(updated_by=user), Q(article__assignee=user)):
        newest.update((pk, at) for at, pk in sent_back.filter(side).values_list("reviewed_at", "id")[:n])
    # As ORDER BY reviewed_at DESC sorts: a claim never reviewed (none should be) first.
    return sorted(newest, key=lambda pk: (newest[pk] is None, newest[pk] or 0, pk), reverse=True)[:n]


def _assigned_first(user, n: int) -> list[int]:
    """Ids of the first `n` articles of the assigned panel: by status in STATUS_ORDER, each status newest change
    first, read from the (assignee, status, updated) index one status at a time, so an editor with thousands of
    open articles costs what one with ten does."""
    ids: list[int] = []
    for status in STATUS_ORDER:
        if len(ids) >= n:
            break
        ids += (
            Article.objects.filter(assignee=user, status=status)
            .order_by("-updated", "-id")
            .values_list("id", flat=True)[: n - len(ids)]
        )
    return ids


def _reviews_newest(user, n: int) -> list[int]:
    """Ids of the first `n` claims of reviews_waiting_for(user), in its order: on articles I review (each a
    bounded read of my articles' claims), then on articles without a reviewer (the queue's index, in order)."""
    waiting = (
        Claim.objects.filter(status=ClaimStatus.SUBMITTED)
        .exclude(created_by=user)
        .exclude(updated_by=user)
        .order_by("submitted_at", "id")
    )
    mine = list(waiting.filter(article__reviewer=user).values_list("id", flat=True)[:n])
    unassigned = list(waiting.filter(article__reviewer__isnull=True).values_list("id", flat=True)[:n])
    return (mine + unassigned)[:n]


def reviews_waiting_for(user) -> QuerySet[Claim]:
    """Submitted claims I may approve: on articles I review first, then on articles without a reviewer."""
    return (
        Claim.objects.filter(status=ClaimStatus.SUBMITTED)
        .filter(Q(article__reviewer=user) | Q(article__reviewer__isnull=True))
        .exclude(created_by=user)
        .exclude(updated_by=user)
        .annotate(
            assigned_first=Case(
                When(article__reviewer=user, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
        .select_related("article", "updated_by")
        .order_by("assigned_first", "submitted_at", "id")
    )


def _panel(ids: list[int], rows: QuerySet, *, limit: int, cap: int, **extra) -> Panel:
    """A panel from the first cap + 1 ids of its list: their number is the total (up to `cap`), and only the
    first `limit` rows are read."""
    shown = set(ids[:limit])
    items = list(rows.filter(pk__in=shown)) if shown else []
    return Panel(items=items, total=min(len(ids), cap), capped=len(ids) > cap, more=len(ids) > limit, **extra)


def review_count_for(user, *, cap: int = MY_WORK_COUNT_CAP) -> Panel:
    """The navigation's count of claims waiting for this reviewer, counted up to `cap` ("100+")."""
    if not permissions.can_review(user):
        return Panel(items=[], total=0)
    ids = _reviews_newest(user, cap + 1)
    return Panel(items=[], total=min(len(ids), cap), capped=len(ids) > cap)


def my_work(user, *, limit: int = MY_WORK_LIMIT, cap: int = MY_WORK_COUNT_CAP) -> dict[str, Panel]:
    """The start page: my assigned articles by status, claims sent back to me, claims waiting for my review.

    Each panel shows `limit` rows and a total counted up to `cap`; every total is counted always, not only when
    its panel overflows, so the page costs the same whatever the numbers."""
    assigned = _panel(
        _assigned_first(user, cap + 1),
        assigned_articles(user).with_counts().annotate(rank=_status_rank()).order_by("rank", "-updated", "-id"),
        limit=limit,
        cap=cap,
        groups=[],
    )
    for article in assigned.items:
        if not assigned.groups or assigned.groups[-1]["status"] != article.status:
            assigned.groups.append({"status": article.status, "label": article.get_status_display(), "articles": []})
        assigned.groups[-1]["articles"].append(article)
    panels = {
        "assigned": assigned,
        "sent_back": _panel(_sent_back_newest(user, cap + 1), _sent_back_rows(), limit=limit, cap=cap),
        "reviews": Panel(items=[], total=0),
    }
    if permissions.can_review(user):
        reviews = reviews_waiting_for(user)
        panels["reviews"] = _panel(_reviews_newest(user, cap + 1), reviews, limit=limit, cap=cap)
    return panels


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

    return (
        get_user_model()
        .objects.filter(Q(groups__name__in=permissions.ROLES) | Q(is_superuser=True))
        .distinct()
        .order_by("username")
    )


# History: rows written by database triggers, read back through pghistory's aggregate Events model, and told as
# sentences (annotations.history_text) with the changed fields before and after.


@dataclass
class HistoryEntry:
    when: object
    who: str
    action: str
    model: str
    object_id: str
    sentence: str
    changes: list[tuple[str, str, str]]
    kind: str = ""


USER_COLUMNS = ("assignee_id", "reviewer_id", "reviewed_by_id", "signed_off_by_id")


def _history(*querysets) -> list[HistoryEntry]:
    from django.contrib.auth import get_user_model
    from django.utils.translation import gettext

    from annotations import history_text
    from annotations.models import RATING_LABELS, AnchorState, ClaimKind, Rating

    events = {e.pgh_slug: e for qs in querysets for e in qs}.values()  # one event can match several queries
    events = sorted(events, key=lambda e: (e.pgh_created_at, e.pgh_id), reverse=True)
    user_ids, rating_ids, claim_ids = set(), set(), set()
    quotes = {}
    for e in events:
        user_ids.add((e.pgh_context or {}).get("user"))
        data, diff = e.pgh_data or {}, e.pgh_diff or {}
        for column in USER_COLUMNS:
            user_ids.add(data.get(column))
            user_ids.update(diff.get(column, ()))
        rating_ids.add(data.get("verdict_id"))
        rating_ids.update(diff.get("verdict_id", ()))
        if e.pgh_model.endswith("ClaimEvent"):
            quotes.setdefault(data.get("id"), data.get("exact", ""))
        elif data.get("claim_id"):
            claim_ids.add(data["claim_id"])
    missing = claim_ids - set(quotes)
    quotes |= dict(Claim.objects.filter(pk__in=missing).values_list("pk", "exact")) if missing else {}
    names = history_text.Names(
        users=dict(get_user_model().objects.filter(pk__in=[u for u in user_ids if u]).values_list("pk", "username")),
        ratings={
            pk: str(RATING_LABELS.get(label, label))  # as Rating.display_label: the shipped scale is translated
            for pk, label in Rating.objects.filter(pk__in=[r for r in rating_ids if r]).values_list("pk", "label")
        },
        claims=quotes,
        choices={
            "status": {**dict(ArticleStatus.choices), **dict(ClaimStatus.choices)},
            "kind": {k: str(v).lower() for k, v in ClaimKind.choices},
            "anchor_state": dict(AnchorState.choices),
        },
        format_date=iso_day_text,
    )
    entries = []
    for event in events:
        model = event.pgh_model.split(".")[-1].removesuffix("Event").lower()
        user_id = (event.pgh_context or {}).get("user")
        who = names.users.get(user_id) or (gettext("the system") if not user_id else f"#{user_id}")
        sentence = history_text.describe(
            model=model, action=event.pgh_label, who=who, data=event.pgh_data or {}, diff=event.pgh_diff, names=names
        )
        if sentence is None:
            continue  # only bookkeeping changed (version, timestamps)
        entries.append(
            HistoryEntry(
                when=event.pgh_created_at,
                who=who,
                action=event.pgh_label,
                model=model,
                object_id=event.pgh_obj_id,
                sentence=_sentence_html(sentence, gettext),
                changes=[
                    (gettext(c.label), _typed_html(c.before, c.typed), _typed_html(c.after, c.typed))
                    for c in sentence.changes
                ],
                kind=sentence.kind,
            )
        )
    return entries


def _typed_html(value: str, typed: bool = True):
    """What people typed keeps its own direction inside a sentence or cell of the other direction (<bdi>)."""
    from django.utils.html import conditional_escape, format_html

    return format_html("<bdi>{}</bdi>", value) if typed and value not in ("", "—") else conditional_escape(value)


def _sentence_html(sentence, gettext):
    """The translated sentence as safe HTML: the template escaped, each parameter escaped, typed ones in <bdi>."""
    from django.utils.html import conditional_escape
    from django.utils.safestring import mark_safe

    from annotations.history_text import TYPED_PARAMS

    params = {key: _typed_html(value, key in TYPED_PARAMS) for key, value in sentence.params.items()}
    return mark_safe(conditional_escape(gettext(sentence.template)) % params)


def claim_history(claim: Claim) -> list[HistoryEntry]:
    """Every recorded change of a claim as sentences (its history page reads them a page at a time)."""
    events = HistoryEvents(claim)
    return _history(events[: len(events)])


CARD_HISTORY = 10  # changes shown on a claim's card; the claim's history page has all of them


@dataclass
class _Event:
    """One history row as pghistory's aggregate Events model gives it, for _history()."""

    pgh_slug: str
    pgh_model: str
    pgh_id: int
    pgh_created_at: object
    pgh_label: str
    pgh_obj_id: str
    pgh_context: dict | None
    pgh_data: dict
    pgh_diff: dict | None


@functools.cache  # the same two texts for every claim (or article): built once per process
def _events_sql(target: type) -> tuple[str, str]:
    """The recorded changes that reference a claim (its own events, its sources', its comments'), or an article (its
    own, its revisions', and those of its claims and of what references them), as two SQL texts over every event
    table: one reading the newest `%(limit)s` rows of each table with the row before each of the same object as JSON,
    one counting the rows. The parameters are `%(pk)s` (the claim's or the article's id) and `%(limit)s`."""
    from pghistory import core
    from pghistory import utils as pgh_utils
    from pghistory.models import Context

    claims_of_article = f'SELECT "id" FROM "{Claim._meta.db_table}" WHERE "article_id" = %(pk)s'
    targets = {Claim: "= %(pk)s"} if target is Claim else {Article: "= %(pk)s", Claim: f"IN ({claims_of_article})"}
    models = {m for referenced in targets for m in core.event_models(references_model=referenced)}
    reads, counts = [], []
    for model in sorted(models, key=lambda m: m._meta.db_table):
        table = model._meta.db_table
        where = " OR ".join(
            f'e."{f.column}" {targets[pgh_utils.related_model(f)]}'
            for f in model._meta.fields
            if pgh_utils.related_model(f) in targets
        )
        reads.append(f"""(
            SELECT '{model._meta.app_label}.{model.__name__}', e.pgh_id, e.pgh_created_at, e.pgh_label,
                   e.pgh_obj_id::text, ctx.metadata, to_jsonb(e),
                   (SELECT to_jsonb(p) FROM "{table}" p WHERE p.pgh_obj_id = e.pgh_obj_id AND p.pgh_id < e.pgh_id
                    ORDER BY p.pgh_id DESC LIMIT 1)
            FROM "{table}" e LEFT JOIN "{Context._meta.db_table}" ctx ON ctx.id = e.pgh_context_id
            WHERE {where} ORDER BY e.pgh_created_at DESC, e.pgh_id DESC LIMIT %(limit)s)""")
        counts.append(f'(SELECT count(*) FROM "{table}" e WHERE {where})')
    return " UNION ALL ".join(reads), "SELECT " + " + ".join(counts)


class HistoryEvents:
    """The recorded changes of a claim or an article, newest first, as a sequence that reads only what is asked for:
    `len()` counts them (one indexed count per event table) and a slice reads, from each event table, the newest rows
    up to the slice's end. A history page therefore costs what its position costs, not what the whole history
    does (an article edited for years has thousands of events). Turn a slice into entries with `history_entries`.

    pghistory's Events model works out each event's changes against the row before it in one large query that
    reads every event of every referenced object; here each event table gives its rows with the row before each,
    and the changes are compared in Python the same way (the keys whose values differ from the previous row's)."""

    def __init__(self, target: Claim | Article):
        self.pk = target.pk
        self.read_sql, self.count_sql = _events_sql(type(target))

    def __len__(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(self.count_sql, {"pk": self.pk})
            return cursor.fetchone()[0]

    def __getitem__(self, index: slice) -> list:
        if not isinstance(index, slice) or index.stop is None or index.step not in (None, 1):
            raise TypeError("HistoryEvents reads bounded slices only")
        start = index.start or 0
        if index.stop <= start:
            return []
        with connection.cursor() as cursor:
            cursor.execute(self.read_sql, {"pk": self.pk, "limit": index.stop})
            rows = cursor.fetchall()
        events = sorted((_event(row) for row in rows), key=lambda e: (e.pgh_created_at, e.pgh_id), reverse=True)
        return events[start : index.stop]


def _event(row) -> _Event:
    model, pgh_id, created, label, obj_id, context, current, previous = (
        json.loads(v) if i >= 5 and isinstance(v, str) else v for i, v in enumerate(row)
    )
    data = {k: v for k, v in current.items() if not k.startswith("pgh_")}
    diff = None
    if previous is not None:
        diff = {k: [previous[k], v] for k, v in data.items() if k in previous and previous[k] != v} or None
    return _Event(f"{model}:{pgh_id}", model, pgh_id, created, label, obj_id, context, data, diff)


def claim_history_latest(claim: Claim, n: int = CARD_HISTORY) -> tuple[list[HistoryEntry], bool]:
    """The claim's latest `n` recorded changes (of it, its sources and comments), and whether there are older
    ones (its history page shows every one). The card is sent again with every save, so this is bounded by n."""
    events = HistoryEvents(claim)[: n + 1]
    return _history(events[:n]), len(events) > n


def history_entries(events: list) -> list[HistoryEntry]:
    """A slice of `HistoryEvents` as the sentences people read (bookkeeping-only changes left out)."""
    return _history(events)


# Publication: what readers may see. Only PublishedClaim rows (claims of signed-off articles, as approved) and the
# article's public facts; never drafts, comments, internal notes or who did what.


@dataclass(frozen=True)
class PublicArticle:
    """An article's public facts, for feeds and the embed (no body: the CMS has the text)."""

    pk: int
    title: str
    external_id: str | None
    language: str
    url: str
    published_at: object  # a date, or None
    publication: str


_PUBLIC_ARTICLE_FIELDS = ("id", "title", "external_id", "language", "url", "published_at", "publication")


def published_claims(*, article: Article | int | None = None, modified_since=None) -> QuerySet[PublishedClaim]:
    """Published claims: one article's in text order, or all of them newest change first (keyset on
    (modified_at, id), index publishedclaim_modified); `modified_since` keeps those changed at or after then."""
    claims = PublishedClaim.objects.all()
    if article is not None:
        claims = claims.filter(article_id=getattr(article, "pk", article)).order_by("start", "-end", "id")
    else:
        claims = claims.order_by("-modified_at", "-id")
    if modified_since is not None:
        claims = claims.filter(modified_at__gte=modified_since)
    return claims


def published_claim_of(claim_id: int) -> PublishedClaim | None:
    return PublishedClaim.objects.filter(claim_id=claim_id).first()


def published_claims_after(*, modified_at=None, pk: int | None = None, limit: int = 100) -> list[PublishedClaim]:
    """The next `limit` published claims, newest change first, after the row (modified_at, pk) a page ended on; the
    first page when it is None. Costs the same on page 1 and page 1,000 (a feed of 100,000 articles)."""
    claims = published_claims()
    if modified_at is not None:
        # The first condition is redundant but bounds the index scan (publishedclaim_modified) at the cursor: with
        # the OR alone PostgreSQL read the index from its start and filtered, 472,409 rows (1.1 s) for a page
        # half-way down 945,000 published claims.
        claims = claims.filter(
            Q(modified_at__lte=modified_at), Q(modified_at__lt=modified_at) | Q(modified_at=modified_at, id__lt=pk)
        )
    return list(claims[:limit])


def public_articles(article_ids) -> dict[int, PublicArticle]:
    """The public facts of these articles, by id, in one query (only articles with published claims)."""
    rows = Article.objects.filter(pk__in=set(article_ids), published_claims__isnull=False).distinct()
    return {row[0]: PublicArticle(*row) for row in rows.values_list(*_PUBLIC_ARTICLE_FIELDS)}


def public_article(*, pk: int | None = None, external_id: str | None = None, url: str | None = None):
    """One published article's public facts by id, CMS id or address; None when there is no such article or none
    of its claims is published (nothing is shown for it)."""
    lookup = {"pk": pk} if pk is not None else {"external_id": external_id} if external_id else {"url": url}
    if not any(lookup.values()) and pk is None:
        return None
    row = Article.objects.filter(**lookup, published_claims__isnull=False).values_list(*_PUBLIC_ARTICLE_FIELDS).first()
    return PublicArticle(*row) if row else None


def public_last_modified():
    """When anything public last changed (for Last-Modified / ETag): the newest published claim's change."""
    return PublishedClaim.objects.order_by("-modified_at", "-id").values_list("modified_at", flat=True).first()


def corrections(*, article_id: int | None = None, claim_id: int | None = None, since=None, until=None):
    """Corrections newest first (indexes correction_newest, correction_article, correction_claim), with the article
    and the claim's published copy joined: what a list shows costs one query. `since`/`until`: days, inclusive."""
    rows = Correction.objects.select_related("article", "claim__published", "created_by").order_by("-created", "-id")
    if article_id is not None:
        rows = rows.filter(article_id=article_id)
    if claim_id is not None:
        rows = rows.filter(claim_id=claim_id)
    # As ranges of the column itself (not created::date), so the index still orders and bounds the scan.
    if since is not None:
        rows = rows.filter(created__gte=_day_start(since))
    if until is not None:
        rows = rows.filter(created__lt=_day_start(until + timedelta(days=1)))
    return rows


def _day_start(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))
