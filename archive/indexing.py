"""Keeping the search documents and the matching entries of approved claims in step with the core.

Called from the handlers of the core's domain events (archive.apps), inside the service's transaction, and
by `manage.py archive_reindex`. Everything is set-based SQL keyed by ids, so re-indexing one claim and all
two million cost the same number of statements.
"""

from __future__ import annotations

from django.db import connection
from django.urls import reverse

from archive import frequencies, normalize
from archive.matching import forget_cached_languages, matcher
from archive.models import Entry


def _config_sql(column: str) -> str:
    """SQL choosing the text search configuration from a BCP-47 language column (as normalize.config_for)."""
    cases = " ".join(f"WHEN '{code}' THEN '{config}'" for code, config in normalize.CONFIGS.items())
    return f"(CASE lower(split_part({column}, '-', 1)) {cases} ELSE '{normalize.UNACCENT_SIMPLE}' END)"


CLAIM_DOCUMENTS = f"""
    INSERT INTO archive_searchdocument (article_id, claim_id, config, text, short, document)
    SELECT c.article_id, c.id, cfg.config,
           concat_ws(' · ', c.statement, c.exact, nullif(c.claimant, ''), nullif(c.rationale, ''),
                     nullif(c.correction, ''), s.text),
           left(concat_ws(' · ', c.statement, c.exact, nullif(c.claimant, '')), 1000),
           setweight(to_tsvector(cfg.config::regconfig, c.statement), 'A')
           || setweight(to_tsvector(cfg.config::regconfig, concat_ws(' ', c.exact, c.claimant)), 'B')
           || setweight(to_tsvector(cfg.config::regconfig, concat_ws(' ', c.rationale, c.correction)), 'C')
           || setweight(to_tsvector(cfg.config::regconfig, coalesce(s.text, '')), 'D')
    FROM annotations_claim c
    JOIN annotations_article a ON a.id = c.article_id
    CROSS JOIN LATERAL (SELECT {_config_sql("a.language")} AS config) cfg
    LEFT JOIN LATERAL (
        SELECT string_agg(concat_ws(' ', nullif(src.title, ''), src.url, nullif(src.publisher, '')), ' · '
                          ORDER BY src.id) AS text
        FROM annotations_source src WHERE src.claim_id = c.id
    ) s ON true
    WHERE {{where}}
    ON CONFLICT (claim_id) DO UPDATE SET config = EXCLUDED.config, text = EXCLUDED.text, short = EXCLUDED.short,
                                         document = EXCLUDED.document
"""

ARTICLE_DOCUMENTS = f"""
    INSERT INTO archive_searchdocument (article_id, claim_id, config, text, short, document)
    SELECT a.id, NULL, cfg.config, concat_ws(' · ', a.title, nullif(a.publication, ''), a.body), left(a.title, 1000),
           setweight(to_tsvector(cfg.config::regconfig, a.title), 'A')
           || setweight(to_tsvector(cfg.config::regconfig, a.publication), 'B')
           || setweight(to_tsvector(cfg.config::regconfig, a.body), 'D')
    FROM annotations_article a CROSS JOIN LATERAL (SELECT {_config_sql("a.language")} AS config) cfg
    WHERE {{where}}
    ON CONFLICT (article_id) WHERE claim_id IS NULL
    DO UPDATE SET config = EXCLUDED.config, text = EXCLUDED.text, short = EXCLUDED.short, document = EXCLUDED.document
"""


WORDS = """
    INSERT INTO archive_word (word)
    SELECT DISTINCT w FROM archive_searchdocument d
    CROSS JOIN LATERAL regexp_split_to_table(lower(d.short), '[^[:alnum:]]+') w
    WHERE {where} AND length(w) BETWEEN 4 AND 100 AND w ~ '[[:alpha:]]'
    ON CONFLICT (word) DO NOTHING
"""


def claims_index(claim_ids: list[int]) -> None:
    """(Re)write the search documents of these claims, and the matching entries of those approved."""
    if not claim_ids:
        return
    with connection.cursor() as cursor:
        cursor.execute(CLAIM_DOCUMENTS.format(where="c.id = ANY(%s)"), [list(claim_ids)])
        cursor.execute(WORDS.format(where="d.claim_id = ANY(%s)"), [list(claim_ids)])
    entries_index_claims(claim_ids)
    forget_cached_languages()


def articles_index(article_ids: list[int], *, with_claims: bool = True) -> None:
    """(Re)write the search documents of these articles (and of their claims: quotes and language change with
    the article)."""
    if not article_ids:
        return
    with connection.cursor() as cursor:
        cursor.execute(ARTICLE_DOCUMENTS.format(where="a.id = ANY(%s)"), [list(article_ids)])
        if with_claims:
            cursor.execute(CLAIM_DOCUMENTS.format(where="c.article_id = ANY(%s)"), [list(article_ids)])
        cursor.execute(
            WORDS.format(
                where="d.article_id = ANY(%s)" if with_claims else "d.article_id = ANY(%s) AND d.claim_id IS NULL"
            ),
            [list(article_ids)],
        )
        if with_claims:
            cursor.execute(
                "SELECT id FROM annotations_claim WHERE article_id = ANY(%s) AND status = 'approved'",
                [list(article_ids)],
            )
            entries_index_claims([row[0] for row in cursor.fetchall()])
    forget_cached_languages()


# Built after a bulk load rather than row by row: several times faster on a whole archive. Same definitions as
# the models' Meta.indexes.
BULK_INDEXES = {
    "archive_searchdocument": [
        'CREATE INDEX "archive_searchdoc_document" ON archive_searchdocument USING gin (document)',
    ],
    "archive_entry": ['CREATE INDEX "archive_entry_config_search" ON archive_entry USING gin (config, search)'],
}


def reindex_all() -> dict[str, int]:
    """Every document and approved claim entry, in a few set-based statements. Run inside a transaction."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        cursor.execute("SELECT NOT EXISTS (SELECT 1 FROM archive_searchdocument)")
        empty = cursor.fetchone()[0]
        if empty:
            for statement in BULK_INDEXES["archive_searchdocument"]:
                cursor.execute(f"DROP INDEX IF EXISTS {statement.split()[2]}")
        cursor.execute(ARTICLE_DOCUMENTS.format(where="true"))
        articles = cursor.rowcount
        cursor.execute(CLAIM_DOCUMENTS.format(where="true"))
        claims = cursor.rowcount
        if empty:
            cursor.execute(
                "SET CONSTRAINTS ALL IMMEDIATE"
            )  # deferred foreign-key checks first: an index needs none pending
            for statement in BULK_INDEXES["archive_searchdocument"]:
                cursor.execute(statement)
        cursor.execute(WORDS.format(where="true"))
        cursor.execute("SELECT id FROM annotations_claim WHERE status = 'approved' ORDER BY id")
        ids = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT NOT EXISTS (SELECT 1 FROM archive_entry)")
        no_entries = cursor.fetchone()[0] and len(ids) > 10_000
        if no_entries:
            cursor.execute("DROP INDEX IF EXISTS archive_entry_config_search")
    for start in range(0, len(ids), 5000):
        entries_index_claims(ids[start : start + 5000])
    if no_entries:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for statement in BULK_INDEXES["archive_entry"]:
                cursor.execute(statement)
    frequencies.analyze()  # the document frequencies search and matching start from
    forget_cached_languages()
    return {"articles": articles, "claims": claims, "entries": len(ids)}


def entries_index_claims(claim_ids: list[int]) -> None:
    """Approved claims are in the "checked before" archive; any other state takes them out."""
    from annotations.models import Claim, ClaimStatus

    claims = list(
        Claim.objects.filter(pk__in=claim_ids)
        .select_related("article", "verdict")
        .only(
            "id",
            "statement",
            "status",
            "reviewed_at",
            "article__id",
            "article__language",
            "article__published_at",
            "verdict__label",
        )
    )
    approved = [c for c in claims if c.status == ClaimStatus.APPROVED]
    Entry.objects.filter(claim_id__in=[c.pk for c in claims if c.status != ClaimStatus.APPROVED]).delete()
    if not approved:
        return
    normalize_text = matcher().normalize
    rows = [
        Entry(
            claim_id=c.pk,
            statement=c.statement,
            rating_label=c.verdict.label if c.verdict else "",
            url=reverse("claim_detail", args=[c.pk]),
            article_id=c.article_id,
            date_published=c.reviewed_at.date() if c.reviewed_at else c.article.published_at,
            language=c.article.language,
            config=normalize.config_for(c.article.language),
            match_text=normalize_text(c.statement, c.article.language),
            search="",
            embedding=None,
        )
        for c in approved
    ]
    entries = Entry.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["claim"],
        update_fields=[
            "statement",
            "rating_label",
            "url",
            "date_published",
            "article_id",
            "language",
            "config",
            "match_text",
            "embedding",
        ],
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE archive_entry SET search = to_tsvector(config::regconfig, match_text) WHERE id = ANY(%s)",
            [[e.pk for e in entries]],
        )
    # Matched by its words at once, by its meaning once the worker has embedded it.
    from archive.services import embedding_defer

    embedding_defer([e.pk for e in entries])


# --- Reactions to the core's domain events (subscribed in archive.apps) ----------------------------------------


def on_article_changed(event) -> None:
    """ArticleCreated, ArticleBodyChanged: the article's text (and its claims' quotes) changed."""
    articles_index([event.article_id])


def on_article_updated(event) -> None:
    # Title, publication or language: the texts or their configuration changed. Status and dates are read live.
    if set(event.fields) & {"title", "publication", "language", "body"}:
        articles_index([event.article_id])


def on_claim_changed(event) -> None:
    """ClaimChanged (created, edited, a source added, changed or removed), ClaimSubmitted, ClaimReviewed."""
    claims_index([event.claim_id])
