"""Every write of the archive app: importing fact-checks and keeping the matching index (Entry) in step."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection, transaction

from archive import claimreview, languages
from archive.matching import matcher as configured_matcher
from archive.models import Entry, FactCheck


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged, "errors": self.errors}


def fact_checks_import(*, data: bytes | str, content_type: str = "", user=None, matcher=None) -> ImportResult:
    """Import ClaimReview JSON-LD or CSV. Idempotent by url. Raises ValueError when the input is unusable as a
    whole; a bad item is reported in `errors` and the others still import."""
    records, problems = claimreview.parse(data, content_type=content_type)
    result = ImportResult(errors=[{"index": p.index, "problem": p.problem} for p in problems])
    with transaction.atomic():
        existing = {fc.url: fc for fc in FactCheck.objects.select_for_update().filter(url__in=[r.url for _, r in records])}
        changed = []
        for _, record in records:
            values = record.values()
            if not values["language"]:
                values["language"] = languages.detect(record.claim_reviewed)
            fact_check = existing.get(record.url)
            if fact_check is None:
                fact_check = FactCheck.objects.create(url=record.url, raw=record.raw, imported_by=user, **values)
                result.created += 1
            elif all(getattr(fact_check, name) == value for name, value in values.items()):
                result.unchanged += 1
                continue
            else:
                for name, value in values.items():
                    setattr(fact_check, name, value)
                fact_check.raw = record.raw
                fact_check.full_clean(exclude=["url", "raw", "appearances"])
                fact_check.save()
                result.updated += 1
            changed.append(fact_check)
        entries_index_fact_checks(changed, matcher=matcher)
    result.errors.sort(key=lambda e: e["index"])
    return result


def entries_index_fact_checks(fact_checks: list[FactCheck], *, matcher=None) -> None:
    """Create or refresh the matching entries of these fact-checks (one statement each)."""
    if not fact_checks:
        return
    normalize = (matcher or configured_matcher()).normalize
    rows = []
    for fc in fact_checks:
        config = languages.config_for(fc.language)
        rows.append(Entry(
            fact_check=fc, statement=fc.claim_reviewed, rating_label=fc.rating_label, url=fc.url,
            date_published=fc.date_published, language=fc.language, config=config,
            match_text=normalize(fc.claim_reviewed, fc.language), search="",
        ))
    entries = Entry.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["fact_check"],
        update_fields=["statement", "rating_label", "url", "date_published", "language", "config", "match_text"],
    )
    _vectorize([e.pk for e in entries])


def _vectorize(entry_ids: list[int]) -> None:
    # to_tsvector with a per-row configuration; the GIN index on `search` is what queries use.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE archive_entry SET search = to_tsvector(config::regconfig, match_text) WHERE id = ANY(%s)",
            [entry_ids],
        )
