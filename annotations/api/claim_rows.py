"""Claims as the API shows them, read straight into dicts.

One query reads the claims with the joins their fields need (verdict, and the users by username), one more
reads the sources of all of them at once, keyed by claim id; no model instances, no serializer per row, and
datetimes stay datetime objects for the renderer (factcheck.api.renderers) to write. A sparse field set reads
only its columns and joins, and no sources unless asked for.

`serializers.ClaimSerializer` stays the documented shape (the OpenAPI schema) and the serializer for input;
tests/api/test_claim_rows.py holds the two to the same output, field by field.
"""

from collections.abc import Sequence

from django.contrib.auth import get_user_model
from django.db.models import Count, Max, QuerySet, Sum

from annotations.models import Article, Claim, Source

_USER = get_user_model().USERNAME_FIELD

# API field -> the column it is read from, in the representation's order; `sources` is read apart.
COLUMNS = {
    "id": "id",
    "article": "article_id",
    "quote": "exact",
    "prefix": "prefix",
    "suffix": "suffix",
    "start": "start",
    "end": "end",
    "anchor_state": "anchor_state",
    "claim": "statement",
    "kind": "kind",
    "claimant": "claimant",
    "verdict": "verdict__slug",
    "verdict_label": "verdict__label",
    "rationale": "rationale",
    "correction": "correction",
    "sources": None,
    "status": "status",
    "created_by": f"created_by__{_USER}",
    "updated_by": f"updated_by__{_USER}",
    "reviewed_by": f"reviewed_by__{_USER}",
    "submitted_at": "submitted_at",
    "reviewed_at": "reviewed_at",
    "version": "version",
    "created": "created",
    "updated": "updated",
}
FIELDS = tuple(COLUMNS)
SOURCE_FIELDS = ("id", "url", "title", "publisher", "excerpt", "accessed_at", "archive_url", "version")
ORDER = ("start", "-end", "id")

ERR_UNKNOWN_FIELDS = "Unknown field: {names}. Choose from: {known}."
ERR_NO_FIELDS = "Name at least one field, e.g. fields=id,start,end,kind,status."


def parse_fields(value: str | None) -> tuple[tuple[str, ...], str | None]:
    """The fields a `fields` query parameter asks for, in the representation's order, or an error message.

    None (no parameter) means every field."""
    if value is None:
        return FIELDS, None
    wanted = {name.strip() for name in value.split(",") if name.strip()}
    if not wanted:
        return (), ERR_NO_FIELDS
    unknown = sorted(wanted - set(FIELDS))
    if unknown:
        return (), ERR_UNKNOWN_FIELDS.format(names=", ".join(unknown), known=", ".join(FIELDS))
    return tuple(name for name in FIELDS if name in wanted), None


def claims_of_article(article_id: int) -> QuerySet[Claim]:
    return Claim.objects.filter(article_id=article_id).order_by(*ORDER)


def as_dicts(claims: QuerySet[Claim], fields: Sequence[str] = FIELDS) -> list[dict]:
    """The claims (a sliced or filtered QuerySet) as API dicts with the given fields, in the given order."""
    names = [name for name in fields if name != "sources"]
    with_sources = "sources" in fields
    columns = [COLUMNS[name] for name in names]
    if with_sources and "id" not in names:
        columns.append("id")  # to attach the sources; not shown
    rows = list(claims.values_list(*columns))
    if not with_sources:
        return [dict(zip(names, row)) for row in rows]

    id_at = columns.index("id")
    sources = sources_by_claim([row[id_at] for row in rows])
    at = list(fields).index("sources")
    keys = [*names[:at], "sources", *names[at:]]
    return [dict(zip(keys, (*row[:at], sources.get(row[id_at], []), *row[at : len(names)]))) for row in rows]


def sources_by_claim(claim_ids: list[int]) -> dict[int, list[dict]]:
    """The sources of these claims in one query, each claim's in id order."""
    found: dict[int, list[dict]] = {}
    if not claim_ids:
        return found
    rows = Source.objects.filter(claim_id__in=claim_ids).order_by("claim_id", "id").values_list("claim_id", *SOURCE_FIELDS)
    for claim_id, *values in rows:
        found.setdefault(claim_id, []).append(dict(zip(SOURCE_FIELDS, values)))
    return found


def one(claim_id: int) -> dict | None:
    found = as_dicts(Claim.objects.filter(pk=claim_id))
    return found[0] if found else None


def list_state(article_id: int) -> dict | None:
    """What the claims list of an article depends on, in one query; None when there is no such article.

    Every change to a claim or its sources raises the claim's version (the services do it), a new claim has
    a higher id than any before it, and a deleted one lowers the count: together with the article's version
    these change whenever the list does. Ratings are few, so their slugs and labels are summed up whole.
    """
    from django.db.models import OuterRef, Subquery, Value
    from django.db.models.functions import Concat, MD5

    from annotations.models import Rating
    from django.db.models import StringAgg

    ratings = (
        Rating.objects.annotate(group=Value(1)).values("group")
        .annotate(all=MD5(StringAgg(Concat("slug", Value("="), "label"), delimiter=Value("|"), order_by="id")))
        .values("all")
    )  # fmt: skip
    return (
        Article.objects.filter(pk=article_id)
        .annotate(n=Count("claims"), versions=Sum("claims__version"), last=Max("claims__id"), ratings=Subquery(ratings[:1]))
        .values("version", "n", "versions", "last", "ratings")
        .first()
    )
