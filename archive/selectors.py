"""Every read of the archive app: search, snippets, saved searches with their counts, matches for a claim."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from django.core.cache import cache
from django.core.paginator import Paginator
from django.utils.functional import cached_property
from django.db import connection
from django.db.models import F, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models import BooleanField, FloatField
from django.http import QueryDict
from django.utils.safestring import SafeString, mark_safe

from archive import matching
from archive.models import Reuse, SavedSearch, SearchDocument

TRIGRAM_THRESHOLD = 0.5   # "Ashgatat" and "Ashgabat" are 0.56 alike
SIMILAR_WORD = 0.4        # a word of the result marked as the misspelt one's match
RANK_LIMIT = 1000
SELECT_RELATED = ["article", "claim", "claim__verdict", "claim__created_by", "claim__reviewed_by", "article__created_by"]
FEW = 20                  # fewer word matches than this: add similar spellings
CONFIGS_CACHE_SECONDS = 300
START, STOP = "\x02", "\x03"


class CappedPaginator(Paginator):
    """Counts at most CAP + 1 results: counting every match of a common word in millions of documents would cost
    more than the page itself. `capped` says there are more than CAP (shown as "10,000+")."""

    CAP = 10_000

    @cached_property
    def count(self) -> int:
        return self.object_list.order_by().values("pk")[: self.CAP + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > self.CAP


def search_configs() -> list[str]:
    """The text search configurations the documents use (a loose index scan; cached a few minutes)."""

    def load():
        with connection.cursor() as cursor:
            cursor.execute("""
                WITH RECURSIVE t(config) AS (
                    (SELECT config FROM archive_searchdocument ORDER BY config LIMIT 1)
                    UNION ALL
                    SELECT (SELECT d.config FROM archive_searchdocument d WHERE d.config > t.config ORDER BY d.config LIMIT 1)
                    FROM t WHERE t.config IS NOT NULL
                ) SELECT config FROM t WHERE config IS NOT NULL""")
            return [row[0] for row in cursor.fetchall()]

    return cache.get_or_set("archive:search-configs", load, CONFIGS_CACHE_SECONDS) or []


def _words_condition(q: str, configs: list[str]) -> tuple[str, list]:
    # One `document @@ query` per configuration, each answered by the GIN index (a BitmapOr). The query is
    # parsed by websearch_to_tsquery: every word must occur; "quoted phrases", or, -word work.
    parts, params = [], []
    for config in configs:
        parts.append("(archive_searchdocument.config = %s AND archive_searchdocument.document @@ websearch_to_tsquery(%s::regconfig, %s))")
        params += [config, config, q]
    return "(" + (" OR ".join(parts) or "false") + ")", params


def _similar_condition(q: str, configs: list[str]) -> tuple[str, list]:
    # What the words find, and also documents where every word occurs or a word spelt like it occurs in the
    # short text (statement, quote, claimant; an article's title), found through the trigram index.
    words = re.findall(r"\w+", q)[:6]
    if not words or re.search(r'["\-]|\bor\b', q, re.I):
        condition, params = _words_condition(q, configs)
        return f"({condition} OR %s <%% archive_searchdocument.short)", [*params, q]
    whole, params = _words_condition(q, configs)
    parts = []
    for word in words:
        condition, word_params = _words_condition(word, configs)
        parts.append(f"({condition} OR %s <%% archive_searchdocument.short)")
        params += [*word_params, word]
    return f"({whole} OR ({' AND '.join(parts)}))", params


def _rank(q: str, configs: list[str]) -> tuple[str, list]:
    terms, params = [], []
    for config in configs:
        terms.append("CASE WHEN archive_searchdocument.config = %s THEN ts_rank_cd(archive_searchdocument.document, websearch_to_tsquery(%s::regconfig, %s), 1) ELSE 0 END")
        params += [config, config, q]
    terms.append("0.5 * word_similarity(%s, archive_searchdocument.short)")
    params.append(q)
    return " + ".join(terms), params


def _filtered(filters: dict) -> QuerySet[SearchDocument]:
    docs = SearchDocument.objects.select_related(*SELECT_RELATED)
    claim_filter = filters.get("type") == "claims" or any(filters.get(name) for name in ("kind", "verdict", "state", "reviewer"))
    if claim_filter:
        docs = docs.filter(claim__isnull=False)
    elif filters.get("type") == "articles":
        docs = docs.filter(claim__isnull=True)
    if filters.get("kind"):
        docs = docs.filter(claim__kind=filters["kind"])
    if filters.get("verdict"):
        docs = docs.filter(claim__verdict__slug=filters["verdict"])
    if filters.get("state"):
        docs = docs.filter(claim__status=filters["state"])
    if filters.get("reviewer"):
        docs = docs.filter(claim__reviewed_by__username=filters["reviewer"])
    if filters.get("editor"):
        editor = filters["editor"]
        docs = docs.filter(Q(claim__created_by__username=editor) | Q(claim__isnull=True, article__created_by__username=editor))
    if filters.get("status"):
        docs = docs.filter(article__status=filters["status"])
    if filters.get("publication"):
        docs = docs.filter(article__publication__iexact=filters["publication"])
    if filters.get("date_from"):
        docs = docs.filter(article__published_at__gte=filters["date_from"])
    if filters.get("date_to"):
        docs = docs.filter(article__published_at__lte=filters["date_to"])
    if filters.get("language"):
        docs = docs.filter(Q(article__language=filters["language"]) | Q(article__language__startswith=filters["language"] + "-"))
    return docs


def search_variants(filters: dict) -> tuple[QuerySet[SearchDocument], QuerySet[SearchDocument] | None]:
    """The documents the words match, and (when there are words) those the words or similar spellings match.
    Unordered. `search` chooses between them; saved-search counts choose the same way inside one query."""
    docs = _filtered(filters)
    q = filters.get("q") or ""
    if not q:
        return docs, None
    configs = search_configs()
    condition, params = _words_condition(q, configs)
    words = docs.filter(RawSQL(condition, params, output_field=BooleanField()))
    condition, params = _similar_condition(q, configs)
    return words, docs.filter(RawSQL(condition, params, output_field=BooleanField()))


def search(filters: dict) -> QuerySet[SearchDocument]:
    """Search documents (claims and articles) matching the cleaned SearchForm data, in the chosen order."""
    docs, similar = search_variants(filters)
    q = filters.get("q") or ""
    relevance = bool(q) and filters.get("sort", "relevance") == "relevance"
    if similar is not None:
        _set_trigram_threshold()
        # One query answers both questions below: the newest matches of the words, as many as relevance ranks.
        if relevance:
            recent = list(docs.order_by("-pk").values_list("pk", flat=True)[:RANK_LIMIT])
            found = len(recent)
        else:
            found = docs.order_by().values("pk")[:FEW].count()
        if found < FEW:
            # Names the text does not hold as typed ("Ashgatat"): when the words find less than a page, look
            # for similar spellings too. (Always doing so would make every common word cost a trigram scan.)
            docs = similar
        elif relevance and found == RANK_LIMIT:
            # Ranking reads every match's tsvector, and a common word matches hundreds of thousands of
            # documents: relevance orders the newest RANK_LIMIT matches; newest-first shows them all.
            docs = SearchDocument.objects.select_related(*SELECT_RELATED).filter(pk__in=recent)
    # An article before its claims, its claims in text order.
    newest = [F("article__published_at").desc(nulls_last=True), "-article__id", F("claim__start").asc(nulls_first=True), "id"]
    if relevance:
        rank, params = _rank(q, search_configs())
        return docs.annotate(rank=RawSQL(rank, params, output_field=FloatField())).order_by("-rank", *newest)
    if filters.get("sort") == "oldest":
        return docs.order_by(F("article__published_at").asc(nulls_last=True), "article__id", F("claim__start").asc(nulls_first=True), "id")
    return docs.order_by(*newest)


def _set_trigram_threshold() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('pg_trgm.word_similarity_threshold', %s, false)", [str(TRIGRAM_THRESHOLD)])


def snippets(docs: list[SearchDocument], q: str) -> dict[int, SafeString]:
    """Snippets of these documents with the matching words in <mark>, escaped; one query for the page."""
    if not docs:
        return {}
    if not q:
        return {d.pk: mark_safe(html.escape(_shorten(d.text))) for d in docs}
    words = [w for w in re.findall(r"\w+", q) if len(w) > 3][:10]
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT d.id, ts_headline(d.config::regconfig, d.text, websearch_to_tsquery(d.config::regconfig, %s),
                                     'StartSel={START}, StopSel={STOP}, MaxWords=35, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "'),
                   (SELECT w FROM regexp_split_to_table(d.short, '[^[:alnum:]]+') w, unnest(%s::text[]) qw
                    WHERE length(w) > 3 AND lower(w) <> lower(qw) AND similarity(qw, w) >= %s
                    ORDER BY similarity(qw, w) DESC LIMIT 1)
            FROM archive_searchdocument d WHERE d.id = ANY(%s)""",
            [q, words, SIMILAR_WORD, [d.pk for d in docs]],
        )
        rows = {row[0]: (row[1], row[2]) for row in cursor.fetchall()}
    result = {}
    for doc in docs:
        headline, similar = rows.get(doc.pk, ("", None))
        if similar:
            if similar in headline:
                headline = headline.replace(similar, f"{START}{similar}{STOP}", 1)
            elif START not in headline:
                headline = _around(doc.text, similar)
        result[doc.pk] = _marked(headline)
    return result


def _shorten(text: str, words: int = 35) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def _around(text: str, word: str, width: int = 15) -> str:
    """A snippet around a word trigram search found (a misspelling the stemmer cannot see), marked."""
    parts = text.split()
    index = next((i for i, part in enumerate(parts) if word in part), 0)
    lo, hi = max(0, index - width), index + width
    chosen = parts[lo:hi]
    chosen[index - lo] = chosen[index - lo].replace(word, f"{START}{word}{STOP}", 1)
    return ("… " if lo else "") + " ".join(chosen) + (" …" if hi < len(parts) else "")


def _marked(headline: str) -> SafeString:
    escaped = html.escape(headline.replace(START, "\x00s").replace(STOP, "\x00e"))
    return mark_safe(re.sub("\x00s", "<mark>", re.sub("\x00e", "</mark>", escaped)))


# --- saved searches ---------------------------------------------------------------------------------------

@dataclass
class SavedSearchRow:
    saved: SavedSearch
    count: int | None   # None: the stored query no longer validates


def saved_searches_for(user) -> QuerySet[SavedSearch]:
    return SavedSearch.objects.filter(user=user).order_by("name", "id")


def saved_searches_with_counts(user, limit: int = 10) -> list[SavedSearchRow]:
    """The user's first `limit` saved searches with the number of results each has now (capped like the search
    page's), all counted in one query that makes the same words-or-similar-spellings choice as `search`."""
    from archive.forms import SearchChoices, SearchForm

    saved = list(saved_searches_for(user)[:limit])
    if not saved:
        return []
    choices = SearchChoices.load()
    parts, params = [], []
    cap = CappedPaginator.CAP + 1

    def sql_of(queryset, n: int):
        return queryset.order_by().values("pk")[:n].query.sql_with_params()

    for item in saved:
        form = SearchForm(QueryDict(item.query), choices=choices)
        if not form.is_valid():
            continue
        words, similar = search_variants(form.cleaned_data)
        capped_sql, capped_params = sql_of(words, cap)
        if similar is None:
            parts.append(f"SELECT %s, (SELECT count(*) FROM ({capped_sql}) w)")
            params += [item.pk, *capped_params]
            continue
        few_sql, few_params = sql_of(words, FEW)
        similar_sql, similar_params = sql_of(similar, cap)
        parts.append(f"SELECT %s, CASE WHEN (SELECT count(*) FROM ({few_sql}) f) < {FEW} "
                     f"THEN (SELECT count(*) FROM ({similar_sql}) s) ELSE (SELECT count(*) FROM ({capped_sql}) w) END")
        params += [item.pk, *few_params, *similar_params, *capped_params]
    counts = {}
    if parts:
        _set_trigram_threshold()
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            counts = dict(cursor.fetchall())
    return [SavedSearchRow(item, counts.get(item.pk)) for item in saved]


# --- checked before ---------------------------------------------------------------------------------------

def matches_for_text(text: str, *, language: str = "", limit: int = 5, exclude_claims=()) -> list[matching.Match]:
    return matching.matcher().match(text, language=language, limit=limit, exclude_claims=exclude_claims)


def matches_for_claim(claim, *, limit: int = 5) -> list[matching.Match]:
    """Matches for an open claim: its statement, or its quote while it has none; never itself."""
    text = claim.statement.strip() or claim.exact
    return matches_for_text(text, language=claim.article.language, limit=limit, exclude_claims=[claim.pk])


def reuse_for_claim(claim_id: int) -> Reuse | None:
    return Reuse.objects.filter(claim_id=claim_id).first()
