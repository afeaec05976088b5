"""Claims as the API shows them, read straight into dicts.

One SQL query reads a page of claims with only the joins their fields need (the verdict, and the users by
username) and, when asked for, each claim's sources aggregated by PostgreSQL into one JSON array per claim: no
model instances, no serializer per row, and datetimes stay datetime objects for the renderer
(factcheck.api.renderers) to write. The statement is put together here from the fixed pieces below, never
from input; the article or claim id, the limit and the offset are parameters. Django's ORM would spend more
time compiling the query than PostgreSQL takes to run it.

`serializers.ClaimSerializer` stays the documented shape (the OpenAPI schema) and the serializer for input;
tests/api/test_claim_list.py holds the two to the same output, field by field.
"""

import orjson
import psycopg
from django.contrib.auth import get_user_model
from django.db import connections, router
from django.utils.translation import gettext_lazy as _
from psycopg import postgres, pq

from annotations.api import snapshots
from annotations.models import Article, Claim, Rating, Snapshot, Source

_USER = get_user_model()
_TABLES = {
    "claim": Claim._meta.db_table,
    "rating": Rating._meta.db_table,
    "source": Source._meta.db_table,
    "snapshot": Snapshot._meta.db_table,
    "article": Article._meta.db_table,
    "user": _USER._meta.db_table,
}
_USERNAME = _USER._meta.get_field(_USER.USERNAME_FIELD).column


def _column(model, name: str) -> str:
    return model._meta.get_field(name).column


# API field -> (SQL expression, the join it needs), in the representation's order.
COLUMNS = {
    "id": ("c.id", None),
    "article": (f"c.{_column(Claim, 'article')}", None),
    "quote": ("c.exact", None),
    "prefix": ("c.prefix", None),
    "suffix": ("c.suffix", None),
    "start": ('c."start"', None),
    "end": ('c."end"', None),
    "anchor_state": ("c.anchor_state", None),
    "claim": (f"c.{_column(Claim, 'statement')}", None),
    "kind": ("c.kind", None),
    "claimant": ("c.claimant", None),
    "verdict": ("v.slug", "verdict"),
    "verdict_label": ("v.label", "verdict"),
    "rationale": ("c.rationale", None),
    "correction": ("c.correction", None),
    "sources": ("src.list", "sources"),
    "status": ("c.status", None),
    "created_by": (f"cb.{_USERNAME}", "created_by"),
    "updated_by": (f"ub.{_USERNAME}", "updated_by"),
    "reviewed_by": (f"rb.{_USERNAME}", "reviewed_by"),
    "submitted_at": ("c.submitted_at", None),
    "reviewed_at": ("c.reviewed_at", None),
    "version": ("c.version", None),
    "created": ("c.created", None),
    "updated": ("c.updated", None),
}
FIELDS = tuple(COLUMNS)
SOURCE_FIELDS = ("id", "url", "title", "publisher", "excerpt", "accessed_at", "archive_url", "version")
_SNAPSHOT_JSON = ", ".join(f"'{name}', sn.{_column(Snapshot, name)}" for name in ("id", *snapshots.STORED))
# A source's copy: the newest one taken as cited (after a URL change, the copy of the new URL).
_SNAPSHOT = (
    f"(SELECT json_build_object({_SNAPSHOT_JSON}) FROM {_TABLES['snapshot']} sn "
    f"WHERE sn.{_column(Snapshot, 'source')} = s.id AND sn.kind = 'cited' ORDER BY sn.id DESC LIMIT 1)"
)
_SOURCE_JSON = (
    ", ".join(f"'{name}', s.{_column(Source, name)}" for name in SOURCE_FIELDS) + f", 'snapshot', {_SNAPSHOT}"
)
JOINS = {
    "verdict": f"LEFT JOIN {_TABLES['rating']} v ON v.id = c.{_column(Claim, 'verdict')}",
    "created_by": f"JOIN {_TABLES['user']} cb ON cb.id = c.{_column(Claim, 'created_by')}",
    "updated_by": f"JOIN {_TABLES['user']} ub ON ub.id = c.{_column(Claim, 'updated_by')}",
    "reviewed_by": f"LEFT JOIN {_TABLES['user']} rb ON rb.id = c.{_column(Claim, 'reviewed_by')}",
    # The sources of the claims read (c, below) grouped by claim in one pass; json keeps the keys in this order
    # (jsonb would sort them); accessed_at comes out as YYYY-MM-DD.
    "sources": f"""LEFT JOIN (
        SELECT s.{_column(Source, "claim")} AS claim_id,
               json_agg(json_build_object({_SOURCE_JSON}) ORDER BY s.id)::text AS list
        FROM {_TABLES["source"]} s WHERE s.{_column(Source, "claim")} IN (SELECT id FROM c)
        GROUP BY s.{_column(Source, "claim")}) src ON src.claim_id = c.id""",
}
ORDER = 'c."start", c."end" DESC, c.id'  # as Claim.Meta.ordering

ERR_UNKNOWN_FIELDS = _("Unknown field: %(names)s. Choose from: %(known)s.")
ERR_NO_FIELDS = _("Name at least one field, e.g. fields=id,start,end,kind,status.")


def parse_fields(value: str | None) -> tuple[tuple[str, ...], str | None]:
    """The fields a `fields` query parameter asks for, in the representation's order, or an error message.

    None (no parameter) means every field."""
    if value is None:
        return FIELDS, None
    wanted = {name.strip() for name in value.split(",") if name.strip()}
    if not wanted:
        return (), str(ERR_NO_FIELDS)
    unknown = sorted(wanted - set(FIELDS))
    if unknown:
        return (), ERR_UNKNOWN_FIELDS % {"names": ", ".join(unknown), "known": ", ".join(FIELDS)}
    return tuple(name for name in FIELDS if name in wanted), None


def _select(fields, where: str, *, paged: bool = False) -> str:
    """The claims matching `where` (a page of them when `paged`: LIMIT and OFFSET parameters follow), and only
    then their joins: the verdicts, users and sources of the rows shown, not of every claim of the article."""
    joins = dict.fromkeys(COLUMNS[name][1] for name in fields if COLUMNS[name][1])
    page = f" ORDER BY {ORDER} LIMIT %s OFFSET %s" if paged else ""
    return (
        f"WITH c AS (SELECT * FROM {_TABLES['claim']} c WHERE {where}{page}) "
        f"SELECT {', '.join(COLUMNS[name][0] for name in fields)} FROM c "
        f"{' '.join(JOINS[join] for join in joins)} ORDER BY {ORDER}"
    )


# psycopg's own loader for timestamptz, in C. Django puts a Python one in front of it on every connection (to
# set the connection's time zone, UTC, which the text from PostgreSQL already carries as its offset): with
# four datetimes per claim, that was a third of reading 200 claims.
_TIMESTAMPTZ = postgres.types["timestamptz"].oid
_FAST_TIMESTAMPTZ = psycopg.adapters.get_loader(_TIMESTAMPTZ, pq.Format.TEXT)


def _cursor():
    cursor = connections[router.db_for_read(Claim)].cursor()  # a replica inside replica_reads(), as the ORM would
    cursor.cursor.adapters.register_loader(_TIMESTAMPTZ, _FAST_TIMESTAMPTZ)
    return cursor


def _dicts(sql: str, params: list, fields) -> list[dict]:
    with _cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return _rows_to_dicts(rows, fields)


def _sources(value: str | None) -> list[dict]:
    if not value:
        return []
    sources = orjson.loads(value)
    for source in sources:
        if source["snapshot"] is not None:
            source["snapshot"] = snapshots.from_row(source["snapshot"])
    return sources


def _rows_to_dicts(rows: list[tuple], fields) -> list[dict]:
    if "sources" not in fields:
        return [dict(zip(fields, row, strict=True)) for row in rows]
    at = fields.index("sources")
    return [dict(zip(fields, (*row[:at], _sources(row[at]), *row[at + 1 :]), strict=True)) for row in rows]


def of_article(article_id: int, fields=FIELDS, *, offset: int = 0, limit: int | None = None) -> list[dict]:
    """A page of an article's claims in text order, as API dicts with the given fields."""
    fields = tuple(fields)
    return _dicts(_select(fields, "c.article_id = %s", paged=True), [article_id, limit, offset], fields)


def state_and_page(article_id: int, fields, *, offset: int, limit: int) -> tuple[dict | None, list[dict]]:
    """list_state() and of_article() in one round trip to PostgreSQL (psycopg's pipeline mode: both statements
    go out together, then both answers come back), for a request that holds no ETag to compare first."""
    fields = tuple(fields)
    database = connections[router.db_for_read(Claim)]
    database.ensure_connection()
    with database.connection.pipeline(), _cursor() as state_cursor, _cursor() as rows_cursor:
        state_cursor.execute(_STATE_SQL, [article_id])
        rows_cursor.execute(_select(fields, "c.article_id = %s", paged=True), [article_id, limit, offset])
        state = state_cursor.fetchone()
        rows = rows_cursor.fetchall()
    return (dict(zip(_STATE_NAMES, state, strict=True)) if state else None), _rows_to_dicts(rows, fields)


def one(claim_id: int, fields=FIELDS) -> dict | None:
    fields = tuple(fields)
    found = _dicts(_select(fields, "c.id = %s"), [claim_id], fields)
    return found[0] if found else None


def list_state(article_id: int) -> dict | None:
    """What the claims list of an article depends on, in one query; None when there is no such article.

    Every change to a claim or its sources raises the claim's version (the services do it), a new claim has
    a higher id than any before it, and a deleted one lowers the count: together with the article's version
    these change whenever the list does. Ratings are few, so their slugs and labels are summed up whole.
    Plain SQL: this runs on every request for the list, also those answered 304, and Django would spend
    longer compiling the query than PostgreSQL takes to run it.
    """
    with _cursor() as cursor:
        cursor.execute(_STATE_SQL, [article_id])
        row = cursor.fetchone()
    return dict(zip(_STATE_NAMES, row, strict=True)) if row else None


_STATE_NAMES = ("version", "n", "versions", "last", "ratings", "snapshots")


_STATE_SQL = """
SELECT a.version, count(c.id), coalesce(sum(c.version), 0), coalesce(max(c.id), 0),
       (SELECT md5(coalesce(string_agg(r.slug || '=' || r.label, '|' ORDER BY r.id), '')) FROM {rating} r),
       -- The sources' copies change without the claims' versions (taken, checked again by the worker).
       (SELECT md5(coalesce(string_agg(sn.id || sn.state || sn.live || coalesce(sn.checked_at::text, ''), '|'
                                       ORDER BY sn.id), ''))
        FROM {snapshot} sn JOIN {source} s ON s.id = sn.source_id JOIN {claim} c2 ON c2.id = s.claim_id
        WHERE c2.article_id = a.id AND sn.kind = 'cited')
FROM {article} a LEFT JOIN {claim} c ON c.article_id = a.id
WHERE a.id = %s
GROUP BY a.id
""".format(**_TABLES)
