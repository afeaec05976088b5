"""How common each lexeme is in a tsvector column: the document frequencies that let search and matching start
from their rarest words.

PostgreSQL already stores them: ANALYZE (run by autovacuum as the table changes, and by `archive_reindex`) keeps,
for a tsvector column, its most common lexemes with the fraction of rows holding each (`pg_stats.most_common_elems`
/ `most_common_elem_freqs`, up to ten times the statistics target, 1,000 by default). A lexeme missing from that
list is rarer than every one on it, so it counts as 0 here: exact figures matter only for the common ones, which
are the ones to avoid. Nothing is written on indexing, so approving a claim takes no lock on a shared counter row.
A table never analyzed (a fresh test database) has no list: every lexeme is then "rare" and callers fall back
to their own order.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db import connection

CACHE_SECONDS = 300
TABLES = {"archive_entry": "search", "archive_searchdocument": "document"}


def lexeme_frequencies(table: str, column: str) -> dict[str, float]:
    """{lexeme: fraction of the rows holding it} for the column's most common lexemes (cached a few minutes)."""

    def load():
        with connection.cursor() as cursor:
            # most_common_elems is `anyarray`: through text to text[]. The frequencies list ends with three summary
            # figures (minimum, maximum, null fraction) that zip() leaves out.
            cursor.execute(
                "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
                "WHERE schemaname = current_schema() AND tablename = %s AND attname = %s",
                [table, column],
            )
            row = cursor.fetchone()
        return dict(zip(row[0], row[1], strict=False)) if row and row[0] else {}

    return cache.get_or_set(f"archive:frequencies:{table}", load, CACHE_SECONDS)


def analyze() -> None:
    """Refresh the statistics of both indexed tables (after a bulk load) and forget the cached copies."""
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f'ANALYZE "{table}"')
    cache.delete_many([f"archive:frequencies:{table}" for table in TABLES])
