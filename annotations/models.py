import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ClaimKind(models.TextChoices):
    FACTUAL = "factual", _("Factual claim")
    NUMBER = "number", _("Number")
    QUOTE = "quote", _("Quote attribution")
    NAME = "name", _("Name or spelling")


class ClaimStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    APPROVED = "approved", _("Approved")


class AnchorState(models.TextChoices):
    EXACT = "exact", _("Exact")
    MOVED = "moved", _("Moved")
    FUZZY = "fuzzy", _("Fuzzy")
    ORPHANED = "orphaned", _("Orphaned")


class ArticleStatus(models.TextChoices):
    NEW = "new", _("New")
    IN_PROGRESS = "in_progress", _("In progress")
    IN_REVIEW = "in_review", _("In review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    CHECKED = "checked", _("Checked")


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent(), append_only=True)
class Rating(models.Model):
    """One step of the newsroom's rating scale; kept in the database so the admin can edit it."""

    slug = models.SlugField(unique=True)
    label = models.CharField(max_length=60)
    # 5 (best) .. 1 (worst) for ClaimReview export; empty for verdicts without a place on the scale.
    value = models.PositiveSmallIntegerField(null=True, blank=True)
    description = models.CharField(max_length=300, blank=True)
    # Empty means the rating applies to every kind of claim.
    kinds = models.JSONField(
        default=list, blank=True, help_text="Claim kinds this rating is offered for; empty for all."
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.label

    @property
    def display_label(self) -> str:
        """The label in the interface's language: the scale the project ships is translated, a rating the
        newsroom added itself is shown as typed. Exports and the API keep `label`."""
        return str(RATING_LABELS.get(self.label, self.label))


RATING_LABELS = {
    "True": pgettext_lazy("verdict", "True"),
    "Mostly true": pgettext_lazy("verdict", "Mostly true"),
    "Mixed": pgettext_lazy("verdict", "Mixed"),
    "Mostly false": pgettext_lazy("verdict", "Mostly false"),
    "False": pgettext_lazy("verdict", "False"),
    "Unverifiable": pgettext_lazy("verdict", "Unverifiable"),
    "Incorrect": pgettext_lazy("verdict", "Incorrect"),
}


def _claims_in(status: str | None = None):
    """How many claims the outer article has (in `status`): one index-only scan of (article, status) per row."""
    claims = Claim.objects.filter(article=models.OuterRef("pk"))
    if status:
        claims = claims.filter(status=status)
    return models.Subquery(claims.order_by().values("article").annotate(n=Count("pk")).values("n")[:1])


class ArticleQuerySet(models.QuerySet):
    def with_counts(self):
        """Claims per state, for lists and progress bars, in the same query.

        Subqueries rather than a join with GROUP BY: PostgreSQL evaluates them only for the rows a page shows
        (after ORDER BY ... LIMIT), each from the (article, status) index, and no filter can multiply them.
        """
        return self.annotate(
            claim_count=Coalesce(_claims_in(), 0),
            draft_count=Coalesce(_claims_in(ClaimStatus.DRAFT), 0),
            submitted_count=Coalesce(_claims_in(ClaimStatus.SUBMITTED), 0),
            changes_requested_count=Coalesce(_claims_in(ClaimStatus.CHANGES_REQUESTED), 0),
            approved_count=Coalesce(_claims_in(ClaimStatus.APPROVED), 0),
        )

    def with_origin_copy(self):
        """The copy of the page an article was made from ("New article from URL"), if any: its id and date."""
        origin = Snapshot.objects.filter(
            article=models.OuterRef("pk"), kind=SnapshotKind.ORIGIN, state=SnapshotState.ARCHIVED
        ).order_by("-id")
        return self.annotate(
            origin_copy_id=models.Subquery(origin.values("pk")[:1]),
            origin_copy_at=models.Subquery(origin.values("fetched_at")[:1]),
        )


# Every insert, update and delete is written to an append-only event table by a PostgreSQL trigger, so a
# change made from a shell or a bulk update is recorded as well as one made in the app.
HISTORY = dict(append_only=True)


def history_indexes(name: str, *, by: str = "pgh_obj") -> dict:
    """The indexes a claim's history reads (annotations.selectors): the newest events that reference it, in order,
    and for each the one before it of the same object. Without them, every claim save sorted all of the claim's
    events, once for the card and once per event shown."""
    return dict(
        meta={
            "indexes": [
                models.Index(fields=[by, "-pgh_created_at", "-pgh_id"], name=f"{name}_newest"),
                models.Index(fields=["pgh_obj", "pgh_id"], name=f"{name}_previous"),
            ]
        }
    )


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent(), **HISTORY)
class Article(models.Model):
    title = models.CharField(max_length=300)
    url = models.URLField(max_length=2000, blank=True)
    publication = models.CharField(max_length=200, blank=True)
    published_at = models.DateField(null=True, blank=True)
    body = models.TextField()
    language = models.CharField(
        max_length=16, blank=True, help_text="BCP-47 code of the text's language; detected when blank."
    )
    external_id = models.CharField(
        max_length=200, unique=True, null=True, blank=True, help_text="The CMS's own id for the article."
    )
    status = models.CharField(max_length=20, choices=ArticleStatus, default=ArticleStatus.NEW)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    # Who works on it: the assigned editor and the assigned reviewer (article_assign; the history records changes).
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="editor",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        # Newest publication first (articles without a date last), then newest entered; the id keeps it stable.
        ordering = [F("published_at").desc(nulls_last=True), "-created", "-id"]
        indexes = [
            # Every order and filter of the article lists and the API (tests/test_scale_queries.py).
            models.Index(
                F("published_at").desc(nulls_last=True), F("created").desc(), F("id").desc(), name="article_newest"
            ),
            models.Index(
                F("status"),
                F("published_at").desc(nulls_last=True),
                F("created").desc(),
                F("id").desc(),
                name="article_status_newest",
            ),
            models.Index(F("published_at").asc(nulls_last=True), F("created"), F("id"), name="article_oldest"),
            models.Index(fields=["-updated", "-id"], name="article_updated"),
            models.Index(fields=["status", "-updated", "-id"], name="article_status_updated"),
            models.Index(fields=["title", "id"], name="article_title"),
            # My work's assigned panel reads each status newest change first; also the list's ?assignee= filter.
            models.Index(fields=["assignee", "status", "-updated", "-id"], name="article_assignee_updated"),
            models.Index(fields=["reviewer", "status"], name="article_reviewer_status"),
        ]

    def __str__(self):
        return self.title


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    **HISTORY,
    **history_indexes("claimevent"),
)
class Claim(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="claims")
    # Code point offsets into article.body (Python string indices), and the W3C TextQuoteSelector.
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    exact = models.TextField()
    prefix = models.CharField(max_length=32, blank=True)
    suffix = models.CharField(max_length=32, blank=True)
    anchor_state = models.CharField(max_length=10, choices=AnchorState, default=AnchorState.EXACT)
    # The quote as first selected, kept when a revision moves the claim onto edited text (a fuzzy match).
    original_exact = models.TextField(blank=True)

    statement = models.TextField("claim statement", help_text="What the text asserts, as the fact-check states it.")
    claimant = models.CharField(max_length=200, blank=True, help_text="Who said it.")
    kind = models.CharField(max_length=10, choices=ClaimKind, default=ClaimKind.FACTUAL)
    verdict = models.ForeignKey(Rating, on_delete=models.PROTECT, null=True, blank=True, related_name="claims")
    rationale = models.TextField(blank=True)
    correction = models.TextField(blank=True, help_text="The right text, where the article is simply wrong.")
    status = models.CharField(max_length=20, choices=ClaimStatus, default=ClaimStatus.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["start", "-end", "id"]
        indexes = [
            # Counts per article and state, the review queue's keyset order, "sent back to you", CSV by date.
            models.Index(fields=["article", "status"], name="claim_article_status"),
            models.Index(fields=["article", "created_by"], name="claim_article_creator"),  # the editor filter
            models.Index(fields=["status", "submitted_at", "id"], name="claim_queue"),
            models.Index(fields=["status", "-reviewed_at", "-id"], name="claim_status_reviewed"),
            models.Index(fields=["created", "id"], name="claim_created"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="claim_span_not_empty"),
        ]

    def __str__(self):
        return self.statement[:80]


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    **HISTORY,
    **history_indexes("sourceevent", by="claim"),
)
class Source(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="sources")
    url = models.URLField(max_length=2000)
    title = models.CharField(max_length=300, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    excerpt = models.TextField("quoted excerpt", blank=True)
    accessed_at = models.DateField("date accessed", null=True, blank=True)
    archive_url = models.URLField("archive URL", max_length=2000, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.title or self.url

    @property
    def current_snapshot(self):
        """The copy of the page as cited (the newest, after a URL change); None until one was asked for. Selectors
        prefetch it as `cited_snapshots` (Source.with_snapshots), so a list asks no query per source."""
        cited = getattr(self, "cited_snapshots", None)
        if cited is None:
            cited = list(self.snapshots.filter(kind="cited").order_by("-id")[:1])
        return cited[0] if cited else None

    @staticmethod
    def with_snapshots(queryset):
        return queryset.prefetch_related(
            models.Prefetch(
                "snapshots", queryset=Snapshot.objects.filter(kind="cited").order_by("-id"), to_attr="cited_snapshots"
            )
        )


class CommentKind(models.TextChoices):
    COMMENT = "comment", _("Comment")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    REOPENED = "reopened", _("Reopened")


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    **HISTORY,
    **history_indexes("commentevent", by="claim"),
)
class Comment(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=CommentKind, default=CommentKind.COMMENT)
    text = models.TextField()
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "id"]
        # A claim's comments in the API's order, and the newest send-back note for the My work panel.
        indexes = [models.Index(fields=["claim", "created", "id"], name="comment_claim_created")]

    def __str__(self):
        return self.text[:80]


class Channel(models.TextChoices):
    UI = "ui", _("Web interface")
    API = "api", _("API")
    CMS = "cms", _("CMS sync")


class Revision(models.Model):
    """The full text of an article each time its body changed, with who changed it and through what."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    body = models.TextField()
    channel = models.CharField(max_length=10, choices=Channel, default=Channel.UI)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    # How the claims fared when this revision re-anchored them: {"exact": n, "moved": n, "fuzzy": n, "orphaned": n}.
    anchoring = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["article", "number"]
        constraints = [models.UniqueConstraint(fields=["article", "number"], name="revision_number_unique")]

    def __str__(self):
        return f"{self.article} r{self.number}"


class SnapshotKind(models.TextChoices):
    CITED = "cited", _("Copy taken when the source was cited")
    CHECK = "check", _("Copy taken when the live page changed")
    ORIGIN = "origin", _("Copy of the page an article was made from")


class SnapshotState(models.TextChoices):
    PENDING = "pending", _("Pending")
    ARCHIVED = "archived", _("Archived")
    FAILED = "failed", _("Failed")


class LiveState(models.TextChoices):
    UNKNOWN = "unknown", _("not checked yet")
    UNCHANGED = "unchanged", _("unchanged")
    CHANGED = "changed", _("changed")
    GONE = "gone", _("gone")
    UNREACHABLE = "unreachable", _("unreachable")


class SnapshotQuerySet(models.QuerySet):
    def cited(self):
        return self.filter(kind=SnapshotKind.CITED)


class Snapshot(models.Model):
    """A web page as it was fetched: a cited source's copy, a later copy of it that differs, or an article's origin.

    The bytes are in the `snapshots` storage under `file_name`; the text is what was extracted from them. A cited
    copy also records how the live page compares with it (`live`), as last checked."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, null=True, blank=True, related_name="snapshots")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, null=True, blank=True, related_name="snapshots")
    kind = models.CharField(max_length=10, choices=SnapshotKind, default=SnapshotKind.CITED)
    state = models.CharField(max_length=10, choices=SnapshotState, default=SnapshotState.PENDING)
    requested_url = models.URLField(max_length=2000)
    final_url = models.URLField(max_length=2000, blank=True)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    content_type = models.CharField(max_length=200, blank=True)
    fetched_at = models.DateTimeField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    file_name = models.CharField(max_length=300, blank=True)
    title = models.CharField(max_length=500, blank=True)
    text = models.TextField(blank=True)
    metadata = models.JSONField(default=dict, blank=True)  # what else the page said: site name, date, language
    error = models.CharField(max_length=500, blank=True)
    archive_org_url = models.URLField(max_length=2000, blank=True)
    live = models.CharField(max_length=12, choices=LiveState, default=LiveState.UNKNOWN)
    checked_at = models.DateTimeField(null=True, blank=True)
    changed_at = models.DateTimeField(null=True, blank=True)
    latest = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    next_check_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    objects = SnapshotQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["source", "kind", "-id"], name="snapshot_source_kind"),
            # The watcher's "what is due": cited copies, by when they are next checked.
            models.Index(
                fields=["next_check_at"], name="snapshot_due", condition=Q(kind="cited", next_check_at__isnull=False)
            ),
            # The search filter "source changed".
            models.Index(fields=["source"], name="snapshot_source_drifted", condition=Q(live__in=["changed", "gone"])),
        ]

    def __str__(self):
        return f"{self.requested_url} ({self.state})"


class PublishedClaim(models.Model):
    """What readers see of a claim: a copy of its public fields, taken for every claim when its article is signed
    off and renewed at once when a reviewer approves a correction to it.

    A copy rather than the claim itself because any change to an article or its claims undoes the sign-off
    (services._article_changed): reopening a published claim to correct it must not make it vanish from the public
    pages, feeds and embeds until the article is signed off again, nor show the half-edited draft meanwhile.
    `version` is the claim's version the copy was taken from; a copy sent elsewhere with an older version is out
    of date (publishing/, "where each verdict went")."""

    claim = models.OneToOneField(Claim, on_delete=models.CASCADE, related_name="published")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="published_claims")
    version = models.PositiveIntegerField()
    published_at = models.DateTimeField()
    modified_at = models.DateTimeField()
    statement = models.TextField()
    claimant = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=10, choices=ClaimKind)
    verdict_slug = models.SlugField(blank=True)
    verdict_label = models.CharField(max_length=60, blank=True)
    verdict_value = models.PositiveSmallIntegerField(null=True, blank=True)  # Rating.value: 5 best .. 1 worst
    rationale = models.TextField(blank=True)
    correction = models.TextField(blank=True)
    # The W3C TextQuoteSelector of the quote, and its place in the article's text when it was published.
    exact = models.TextField()
    prefix = models.CharField(max_length=32, blank=True)
    suffix = models.CharField(max_length=32, blank=True)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    # [{"url", "title", "publisher", "archive_url"}]: archive_url is a public archived copy, "" when there is none.
    sources = models.JSONField(default=list, blank=True)
    correction_note = models.TextField(blank=True, help_text="The latest public correction note; empty if none.")

    class Meta:
        ordering = ["article", "start", "-end", "id"]
        indexes = [
            # An article's published claims in text order (the embed, the article's public facts).
            models.Index(fields=["article", "start"], name="publishedclaim_article"),
            # Feeds: newest change first, paged by keyset (modified_at, id).
            models.Index(fields=["-modified_at", "-id"], name="publishedclaim_modified"),
        ]

    def __str__(self):
        return self.statement[:80]


class Correction(models.Model):
    """A published claim changed after publication: what its public fields said before and after, and the public
    note the reviewer who approved the change wrote for readers."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="corrections")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    version = models.PositiveIntegerField(help_text="The claim's version once corrected.")
    # {field: value} of the public fields that changed; the verdict as its label (what readers saw).
    before = models.JSONField()
    after = models.JSONField()
    note = models.TextField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField()

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [
            models.Index(fields=["-created", "-id"], name="correction_newest"),
            models.Index(fields=["article", "-created", "-id"], name="correction_article"),
            models.Index(fields=["claim", "-created", "-id"], name="correction_claim"),
        ]

    def __str__(self):
        return self.note[:80]
