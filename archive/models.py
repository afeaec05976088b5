from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q


class VectorField(models.Field):
    """A pgvector `vector(n)` column; numbers in and out as a list of floats (no client library needed)."""

    description = "A vector of floats (pgvector)"

    def __init__(self, *args, dimensions: int, **kwargs):
        self.dimensions = dimensions
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["dimensions"] = self.dimensions
        return name, path, args, kwargs

    def db_type(self, connection):
        return f"vector({self.dimensions})"

    def from_db_value(self, value, expression, connection):
        return parse_vector(value)

    def to_python(self, value):
        return parse_vector(value) if isinstance(value, str) else value

    def get_prep_value(self, value):
        return None if value is None else vector_literal(value)


def parse_vector(value: str | None) -> list[float] | None:
    return None if value is None else [float(x) for x in value.strip("[]").split(",") if x]


def vector_literal(values) -> str:
    return "[" + ",".join(f"{float(x):.6g}" for x in values) + "]"


class FactCheck(models.Model):
    """A past fact-check imported from schema.org ClaimReview; `url` is its identity."""

    url = models.URLField(max_length=2000, unique=True)
    claim_reviewed = models.TextField()
    headline = models.TextField(blank=True, help_text="The fact-check's own title: ClaimReview's name or headline.")
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
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
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
    headline = models.TextField(blank=True)
    rating_label = models.CharField(max_length=100, blank=True)
    url = models.CharField(max_length=2000, blank=True)
    date_published = models.DateField(null=True, blank=True)
    article_id = models.BigIntegerField(null=True, blank=True)
    language = models.CharField(max_length=35, blank=True)
    config = models.CharField(max_length=40)
    match_text = models.TextField()
    search = SearchVectorField()
    # The statement (and headline) as a sentence embedding (archive.embedding), written by the worker after the
    # entry is saved; NULL until then, and the entry is matched by its words alone.
    embedding = VectorField(dimensions=384, null=True, blank=True, editable=False)

    class Meta:
        indexes = [
            # config first (btree_gin): a language with few entries is not read through the others' matches.
            GinIndex(fields=["config", "search"], name="archive_entry_config_search"),
            models.Index(fields=["language"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(fact_check__isnull=False, claim__isnull=True)
                | Q(fact_check__isnull=True, claim__isnull=False),
                name="archive_entry_one_origin",
            ),
        ]
        verbose_name_plural = "entries"

    def __str__(self):
        return self.statement[:80]


class Reuse(models.Model):
    """A claim whose verdict, rationale and sources were copied from a past fact-check or approved claim.

    Kept here, keyed by the claim, so the core knows nothing of it; the claim card shows it through this app's
    "Checked before" box. The original is kept as text too, so the link survives the original's removal.
    """

    claim = models.OneToOneField("annotations.Claim", on_delete=models.CASCADE, related_name="+")
    fact_check = models.ForeignKey(FactCheck, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    original_claim = models.ForeignKey(
        "annotations.Claim", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    statement = models.TextField()
    rating_label = models.CharField(max_length=100, blank=True)
    url = models.CharField(max_length=2000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"claim {self.claim_id} reuses {self.url or self.statement[:40]}"


class SearchDocument(models.Model):
    """The searchable text of one claim (statement, quote, claimant, rationale, correction, its sources) or one
    article (title, publication, body), as a tsvector in the configuration of the article's language, and as
    plain text for trigram similarity. Filters read the claim and article rows themselves, so a state or
    verdict change needs no re-indexing; only text changes do (archive.indexing, on the core's events)."""

    article = models.ForeignKey("annotations.Article", on_delete=models.CASCADE, related_name="+")
    claim = models.OneToOneField("annotations.Claim", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    config = models.CharField(max_length=40)
    text = models.TextField()
    short = models.TextField(help_text="Statement, quote and claimant; an article's title. Its words go into Word.")
    document = SearchVectorField()

    class Meta:
        indexes = [
            GinIndex(fields=["document"], name="archive_searchdoc_document"),
            models.Index(fields=["config"], name="archive_searchdoc_config"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["article"], condition=Q(claim__isnull=True), name="archive_searchdoc_one_per_article"
            ),
        ]

    def __str__(self):
        return f"search text of claim {self.claim_id}" if self.claim_id else f"search text of article {self.article_id}"


class SavedSearch(models.Model):
    """A user's saved search ("my lists"): the query string of /search/, shown on the start page with its count."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=100)
    query = models.CharField(max_length=2000, help_text="The query string of the search page, filters included.")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["user", "name"], name="archive_savedsearch_unique_name")]

    def __str__(self):
        return self.name


class Word(models.Model):
    """Every word (four letters or more) of the documents' short text: statement, quote and claimant; article titles.

    Misspellings ("Ashgatat") are looked up here, by the trigram index of this small table, and the similar
    words found ("ashgabat") are then searched like typed words, through the documents' GIN index; a trigram
    search of two million documents would cost what no page may. Added to by archive.indexing; a word that
    no document holds any more finds nothing and is harmless.
    """

    word = models.CharField(max_length=100, primary_key=True)

    class Meta:
        indexes = [GinIndex(fields=["word"], name="archive_word_trgm", opclasses=["gin_trgm_ops"])]

    def __str__(self):
        return self.word
