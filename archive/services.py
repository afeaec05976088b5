"""Every write of the archive app: importing fact-checks and keeping the matching index (Entry) in step."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.http import QueryDict
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from archive import claimreview, languages, matching
from archive.matching import forget_cached_languages
from archive.matching import matcher as configured_matcher
from archive.models import Entry, FactCheck, Reuse, vector_literal


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged, "errors": self.errors}


IMPORT_BATCH = 1000


def fact_checks_import(*, data: bytes | str, content_type: str = "", user=None, matcher=None) -> ImportResult:
    """Import ClaimReview JSON-LD or CSV. Idempotent by url. Raises ValueError when the input is unusable as a
    whole; a bad item is reported in `errors` and the others still import. New fact-checks are written in
    batches (an archive of 100,000 imports at several hundred a second); their embeddings are left to the
    worker, and until then they are matched by their words."""
    records, problems = claimreview.parse(data, content_type=content_type)
    # The problems in the active language (the request's, for the API); the command line's is English.
    result = ImportResult(errors=[{"index": p.index, "problem": p.text(gettext)} for p in problems])
    with transaction.atomic():
        for start in range(0, len(records), IMPORT_BATCH):
            _import_batch([r for _, r in records[start : start + IMPORT_BATCH]], result, user=user, matcher=matcher)
    result.errors.sort(key=lambda e: e["index"])
    return result


def _import_batch(records, result: ImportResult, *, user, matcher) -> None:
    existing = {fc.url: fc for fc in FactCheck.objects.select_for_update().filter(url__in=[r.url for r in records])}
    new, changed = [], []
    for record in records:
        values = record.values()
        if not values["language"]:
            values["language"] = languages.detect(f"{record.claim_reviewed} {record.headline}")
        fact_check = existing.get(record.url)
        if fact_check is None:
            new.append(FactCheck(url=record.url, raw=record.raw, imported_by=user, **values))
        elif all(getattr(fact_check, name) == value for name, value in values.items()):
            result.unchanged += 1
        else:
            for name, value in values.items():
                setattr(fact_check, name, value)
            fact_check.raw = record.raw
            fact_check.full_clean(exclude=["url", "raw", "appearances"])
            fact_check.save()
            result.updated += 1
            changed.append(fact_check)
    created = FactCheck.objects.bulk_create(new)
    result.created += len(created)
    entries_index_fact_checks(created + changed, matcher=matcher)


def entries_index_fact_checks(fact_checks: list[FactCheck], *, matcher=None) -> None:
    """Create or refresh the matching entries of these fact-checks (a few statements for all of them), and
    defer their embedding (archive.tasks.embed_entries) in the same transaction."""
    if not fact_checks:
        return
    normalize = (matcher or configured_matcher()).normalize
    columns = {name: [] for name in ENTRY_COLUMNS}
    for fc in fact_checks:
        for name, value in (
            ("fact_check_id", fc.pk),
            ("statement", fc.claim_reviewed),
            ("headline", fc.headline),
            ("rating_label", fc.rating_label),
            ("url", fc.url),
            ("date_published", fc.date_published),
            ("language", fc.language),
            ("config", languages.config_for(fc.language)),
            ("match_text", normalize(matching.entry_text(fc.claim_reviewed, fc.headline), fc.language)),
        ):
            columns[name].append(value)
    # One statement: the row is written once, with its tsvector (an insert and then an update would write every
    # row and its index entries twice). A changed fact-check loses its embedding until the worker redoes it.
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO archive_entry ({", ".join(ENTRY_COLUMNS)}, search, embedding)
                SELECT {", ".join(f"v.{name}" for name in ENTRY_COLUMNS)},
                       to_tsvector(v.config::regconfig, v.match_text), NULL
                FROM unnest({", ".join(f"%s::{kind}[]" for kind in ENTRY_COLUMNS.values())})
                     AS v({", ".join(ENTRY_COLUMNS)})
                ON CONFLICT (fact_check_id) DO UPDATE SET
                    {", ".join(f"{name} = EXCLUDED.{name}" for name in ENTRY_COLUMNS if name != "fact_check_id")},
                    search = EXCLUDED.search, embedding = NULL
                RETURNING id""",
            list(columns.values()),
        )
        ids = [row[0] for row in cursor.fetchall()]
    embedding_defer(ids)
    forget_cached_languages()


ENTRY_COLUMNS = {
    "fact_check_id": "bigint",
    "statement": "text",
    "headline": "text",
    "rating_label": "text",
    "url": "text",
    "date_published": "date",
    "language": "text",
    "config": "text",
    "match_text": "text",
}


EMBED_BATCH = 64  # entries per embedding job: a few seconds of one core


def embedding_defer(entry_ids: list[int]) -> None:
    """Ask the worker to embed these entries, in jobs of EMBED_BATCH, inside the caller's transaction. By the
    task's name: this module does not import its jobs."""
    from procrastinate.contrib.django import app

    for start in range(0, len(entry_ids), EMBED_BATCH):
        app.configure_task(name=EMBED_TASK, queue=EMBED_QUEUE).defer(
            entry_ids=list(entry_ids[start : start + EMBED_BATCH])
        )


EMBED_TASK, EMBED_QUEUE = "archive.embed_entries", "embeddings"


def entries_embed(entry_ids: list[int], *, embedder=None) -> int:
    """Write the embeddings of these entries (those still without one, or all when re-embedding cleared them).
    Returns how many were written. Run by the worker; also by `manage.py archive_embed`."""
    from archive import embedding

    entries = list(
        Entry.objects.filter(pk__in=entry_ids, embedding__isnull=True)
        .order_by("pk")
        .values_list("pk", "statement", "headline")
    )
    if not entries:
        return 0
    embedder = embedder or matching.embedder()
    vectors = embedder.passages([embedding.passage_text(statement, headline) for _, statement, headline in entries])
    written = [(pk, vector_literal(v)) for (pk, _, _), v in zip(entries, vectors, strict=True) if v is not None]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE archive_entry e SET embedding = v.embedding::vector FROM unnest(%s::bigint[], %s::text[]) "
            "AS v(id, embedding) WHERE e.id = v.id",
            [[pk for pk, _ in written], [literal for _, literal in written]],
        )
    return len(written)


# --- Reusing a past fact-check ------------------------------------------------------------------------------

ERR_NOT_DRAFT = _("Only a draft claim (or one sent back for changes) can take over a past verdict.")


@dataclass(frozen=True)
class Original:
    """What reusing an archive entry copies: verdict, rationale and sources, and the link back."""

    statement: str
    rating: object | None  # annotations.models.Rating, or None when no rating of ours fits
    rating_label: str
    rationale: str
    sources: list[dict]
    url: str
    fact_check_id: int | None
    claim_id: int | None


def original_of(entry: Entry, *, kind: str) -> Original:
    from annotations.models import Claim, Rating

    if entry.claim_id:
        claim = Claim.objects.select_related("verdict").prefetch_related("sources").get(pk=entry.claim_id)
        sources = [
            {name: getattr(s, name) for name in ("url", "title", "publisher", "excerpt", "accessed_at", "archive_url")}
            for s in claim.sources.all()
        ]
        return Original(
            statement=claim.statement,
            rating=claim.verdict,
            rating_label=entry.rating_label,
            rationale=claim.rationale,
            sources=sources,
            url=entry.url,
            fact_check_id=None,
            claim_id=claim.pk,
        )
    fc = entry.fact_check
    rating = rating_for(fc, [r for r in Rating.objects.all() if not r.kinds or kind in r.kinds])
    when = f", {fc.date_published:%-d %B %Y}" if fc.date_published else ""
    by = f" by {fc.author_name}" if fc.author_name else ""
    rationale = f"Checked before{by}{when}: “{fc.claim_reviewed}” was rated {fc.rating_label}."
    body = (fc.raw or {}).get("reviewBody")
    if isinstance(body, str) and body.strip():
        rationale += "\n\n" + body.strip()
    source = {
        "url": fc.url,
        "title": fc.claim_reviewed[:300],
        "publisher": fc.author_name[:200],
        "excerpt": "",
        "accessed_at": None,
        "archive_url": "",
    }
    return Original(
        statement=fc.claim_reviewed,
        rating=rating,
        rating_label=fc.rating_label,
        rationale=rationale,
        sources=[source],
        url=fc.url,
        fact_check_id=fc.pk,
        claim_id=None,
    )


def rating_for(fact_check: FactCheck, ratings) -> object | None:
    """Our rating for an imported verdict: the same label, else the nearest point on the 1-5 scale."""
    ratings = list(ratings)
    label = fact_check.rating_label.strip().casefold()
    for rating in ratings:
        if label in (rating.label.casefold(), rating.slug.casefold()):
            return rating
    value, best, worst = fact_check.rating_value, fact_check.best_rating, fact_check.worst_rating
    if value is None:
        return None
    best = 5.0 if best is None else best
    worst = 1.0 if worst is None else worst
    if best == worst:
        return None
    scaled = 1 + 4 * (value - worst) / (best - worst)
    scored = [r for r in ratings if r.value is not None]
    return min(scored, key=lambda r: (abs(r.value - scaled), r.position), default=None)


def _link(*, claim, original: Original, user) -> Reuse:
    reuse, _ = Reuse.objects.update_or_create(
        claim=claim,
        defaults=dict(
            fact_check_id=original.fact_check_id,
            original_claim_id=original.claim_id,
            statement=original.statement,
            rating_label=original.rating_label,
            url=original.url,
            created_by=user,
        ),
    )
    return reuse


def _copy_sources(*, claim, original: Original, user) -> None:
    from annotations import services as core

    present = set(claim.sources.values_list("url", flat=True))
    for source in original.sources:
        if source["url"] not in present:
            core.source_create(claim=claim, user=user, **source)


def reuse_into_claim(*, claim, entry: Entry, user, version: int | None) -> Reuse:
    """Copy the entry's verdict, rationale and sources into a draft claim and link the two."""
    from annotations import services as core
    from annotations.models import ClaimStatus

    if claim.status not in (ClaimStatus.DRAFT, ClaimStatus.CHANGES_REQUESTED):
        raise ValidationError({"__all__": ERR_NOT_DRAFT})
    original = original_of(entry, kind=claim.kind)
    with transaction.atomic():
        changes = {"rationale": original.rationale}
        if original.rating is not None:
            changes["verdict"] = original.rating
        claim = core.claim_update(claim=claim, user=user, version=version, changes=changes)
        _copy_sources(claim=claim, original=original, user=user)
        return _link(claim=claim, original=original, user=user)


def reuse_into_new_claim(
    *, article, entry: Entry, user, start: int, end: int, quote: str, kind: str, statement: str = "", claimant: str = ""
):
    """Create the draft claim on the selected text with the entry's verdict, rationale and sources."""
    from annotations import services as core

    original = original_of(entry, kind=kind)
    with transaction.atomic():
        claim = core.claim_create(
            article=article,
            user=user,
            start=start,
            end=end,
            quote=quote,
            kind=kind,
            claimant=claimant,
            statement=statement or original.statement,
            verdict=original.rating,
            rationale=original.rationale,
        )
        _copy_sources(claim=claim, original=original, user=user)
        _link(claim=claim, original=original, user=user)
    return claim


# --- Saved searches -----------------------------------------------------------------------------------------

ERR_NAME_TAKEN = _("You already have a saved search with this name.")
MAX_SAVED = 200


def saved_search_save(*, user, name: str, query: str):
    """Save (or, under a name already used, replace) a search of this user's."""
    from archive.models import SavedSearch

    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Give the search a name.")})
    query = QueryDict(query).urlencode()  # normalized; the page number is not part of a list
    query = "&".join(part for part in query.split("&") if part and not part.startswith("page="))
    with transaction.atomic():
        saved = SavedSearch.objects.select_for_update().filter(user=user, name=name).first()
        if saved is None:
            if SavedSearch.objects.filter(user=user).count() >= MAX_SAVED:
                raise ValidationError({"name": _("You can keep at most %(max)s saved searches.") % {"max": MAX_SAVED}})
            saved = SavedSearch(user=user, name=name)
        saved.query = query
        saved.full_clean()
        saved.save()
    return saved


def saved_search_delete(*, saved, user) -> None:
    if saved.user_id != user.pk:
        raise ValidationError({"__all__": _("This is not your saved search.")})
    saved.delete()
