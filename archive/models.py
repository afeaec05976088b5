from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q


class FactCheck(models.Model):
    """A past fact-check imported from schema.org ClaimReview; `url` is its identity."""

    url = models.URLField(max_length=2000, unique=True)
    claim_reviewed = models.TextField()
    rating_label = models.CharField(max_length=100)
    rating_value = models.FloatField(null=True, blank=True)
    best_rating = models.FloatField(null=True, blank=True)
    worst_rating = models.FloatField(null=True, blank=True)
    date_published = models.DateField(null=True, blank=True)
    author_name = models.CharField("fact-checker", max_length=200, blank=True)
    author_url = models.URLField(max_length=2000, blank=True)
    claim_author = models.CharField("claimant", max_length=200, blank=True)
    claim_date = models.DateField(null=True, blank=True)
    appearances = models.JSONField(default=list, blank=True)
    language = models.CharField(max_length=35, blank=True)
    raw = models.JSONField(default=dict, blank=True, help_text="The ClaimReview as imported.")
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date_published", "-id"]
        verbose_name = "imported fact-check"

    def __str__(self):
        return self.claim_reviewed[:80]


class Entry(models.Model):
    """One statement that can be "checked before": an imported fact-check or one of our approved claims.

    `match_text` is the statement normalized for matching and `search` its tsvector in the text search
    configuration of its language (`config`); both are written by archive.services, never by triggers.
    """

    fact_check = models.OneToOneField(FactCheck, on_delete=models.CASCADE, null=True, blank=True, related_name="entry")
    claim = models.OneToOneField("annotations.Claim", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    statement = models.TextField()
    rating_label = models.CharField(max_length=100, blank=True)
    url = models.CharField(max_length=2000, blank=True)
    date_published = models.DateField(null=True, blank=True)
    article_id = models.BigIntegerField(null=True, blank=True)
    language = models.CharField(max_length=35, blank=True)
    config = models.CharField(max_length=40)
    match_text = models.TextField()
    search = SearchVectorField()

    class Meta:
        indexes = [GinIndex(fields=["search"], name="archive_entry_search"), models.Index(fields=["language"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(fact_check__isnull=False, claim__isnull=True) | Q(fact_check__isnull=True, claim__isnull=False),
                name="archive_entry_one_origin",
            ),
        ]
        verbose_name_plural = "entries"

    def __str__(self):
        return self.statement[:80]
