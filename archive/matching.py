"""Matching a text to the archive ("checked before?").

`Matcher` is the interface every caller uses (`matcher()` returns the configured one, setting
`ARCHIVE_MATCHER`, a dotted path); a semantic re-ranker can subclass `LexicalMatcher` and re-order its
candidates in `rerank` without any caller changing.

`LexicalMatcher`: the text is normalized (figures written one way), PostgreSQL turns it into lexemes with the
stemmer of its language, the GIN index on `Entry.search` finds entries sharing its rarest lexemes (document
frequencies from PostgreSQL's statistics, `archive.frequencies`) in a few bounded steps (`candidates`), and
`scoring.score` orders those few hundred rows in Python.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils.module_loading import import_string

from archive import languages, normalize, scoring
from archive.frequencies import lexeme_frequencies

MAX_QUERY_LEXEMES = 24
LANGUAGES_CACHE_SECONDS = 300


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


@dataclass(frozen=True)
class Candidate:
    entry_id: int
    statement: str
    rating: str
    url: str
    date_published: dt.date | None
    claim: int | None
    article: int | None
    fact_check: int | None
    lexemes: frozenset[str]


@dataclass
class Tuning:
    """Everything the evaluation tunes; `UNTUNED` is the starting point it reports as "before"."""

    normalizer: str = "plain"
    weights: scoring.Weights = field(default_factory=scoring.Weights)
    threshold: float = 0.5


UNTUNED = Tuning()
TUNED = Tuning(normalizer="figures", weights=scoring.Weights(number=1.5, year=0.8, conflict=0.3), threshold=0.48)


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


class LexicalMatcher(Matcher):
    def __init__(self, tuning: Tuning | None = None):
        self.tuning = tuning or TUNED
        self._normalize = getattr(normalize, self.tuning.normalizer)

    def normalize(self, text: str, language: str = "") -> str:
        return self._normalize(normalize.ascii_digits(text))

    def match(self, text, *, language="", limit=5, exclude_claims=(), within=None):
        text = (text or "").strip()
        if not text:
            return []
        language = language or languages.detect(text, among=archive_languages())
        config = languages.config_for(language)
        lexemes = self.lexemes(self.normalize(text, language), config)
        if not lexemes:
            return []
        candidates = self.candidates(lexemes, config, exclude_claims=list(exclude_claims), within=within)
        ranked = self.rerank(set(lexemes), candidates)
        return [self._result(c, s) for c, s in ranked[:limit]]

    def rerank(self, lexemes: set[str], candidates: list[Candidate]) -> list[tuple[Candidate, float]]:
        scored = [(c, scoring.score(lexemes, set(c.lexemes), self.tuning.weights)) for c in candidates]
        scored.sort(key=lambda pair: (-pair[1], pair[0].entry_id))
        return [pair for pair in scored if pair[1] > 0]

    def _result(self, c: Candidate, score: float) -> Match:
        return Match(
            entry_id=c.entry_id,
            claim_reviewed=c.statement,
            rating=c.rating,
            url=c.url,
            date_published=c.date_published,
            claim=c.claim,
            article=c.article,
            fact_check=c.fact_check,
            score=round(score, 3),
            likely_match=score >= self.tuning.threshold,
        )

    @staticmethod
    def lexemes(text: str, config: str) -> list[str]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT tsvector_to_array(to_tsvector(%s::regconfig, %s))", [config, text])
            lexemes = cursor.fetchone()[0] or []
        # A long selection: keep the figures and the longest words, which say most about it.
        lexemes.sort(key=lambda lx: (not lx[:1].isdigit(), -len(lx), lx))
        return lexemes[:MAX_QUERY_LEXEMES]

    @staticmethod
    def candidates(lexemes: list[str], config: str, *, exclude_claims: list[int], within) -> list[Candidate]:
        """Entries sharing lexemes with the text, found from its rarest ones and bounded at every step.

        Three index-driven subqueries, each stopped by its LIMIT: entries holding all of the rarest
        `ALL_OF` lexemes (near repeats), all of the rarest three, and two of the rarest `PAIRS_OF` (paraphrases),
        as long as those lexemes' frequencies add up to at most `PAIRS_BUDGET`.
        Lexemes held by more than `COMMON` of the archive ("percent", "said") take no part in finding unless the
        text has nothing rarer; they still count in the score. A tier that matches thousands of entries reads only
        its first LIMIT rows, so the cost no longer grows with the archive: ranking happens in Python
        (`rerank`) on at most a few hundred rows.
        """
        ordered = by_rarity(lexemes, lexeme_frequencies("archive_entry", "search"))
        where, params = ["e.config = %s"], [config]
        if exclude_claims:
            where.append("(e.claim_id IS NULL OR NOT e.claim_id = ANY(%s))")
            params.append(exclude_claims)
        if within is not None:
            where.append("e.id = ANY(%s)")
            params.append(list(within))
        tiers, tier_params = [], []
        for query, limit in candidate_queries(ordered):
            tiers.append(
                f"(SELECT e.id FROM archive_entry e WHERE {' AND '.join(where)} AND e.search @@ %s::tsquery LIMIT "
                f"{limit})"
            )
            tier_params += [*params, query]
        sql = f"""
            SELECT e.id, e.statement, e.rating_label, e.url, e.date_published, e.claim_id, e.article_id,
                   e.fact_check_id, tsvector_to_array(e.search)
            FROM archive_entry e
            WHERE e.id IN ({" UNION ".join(tiers)})"""
        with connection.cursor() as cursor:
            cursor.execute(sql, tier_params)
            return [Candidate(*row[:8], lexemes=frozenset(row[8])) for row in cursor.fetchall()]


ALL_OF, ALL_OF_LIMIT = 6, 50
THREE_LIMIT = 100
PAIRS_OF, PAIRS_LIMIT = 10, 200
PAIRS_BUDGET = 0.02  # the pair tier's lexemes together in at most this fraction of entries (beyond two)
COMMON = 0.05


def by_rarity(lexemes: list[str], frequencies: dict[str, float]) -> list[tuple[str, float]]:
    """The lexemes with their document frequency, rarest first (ties keep the given order)."""
    return sorted(((lx, frequencies.get(lx, 0.0)) for lx in dict.fromkeys(lexemes)), key=lambda pair: pair[1])


def candidate_queries(ordered: list[tuple[str, float]]) -> list[tuple[str, int]]:
    """(tsquery, LIMIT) of each candidate tier, for lexemes ordered rarest first (see `candidates`)."""
    usable = [lx for lx, frequency in ordered if frequency <= COMMON] or [lx for lx, _ in ordered[:2]]
    if len(usable) == 1 and len(ordered) > 1:
        usable = [lx for lx, _ in ordered[:2]]
    quoted = [_quoted(lx) for lx in usable]
    if len(quoted) == 1:
        return [(quoted[0], PAIRS_LIMIT)]
    queries = {}
    if len(quoted) > 3:
        queries[" & ".join(quoted[:ALL_OF])] = ALL_OF_LIMIT
    if len(quoted) > 2:
        queries[" & ".join(quoted[:3])] = THREE_LIMIT
    # Two of n lexemes: the index merges all n posting lists, so the pairs stop at a budget of their frequencies.
    pairs, total = [], 0.0
    for lx, frequency in ordered:
        if lx in usable and len(pairs) < PAIRS_OF and (len(pairs) < 2 or total + frequency <= PAIRS_BUDGET):
            pairs.append(lx)
            total += frequency
    queries[tsquery_two_of(pairs)] = PAIRS_LIMIT
    return list(queries.items())


def _quoted(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def tsquery_two_of(lexemes: list[str]) -> str:
    """A tsquery matching documents that hold at least two of the lexemes (or the one, if only one)."""
    quoted = [_quoted(lx) for lx in dict.fromkeys(lexemes)]
    if len(quoted) == 1:
        return quoted[0]
    return " | ".join(f"({a} & {b})" for i, a in enumerate(quoted) for b in quoted[i + 1 :])


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


CACHE_KEYS = ("archive:languages", "archive:search-configs")


def forget_cached_languages() -> None:
    """After writing entries or documents: a new language or configuration may have appeared. (Other
    processes see it when their cached copy expires, within LANGUAGES_CACHE_SECONDS.)"""
    cache.delete_many(CACHE_KEYS)


@lru_cache(maxsize=1)
def _configured(path: str) -> Matcher:
    return import_string(path)()


def matcher() -> Matcher:
    return _configured(getattr(settings, "ARCHIVE_MATCHER", "archive.matching.LexicalMatcher"))
