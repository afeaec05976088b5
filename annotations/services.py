"""Every write. Views, the API, the demo loader and the tests all go through these functions.

Each service checks permission, validates, writes in one transaction and returns the saved object.
Errors are Django ValidationErrors keyed by field, PermissionDenied, or Conflict for a stale version.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F

from annotations import anchoring, permissions
from annotations.models import Article, ArticleStatus, Claim, Kind, Rating, Source
from annotations.text import normalize_body, normalize_line

ERR_VERDICT_KIND = "The verdict “{verdict}” does not apply to a claim of kind “{kind}”."
ERR_EMPTY_BODY = "The article has no text."
ERR_BODY_LOCKED = "The text of an article with claims is changed through a revision, not here."


class Conflict(Exception):
    """A save based on an old version. Carries the current object so the user sees what changed."""

    def __init__(self, current):
        super().__init__(f"{type(current).__name__} {current.pk} was changed by someone else meanwhile.")
        self.current = current


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied("Your role does not allow this.")


def _locked(model, pk: int, version: int | None):
    """Lock the row and compare versions: of two concurrent saves from the same version, one wins."""
    obj = model.objects.select_for_update().get(pk=pk)
    if version is not None and obj.version != version:
        raise Conflict(obj)
    return obj


# Articles


def article_create(*, user, title: str, body: str, url: str = "", publication: str = "", published_at: date | None = None) -> Article:
    _require(permissions.can_edit(user))
    article = Article(
        title=normalize_line(title),
        url=url.strip(),
        publication=normalize_line(publication),
        published_at=published_at,
        body=normalize_body(body),
        created_by=user,
    )
    if not article.body:
        raise ValidationError({"body": ERR_EMPTY_BODY})
    article.full_clean()
    article.save()
    return article


@transaction.atomic
def article_update(*, article: Article, user, version: int | None, changes: dict) -> Article:
    fields = dict(changes)
    _require(permissions.can_edit(user))
    article = _locked(Article, article.pk, version)
    if "body" in fields:
        body = normalize_body(fields.pop("body"))
        if not body:
            raise ValidationError({"body": ERR_EMPTY_BODY})
        if body != article.body and article.claims.exists():
            raise ValidationError({"body": ERR_BODY_LOCKED})
        article.body = body
    for name in ("title", "publication"):
        if name in fields:
            setattr(article, name, normalize_line(fields.pop(name)))
    for name, value in fields.items():
        setattr(article, name, value)
    article.version += 1
    article.full_clean()
    article.save()
    return article


def _refresh_article_status(article: Article) -> None:
    """New while the article has no claims; the review workflow refines the other states."""
    has_claims = article.claims.exists()
    status = ArticleStatus.IN_PROGRESS if has_claims else ArticleStatus.NEW
    if article.status in (ArticleStatus.NEW, ArticleStatus.IN_PROGRESS) and article.status != status:
        Article.objects.filter(pk=article.pk).update(status=status)
        article.status = status


# Claims


def _verdict_errors(verdict: Rating | None, kind: str) -> dict[str, str]:
    if verdict is not None and verdict.kinds and kind not in verdict.kinds:
        return {"verdict": ERR_VERDICT_KIND.format(verdict=verdict.label, kind=Kind(kind).label)}
    return {}


@transaction.atomic
def claim_create(
    *,
    article: Article,
    user,
    start: int,
    end: int,
    quote: str | None = None,
    claim: str = "",
    claimant: str = "",
    kind: str = Kind.FACTUAL,
    verdict: Rating | None = None,
    rationale: str = "",
    correction: str = "",
) -> Claim:
    _require(permissions.can_edit(user))
    article = Article.objects.select_for_update().get(pk=article.pk)
    errors = anchoring.span_errors(article.body, start, end, quote) | _verdict_errors(verdict, kind)
    if errors:
        raise ValidationError(errors)
    selector = anchoring.selector_for(article.body, start, end)
    obj = Claim(
        article=article,
        start=start,
        end=end,
        exact=selector.exact,
        prefix=selector.prefix,
        suffix=selector.suffix,
        claim=claim.strip() or selector.exact,
        claimant=normalize_line(claimant),
        kind=kind,
        verdict=verdict,
        rationale=rationale.strip(),
        correction=correction.strip(),
        created_by=user,
        updated_by=user,
    )
    obj.full_clean()
    obj.save()
    _refresh_article_status(article)
    return obj


CLAIM_EDITABLE = ("claim", "claimant", "kind", "verdict", "rationale", "correction")


@transaction.atomic
def claim_update(*, claim: Claim, user, version: int | None, changes: dict) -> Claim:
    fields = dict(changes)
    _require(permissions.can_edit(user))
    unknown = set(fields) - set(CLAIM_EDITABLE)
    if unknown:
        raise ValidationError({name: "This field cannot be changed." for name in unknown})
    obj = _locked(Claim, claim.pk, version)
    for name, value in fields.items():
        if isinstance(value, str):
            value = normalize_line(value) if name == "claimant" else value.strip()
        setattr(obj, name, value)
    errors = _verdict_errors(obj.verdict, obj.kind)
    if errors:
        raise ValidationError(errors)
    if not obj.claim:
        raise ValidationError({"claim": "Say what the claim asserts."})
    obj.updated_by = user
    obj.version += 1
    obj.full_clean()
    obj.save()
    return obj


@transaction.atomic
def claim_delete(*, claim: Claim, user, version: int | None = None) -> None:
    _require(permissions.can_edit(user))
    obj = _locked(Claim, claim.pk, version)
    article = obj.article
    obj.delete()
    _refresh_article_status(article)


# Sources


SOURCE_FIELDS = ("url", "title", "publisher", "excerpt", "accessed_at", "archive_url")


def _touch_claim(claim_id: int, user) -> None:
    # A source belongs to its claim: changing one is a change to the claim, seen by anyone holding an old version.
    Claim.objects.filter(pk=claim_id).update(version=F("version") + 1, updated_by=user)


@transaction.atomic
def source_create(*, claim: Claim, user, **fields) -> Source:
    _require(permissions.can_edit(user))
    source = Source(claim=claim, created_by=user, **{k: v for k, v in fields.items() if k in SOURCE_FIELDS})
    source.full_clean()
    source.save()
    _touch_claim(claim.pk, user)
    return source


@transaction.atomic
def source_update(*, source: Source, user, version: int | None, changes: dict) -> Source:
    fields = changes
    _require(permissions.can_edit(user))
    obj = _locked(Source, source.pk, version)
    for name in SOURCE_FIELDS:
        if name in fields:
            setattr(obj, name, fields[name])
    obj.version += 1
    obj.full_clean()
    obj.save()
    _touch_claim(obj.claim_id, user)
    return obj


@transaction.atomic
def source_delete(*, source: Source, user) -> None:
    _require(permissions.can_edit(user))
    claim_id = source.claim_id
    Source.objects.filter(pk=source.pk).delete()
    _touch_claim(claim_id, user)
