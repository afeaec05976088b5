import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Count, Q


class ClaimKind(models.TextChoices):
    FACTUAL = "factual", "Factual claim"
    NUMBER = "number", "Number"
    QUOTE = "quote", "Quote attribution"
    NAME = "name", "Name or spelling"


class ClaimStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    APPROVED = "approved", "Approved"


class AnchorState(models.TextChoices):
    EXACT = "exact", "Exact"
    MOVED = "moved", "Moved"
    FUZZY = "fuzzy", "Fuzzy"
    ORPHANED = "orphaned", "Orphaned"


class ArticleStatus(models.TextChoices):
    NEW = "new", "New"
    IN_PROGRESS = "in_progress", "In progress"
    IN_REVIEW = "in_review", "In review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    CHECKED = "checked", "Checked"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent(), append_only=True)
class Rating(models.Model):
    """One step of the newsroom's rating scale; kept in the database so the admin can edit it."""

    slug = models.SlugField(unique=True)
    label = models.CharField(max_length=60)
    # 5 (best) .. 1 (worst) for ClaimReview export; empty for verdicts without a place on the scale.
    value = models.PositiveSmallIntegerField(null=True, blank=True)
    description = models.CharField(max_length=300, blank=True)
    # Empty means the rating applies to every kind of claim.
    kinds = models.JSONField(default=list, blank=True, help_text="Claim kinds this rating is offered for; empty for all.")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.label


class ArticleQuerySet(models.QuerySet):
    def with_counts(self):
        """Claims per state, for lists and progress bars, in the same query."""
        return self.annotate(
            claim_count=Count("claims"),
            draft_count=Count("claims", filter=Q(claims__status=ClaimStatus.DRAFT)),
            submitted_count=Count("claims", filter=Q(claims__status=ClaimStatus.SUBMITTED)),
            changes_requested_count=Count("claims", filter=Q(claims__status=ClaimStatus.CHANGES_REQUESTED)),
            approved_count=Count("claims", filter=Q(claims__status=ClaimStatus.APPROVED)),
        )


# Every insert, update and delete is written to an append-only event table by a PostgreSQL trigger, so a
# change made from a shell or a bulk update is recorded as well as one made in the app.
HISTORY = dict(append_only=True)


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent(), **HISTORY)
class Article(models.Model):
    title = models.CharField(max_length=300)
    url = models.URLField(max_length=2000, blank=True)
    publication = models.CharField(max_length=200, blank=True)
    published_at = models.DateField(null=True, blank=True)
    body = models.TextField()
    language = models.CharField(max_length=16, blank=True, help_text="BCP-47 code of the text's language; detected when blank.")
    external_id = models.CharField(max_length=200, unique=True, null=True, blank=True, help_text="The CMS's own id for the article.")
    status = models.CharField(max_length=20, choices=ArticleStatus, default=ArticleStatus.NEW)
    signed_off_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    signed_off_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created"]
        indexes = [models.Index(fields=["status"]), models.Index(fields=["-updated"])]

    def __str__(self):
        return self.title


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent(), **HISTORY)
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
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)

    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["start", "-end", "id"]
        indexes = [models.Index(fields=["status", "submitted_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="claim_span_not_empty"),
        ]

    def __str__(self):
        return self.statement[:80]


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent(), **HISTORY)
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


class CommentKind(models.TextChoices):
    COMMENT = "comment", "Comment"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    REOPENED = "reopened", "Reopened"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent(), **HISTORY)
class Comment(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=CommentKind, default=CommentKind.COMMENT)
    text = models.TextField()
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "id"]

    def __str__(self):
        return self.text[:80]


class Channel(models.TextChoices):
    UI = "ui", "Web interface"
    API = "api", "API"
    CMS = "cms", "CMS sync"


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
