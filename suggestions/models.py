from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from annotations.models import Article, Claim, ClaimKind
from suggestions import reasons
from suggestions.detectors.reasons import Reason


class SuggestionKind(models.TextChoices):
    NAME = "name", _("Name or spelling")
    NUMBER = "number", _("Number or date")
    COMPARISON = "comparison", _("Comparison")
    QUOTE = "quote", _("Quoted speech")
    STATEMENT = "statement", _("Statement to check")


# The kind of claim an accepted suggestion becomes; a comparison and a statement are factual claims.
CLAIM_KIND = {
    SuggestionKind.NAME: ClaimKind.NAME,
    SuggestionKind.NUMBER: ClaimKind.NUMBER,
    SuggestionKind.COMPARISON: ClaimKind.FACTUAL,
    SuggestionKind.QUOTE: ClaimKind.QUOTE,
    SuggestionKind.STATEMENT: ClaimKind.FACTUAL,
}


class SuggestionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACCEPTED = "accepted", _("Accepted")
    DISMISSED = "dismissed", _("Dismissed")


class Suggestion(models.Model):
    """Something the analysis proposes to check. Open ones are replaced by each analysis; decided ones stay,
    so that a dismissed proposal is not made again while the text around it is the same (`fingerprint`)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="suggestions")
    # Code point offsets into article.body, like claims.
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    quote = models.TextField()
    kind = models.CharField(max_length=12, choices=SuggestionKind)
    # Why it is worth checking, as data (suggestions.detectors.reasons): translated when shown.
    reason_code = models.CharField(max_length=40)
    reason_params = models.JSONField(default=dict, blank=True)
    score = models.FloatField()
    correction = models.CharField(max_length=200, blank=True)
    claimant = models.CharField(max_length=200, blank=True)
    fingerprint = models.CharField(max_length=64, help_text="Hash of the kind, the quote and the text around it.")
    status = models.CharField(max_length=10, choices=SuggestionStatus, default=SuggestionStatus.OPEN)
    claim = models.ForeignKey(Claim, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["start", "-end", "id"]
        indexes = [models.Index(fields=["article", "status"]), models.Index(fields=["article", "fingerprint"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="suggestion_span_not_empty")
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.quote[:60]}"

    @property
    def reason(self) -> Reason:
        return Reason.from_stored(self.reason_code, self.reason_params)

    @reason.setter
    def reason(self, reason: Reason) -> None:
        self.reason_code, self.reason_params = reason.stored()

    def reason_text(self) -> str:
        """The reason in the active language, as plain text."""
        return reasons.reason_text(self.reason)

    def reason_html(self):
        return reasons.reason_html(self.reason)


class AnalysisState(models.TextChoices):
    PENDING = "pending", _("Waiting for the worker")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class Analysis(models.Model):
    """Where an article's analysis stands; the panel polls until it is done."""

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, primary_key=True, related_name="suggestion_analysis"
    )
    state = models.CharField(max_length=10, choices=AnalysisState, default=AnalysisState.PENDING)
    requested_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    body_hash = models.CharField(max_length=64, blank=True, help_text="Hash of the body the suggestions were found in.")
    error = models.TextField(blank=True)

    class Meta:
        verbose_name_plural = "analyses"

    def __str__(self):
        return f"Analysis of article {self.article_id}: {self.state}"


class NewsroomNameKind(models.TextChoices):
    PERSON = "person", _("Person")
    PLACE = "place", _("Place")
    ORGANISATION = "organisation", _("Organisation")
    OTHER = "other", _("Other")


class NewsroomName(models.Model):
    """A name the newsroom spells one way: it is never flagged, and near misses of it are ("Did you mean ...?")."""

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=12, choices=NewsroomNameKind, default=NewsroomNameKind.PERSON)
    note = models.CharField(max_length=300, blank=True, help_text="Who or what it is, or the style-guide rule.")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name
