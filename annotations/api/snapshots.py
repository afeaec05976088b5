"""A source's copy as the API shows it: shared by the serializer and the claim rows read straight from SQL."""

from datetime import datetime
from functools import cache

from django.urls import NoReverseMatch, reverse

# The fields of annotations.api.serializers.SnapshotSerializer, in its order; the URLs are computed.
FIELDS = (
    "state", "fetched_at", "status_code", "final_url", "sha256", "title", "text_url", "original_url",
    "archive_org_url", "live", "checked_at", "error",
)  # fmt: skip
STORED = tuple(name for name in FIELDS if not name.endswith("_url") or name in ("final_url", "archive_org_url"))


@cache
def _templates() -> tuple[str, str] | None:
    # The pages are the evidence plug-in's; without it installed there are none to link to.
    try:
        return reverse("snapshot_text", args=[0]), reverse("snapshot_original", args=[0])
    except NoReverseMatch:
        return None


def paths(pk: int, state: str) -> tuple[str | None, str | None]:
    templates = _templates()
    if state != "archived" or templates is None:
        return None, None
    return tuple(template.replace("/0/", f"/{pk}/") for template in templates)


def from_row(row: dict | None) -> dict | None:
    """The JSON object PostgreSQL built for a copy (with its id) as the serializer shows it."""
    if row is None:
        return None
    text_url, original_url = paths(row["id"], row["state"])
    row = row | {"text_url": text_url, "original_url": original_url}
    for name in ("fetched_at", "checked_at"):
        if row[name] is not None:
            row[name] = datetime.fromisoformat(row[name])
    return {name: row[name] for name in FIELDS}
