"""Every read of the archive app: search, snippets, saved searches with their counts, matches for a claim."""

from __future__ import annotations

import html
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import BooleanField, Exists, F, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.http import QueryDict
from django.utils.functional import cached_property
from django.utils.safestring import SafeString, mark_safe

from annotations.models import LiveState, Snapshot, SnapshotKind
from archive import matching
from archive.frequencies import lexeme_frequencies
from archive.models import Reuse, SavedSearch, SearchDocument

SIMILAR_WORD = 0.4  # trigram similarity of a similar spelling ("Pezeshkain" and "Pezeshkian" are 0.47 alike)
SIMILAR_WORDS_LIMIT = 5  # similar spellings looked up per word
RANK_LIMIT = 500
OLDER_LIMIT = 200  # matches ranked when the newest documents hold less than a page (see _relevance)
WALK_ROWS_SEVERAL = 12_000  # the longest walk for several words (see _windows)
WALK_COST = 0.3  # reading a posting list entry, in rows walked along the primary key (see _windows)
SELECT_RELATED = [
    "article",
    "claim",
    "claim__verdict",
    "claim__created_by",
    "claim__reviewed_by",
    "article__created_by",
]
FEW = 20  # fewer word matches than this: add similar spellings
CONFIGS_CACHE_SECONDS = 300
START, STOP = "\x02", "\x03"


class CappedPaginator(Paginator):
    """Counts at most CAP + 1 results: counting every match of a common word in millions of documents would cost
    more than the page itself. `capped` says there are more than `shown_count` (shown as "More than 500 results"):
    more than CAP were counted, or relevance ranked only the newest matches (`RankedResults.more`)."""

    CAP = 500

    @cached_property
    def count(self) -> int:
        if isinstance(self.object_list, RankedResults):
            return len(self.object_list)
        return self.object_list.order_by().values("pk")[: self.CAP + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > self.CAP or getattr(self.object_list, "more", False)

    @property
    def shown_count(self) -> int:
        return min(self.count, self.CAP)


class RankedResults(Sequence):
    """Results in an order computed once (relevance): the ordered ids of every ranked result; slicing fetches
    only the rows of that page, with everything the page shows. `more`: older matches were not ranked."""

    def __init__(self, ids: list[int], *, more: bool):
        self.ids, self.more = ids, more

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index):
        if isinstance(index, slice):
            ids = self.ids[index]
            rows = SearchDocument.objects.select_related(*SELECT_RELATED).in_bulk(ids)
            return [rows[pk] for pk in ids if pk in rows]
        return self[index : index + 1][0]


def search_configs() -> list[str]:
    """The text search configurations the documents use (a loose index scan; cached a few minutes)."""

    def load():
        with connection.cursor() as cursor:
            cursor.execute("""
                WITH RECURSIVE t(config) AS (
                    (SELECT config FROM archive_searchdocument ORDER BY config LIMIT 1)
                    UNION ALL
                    SELECT (SELECT d.config FROM archive_searchdocument d WHERE d.config > t.config
                            ORDER BY d.config LIMIT 1)
                    FROM t WHERE t.config IS NOT NULL
                ) SELECT config FROM t WHERE config IS NOT NULL""")
            return [row[0] for row in cursor.fetchall()]

    return cache.get_or_set("archive:search-configs", load, CONFIGS_CACHE_SECONDS) or []


def _words_condition(q: str, configs: list[str]) -> tuple[str, list]:
    # One `document @@ query` per configuration, each answered by the GIN index (a BitmapOr). The query is
    # parsed by websearch_to_tsquery: every word must occur; "quoted phrases", or, -word work.
    parts, params = [], []
    for config in configs:
        parts.append(
            "(archive_searchdocument.config = %s AND archive_searchdocument.document @@ "
            "websearch_to_tsquery(%s::regconfig, %s))"
        )
        params += [config, config, q]
    return "(" + (" OR ".join(parts) or "false") + ")", params


# The words of the archive spelt like a typed word (archive.models.Word, a small table with a trigram index), as
# a websearch query ("ashgabat or ashgabad"); NULL when there are none, and then the condition is false.
SIMILAR_WORDS = (
    f"(SELECT string_agg(s.word, ' or ') FROM (SELECT word FROM archive_word WHERE word %% lower(%s) "
    f"ORDER BY similarity(word, lower(%s)) DESC, word LIMIT {SIMILAR_WORDS_LIMIT}) s)"
)


def _similar_condition(q: str, configs: list[str]) -> tuple[str, list]:
    # What the words find, and also documents where each word occurs or a word spelt like it does. Both are
    # answered by the GIN index: similar spellings come from the small word table, not from the documents.
    # Phrases and queries with or / -word are taken as typed.
    words = re.findall(r"\w+", q)[:6]
    whole, params = _words_condition(q, configs)
    if not words or not configs or re.search(r'["\-]|\bor\b', q, re.I):
        return whole, params
    parts = []
    for word in words:
        condition, word_params = _words_condition(word, configs)
        alternatives = []
        for config in configs:
            alternatives.append(
                f"(archive_searchdocument.config = %s AND archive_searchdocument.document @@ "
                f"websearch_to_tsquery(%s::regconfig, {SIMILAR_WORDS}))"
            )
            word_params += [config, config, word, word]
        parts.append(f"({condition} OR {' OR '.join(alternatives)})")
        params += word_params
    return f"({whole} OR ({' AND '.join(parts)}))", params


def _rank(q: str, configs: list[str], *, similar: bool) -> tuple[str, list]:
    terms, params = [], []
    for config in configs:
        terms.append(
            "CASE WHEN archive_searchdocument.config = %s THEN ts_rank_cd(archive_searchdocument.document, "
            "websearch_to_tsquery(%s::regconfig, %s), 1) ELSE 0 END"
        )
        params += [config, config, q]
    if similar:
        # Documents found through a similar spelling have no rank of their own for the typed words.
        terms.append("0.5 * word_similarity(%s, archive_searchdocument.short)")
        params.append(q)
    return " + ".join(terms), params


def _filtered(filters: dict) -> QuerySet[SearchDocument]:
    docs = SearchDocument.objects.select_related(*SELECT_RELATED)
    claim_filter = filters.get("type") == "claims" or any(
        filters.get(name) for name in ("kind", "verdict", "state", "reviewer", "source")
    )
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
    if filters.get("source") == "changed":
        drifted = Snapshot.objects.filter(
            source__claim_id=OuterRef("claim_id"), kind=SnapshotKind.CITED, live__in=[LiveState.CHANGED, LiveState.GONE]
        )
        docs = docs.filter(Exists(drifted))
    if filters.get("reviewer_id"):
        docs = docs.filter(claim__reviewed_by_id=filters["reviewer_id"])
    elif filters.get("reviewer"):
        docs = docs.filter(claim__reviewed_by__username=filters["reviewer"])
    if filters.get("editor_id"):
        editor = filters["editor_id"]
        docs = docs.filter(Q(claim__created_by_id=editor) | Q(claim__isnull=True, article__created_by_id=editor))
    elif filters.get("editor"):
        editor = filters["editor"]
        docs = docs.filter(
            Q(claim__created_by__username=editor) | Q(claim__isnull=True, article__created_by__username=editor)
        )
    if filters.get("status"):
        docs = docs.filter(article__status=filters["status"])
    if filters.get("publication"):
        docs = docs.filter(article__publication__iexact=filters["publication"])
    if filters.get("date_from"):
        docs = docs.filter(article__published_at__gte=filters["date_from"])
    if filters.get("date_to"):
        docs = docs.filter(article__published_at__lte=filters["date_to"])
    if filters.get("language"):
        docs = docs.filter(
            Q(article__language=filters["language"]) | Q(article__language__startswith=filters["language"] + "-")
        )
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


def search(filters: dict) -> QuerySet[SearchDocument] | RankedResults:
    """Search documents (claims and articles) matching the cleaned SearchForm data, in the chosen order."""
    q = filters.get("q") or ""
    if q and filters.get("sort", "relevance") == "relevance":
        return _relevance(filters, q)
    docs, similar = search_variants(filters)
    if similar is not None:
        _set_trigram_threshold()
        if docs.order_by().values("pk")[:FEW].count() < FEW:
            # Names the text does not hold as typed ("Ashgatat"): when the words find less than a page, look for
            # similar spellings too.
            docs = similar
    if filters.get("sort") == "oldest":
        return docs.order_by(
            F("article__published_at").asc(nulls_last=True),
            "article__id",
            F("claim__start").asc(nulls_first=True),
            "id",
        )
    return docs.order_by(*NEWEST)


# An article before its claims, its claims in text order.
NEWEST = [
    F("article__published_at").desc(nulls_last=True),
    "-article__id",
    F("claim__start").asc(nulls_first=True),
    "id",
]


def _relevance(filters: dict, q: str) -> RankedResults:
    """The newest RANK_LIMIT or so matches of the words (with the filters), ranked.

    Ranking reads every match's tsvector, and a common word matches hundreds of thousands of documents, so only
    the newest are ranked. Finding them must not read the others either: the words' document frequencies
    (`archive.frequencies`) say how many of the newest documents hold about RANK_LIMIT matches (the window), and
    either the GIN index and that range of the primary key are combined (a BitmapAnd), or, when the words'
    posting lists are longer than the window, the key is walked backwards through the window. Fewer than a page
    there: older matches; still fewer: similar spellings.
    """
    _set_trigram_threshold()
    words, similar = search_variants(filters)
    words_window, similar_window, walk = _windows(q)
    # Tried in turn; the first that finds a page's worth is taken (later ones never run, one statement decides).
    # When the newest documents hold fewer, the matches are mostly older ones (words that meet in long article
    # texts, say): up to OLDER_LIMIT of them in storage order, which a bitmap scan reads without reading every
    # match (fewer than RANK_LIMIT: they are often whole articles, whose long tsvectors ranking reads).
    tries = [
        (words, words_window, False),
        (words, None, bool(words_window)),
        (similar, similar_window, False),
        (similar, None, bool(similar_window)),
    ]
    tries = [(docs, window, anyhow) for i, (docs, window, anyhow) in enumerate(tries) if not i % 2 or anyhow]
    level, ids = None, []
    if walk:
        # Its own statement: walking needs bitmap scans off, and the later steps need them.
        sql, params = _newest_sql(words, words_window, walk=True)
        ids = _ids(f"SELECT ARRAY[0::bigint] || ARRAY({sql})", params, bitmaps=False)
        level = 0 if len(ids) >= FEW else None
    if level is None:
        chosen_sql, params = "", []
        for i, (docs, window, anyhow) in reversed(list(enumerate(tries))):
            if walk and i == 0:
                continue
            if anyhow:
                sql, sql_params = docs.order_by().values_list("pk", flat=True)[:OLDER_LIMIT].query.sql_with_params()
            else:
                # Similar spellings: fewer (their rank adds a trigram similarity per row).
                sql, sql_params = _newest_sql(docs, window, limit=OLDER_LIMIT if docs is similar else RANK_LIMIT)
            found = f"(ARRAY[{i}::bigint] || ARRAY({sql}))"
            if not chosen_sql:
                chosen_sql, params = found, list(sql_params)
            else:
                # OFFSET 0 keeps the subquery from being folded into its two mentions (it would run twice).
                chosen_sql = (
                    f"(SELECT CASE WHEN cardinality(t.ids) > {FEW} THEN t.ids ELSE {chosen_sql} END "
                    f"FROM (SELECT {found} AS ids OFFSET 0) t)"
                )
                params = [*params, *sql_params]  # the ELSE branch comes first in the text
        level, *ids = _ids(f"SELECT {chosen_sql}", params, bitmaps=True)
    else:
        ids = ids[1:]
    docs, window, anyhow = tries[level]
    more = bool(window) or len(ids) >= (OLDER_LIMIT if anyhow or docs is similar else RANK_LIMIT)
    return RankedResults(_ranked(ids, q, similar=docs is similar), more=more)


def _ids(sql: str, params, *, bitmaps: bool) -> list[int]:
    """Run one id-finding statement with either bitmap scans only (ordering by `id + 0` already keeps the
    planner from walking the primary key; without index scans it cannot walk the window's key range either) or
    index scans only (the walk)."""
    setting = "enable_indexscan" if bitmaps else "enable_bitmapscan"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT current_setting('{setting}'), set_config('{setting}', 'off', false)")
        before = cursor.fetchone()[0]
        try:
            cursor.execute(sql, params)
            return cursor.fetchone()[0]
        finally:
            cursor.execute(f"SELECT set_config('{setting}', %s, false)", [before])


def _windows(q: str) -> tuple[int | None, int | None, bool]:
    """The lowest ids of the newest documents that hold about RANK_LIMIT matches of the words of `q`, and of
    the words or their similar spellings (None: all documents); and whether walking the words' window costs
    less than reading their posting lists."""
    configs = search_configs()
    words = re.findall(r"\w+", q)[:6]
    if not configs:
        return None, None, False
    with connection.cursor() as cursor:
        # Per typed word: its lexemes and those of its similar spellings, in every configuration.
        cursor.execute(
            f"""SELECT (SELECT max(id) FROM archive_searchdocument),
                   ARRAY(SELECT DISTINCT unnest(tsvector_to_array(to_tsvector(c::regconfig, %s)))
                         FROM unnest(%s::text[]) c),
                   ARRAY(SELECT array_to_string(ARRAY(
                             SELECT DISTINCT unnest(tsvector_to_array(to_tsvector(c::regconfig, w || ' ' || coalesce(
                                 (SELECT string_agg(s.word, ' ')
                                  FROM (SELECT word FROM archive_word WHERE word %% lower(w)
                                  ORDER BY similarity(word, lower(w)) DESC, word LIMIT {SIMILAR_WORDS_LIMIT}) s), ''))))
                             FROM unnest(%s::text[]) c), ' ')
                         FROM unnest(%s::text[]) w)""",
            [re.sub(r"(^|\s)-\w+", " ", q), configs, configs, words],
        )
        last, lexemes, per_word = cursor.fetchone()
    if not last:
        return None, None, False
    frequencies = lexeme_frequencies("archive_searchdocument", "document")

    def window_of(frequency: float) -> int | None:
        if frequency <= 0:
            return None  # rarer than every common lexeme: few matches, the GIN index alone finds them cheaply
        window = math.ceil(2 * RANK_LIMIT / frequency)
        return window if window < last * 0.8 else None

    known = [frequencies.get(lx, 0.0) for lx in lexemes]
    # Every word must occur (websearch syntax), so the rarest bounds the matches; with "or", the commonest.
    is_or = bool(re.search(r"\bor\b", q, re.I))
    words_window = window_of((max(known) if is_or else min(known)) if known else 0.0)
    # A word or any of its spellings: at most the sum of their frequencies; every word must occur.
    similar_window = window_of(
        min((sum(frequencies.get(lx, 0.0) for lx in group.split()) for group in per_word), default=0.0)
    )
    # The walk reads at most the window's rows (fewer when enough match early); the bitmap reads the posting
    # lists, each entry about WALK_COST of a row (measured on the 2-million-document archive), and for words
    # that must all occur, about as many entries as the rarest word has (the index skips through the others).
    # Several words may meet far more rarely than the rarest occurs, and a fruitless walk reads its whole window
    # before the bitmaps run anyway: for them only short walks.
    walk = (
        bool(words_window)
        and not is_or
        and words_window < WALK_COST * min(known) * last
        and (len(lexemes) == 1 or words_window <= WALK_ROWS_SEVERAL)
    )
    return (last - words_window if words_window else None), (last - similar_window if similar_window else None), walk


def _newest_sql(
    docs: QuerySet[SearchDocument], window: int | None, *, walk: bool = False, limit: int | None = None
) -> tuple[str, tuple]:
    """SQL of the ids of the newest RANK_LIMIT documents of `docs` (those with an id above `window`); `walk`:
    along the primary key, newest first."""
    if window:
        docs = docs.filter(pk__gt=window)
    if walk:
        return docs.order_by("-pk").values_list("pk", flat=True)[: limit or RANK_LIMIT].query.sql_with_params()
    return (
        docs.annotate(newest=F("pk") + 0)
        .order_by("-newest")
        .values_list("pk", flat=True)[: limit or RANK_LIMIT]
        .query.sql_with_params()
    )


def _ranked(ids: list[int], q: str, *, similar: bool) -> list[int]:
    """The ids best first (rank, then newest), computed over the documents alone; the page's rows come later."""
    if not ids:
        return []
    rank, params = _rank(q, search_configs(), similar=similar)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT archive_searchdocument.id FROM archive_searchdocument
                JOIN annotations_article a ON a.id = archive_searchdocument.article_id
                LEFT JOIN annotations_claim c ON c.id = archive_searchdocument.claim_id
                WHERE archive_searchdocument.id = ANY(%s)
                ORDER BY {rank} DESC, a.published_at DESC NULLS LAST, archive_searchdocument.article_id DESC,
                         c.start ASC NULLS FIRST, archive_searchdocument.id""",
            [list(ids), *params],
        )
        return [row[0] for row in cursor.fetchall()]


def _set_trigram_threshold() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('pg_trgm.similarity_threshold', %s, false)", [str(SIMILAR_WORD)])


SNIPPET_SOURCE = 2000  # characters of a long text (an article) given to ts_headline, around a word of the query
HEADLINE_OPTIONS = (
    f'StartSel={START}, StopSel={STOP}, MaxWords=35, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "'
)


def snippets(docs: list[SearchDocument], q: str) -> dict[int, SafeString]:
    """Snippets of these documents with the matching words in <mark>, escaped; one query for the page. Of a long
    text only SNIPPET_SOURCE characters around the first place one of the query's stems occurs are read (parsing
    whole articles for twenty headlines would cost more than the search)."""
    if not docs:
        return {}
    if not q:
        return {d.pk: mark_safe(html.escape(_shorten(d.text))) for d in docs}
    words = [w for w in re.findall(r"\w+", q) if len(w) > 3][:10]
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT d.id, ts_headline(d.config::regconfig, CASE WHEN length(d.text) <= {SNIPPET_SOURCE} THEN d.text ELSE
                                         substr(d.text, greatest(1, coalesce(nullif(strpos(lower(d.text),
                                             (SELECT min(lx)
                                              FROM unnest(tsvector_to_array(to_tsvector(d.config::regconfig, %s))) lx)
                                         ), 0), 1)
                                             - {SNIPPET_SOURCE // 4}), {SNIPPET_SOURCE}) END,
                                     websearch_to_tsquery(d.config::regconfig, %s),
                                     '{HEADLINE_OPTIONS}'),
                   (SELECT w FROM regexp_split_to_table(d.short, '[^[:alnum:]]+') w, unnest(%s::text[]) qw
                    WHERE length(w) > 3 AND lower(w) <> lower(qw) AND similarity(qw, w) >= %s
                    ORDER BY similarity(qw, w) DESC LIMIT 1)
            FROM archive_searchdocument d WHERE d.id = ANY(%s)""",
            [q, q, words, SIMILAR_WORD, [d.pk for d in docs]],
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

LIST_CAP = 100  # "my lists" count each saved search up to this (then "100+"): ten lists, each a page's worth


@dataclass
class SavedSearchRow:
    saved: SavedSearch
    count: int | None  # None: the stored query no longer validates

    @property
    def capped(self) -> bool:
        return self.count is not None and self.count > LIST_CAP

    @property
    def shown_count(self) -> int | None:
        return None if self.count is None else min(self.count, LIST_CAP)


def saved_searches_for(user) -> QuerySet[SavedSearch]:
    return SavedSearch.objects.filter(user=user).order_by("name", "id")


def saved_searches_with_counts(user, limit: int = 10) -> list[SavedSearchRow]:
    """The user's first `limit` saved searches with the number of results each has now (up to LIST_CAP + 1: counting
    a thousand rows for each of ten lists would cost seconds on a large archive), all counted in one query that
    makes the same words-or-similar-spellings choice as `search`."""
    from archive.forms import SearchChoices, SearchForm

    saved = list(saved_searches_for(user)[:limit])
    if not saved:
        return []
    choices = SearchChoices.load()
    parts, params = [], []
    cap = LIST_CAP + 1

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
        parts.append(
            f"SELECT %s, CASE WHEN (SELECT count(*) FROM ({few_sql}) f) < {FEW} "
            f"THEN (SELECT count(*) FROM ({similar_sql}) s) ELSE (SELECT count(*) FROM ({capped_sql}) w) END"
        )
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
