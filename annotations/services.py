"""Every write. Views, the API, the demo loader and the tests all go through these functions.

Each service checks permission, validates, writes in one transaction and returns the saved object.
Errors are Django ValidationErrors keyed by field, PermissionDenied, or Conflict for a stale version.
History is written by database triggers (django-pghistory); services add who did it as the trigger context.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import wraps

import pghistory
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Count, F, Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from annotations import anchoring, events, permissions, reanchoring
from annotations.language import detect_language
from annotations.models import (
    AnchorState,
    Article,
    ArticleStatus,
    Channel,
    Claim,
    ClaimKind,
    ClaimStatus,
    Comment,
    CommentKind,
    Correction,
    PublishedClaim,
    Rating,
    Revision,
    Source,
)
from annotations.permissions import require
from annotations.text import BODY_FORMATS, normalize_body, normalize_line
from factcheck.concurrency import Conflict, retried_on_deadlock

ERR_VERDICT_KIND = _("The verdict “{verdict}” does not apply to a claim of kind “{kind}”.")
ERR_EMPTY_BODY = _("The article has no text.")
ERR_BODY_FORMAT = _("Say whether the body is plain text (text) or HTML (html).")
ERR_NOT_ORPHANED = _("Only a claim whose text was lost can be re-attached.")
ERR_NOT_FUZZY = _("Only a claim on edited text needs its new position confirmed.")
ERR_CLAIM_EMPTY = _("Say what the claim asserts.")
ERR_LOCKED = _("This claim is approved and locked; a reviewer must reopen it before it can change.")
ERR_SUBMIT_STATE = _("Only a draft or a claim sent back for changes can be submitted (this one is {status}).")
ERR_SUBMIT_VERDICT = _("Choose a verdict before submitting.")
ERR_SUBMIT_SOURCES = _("Add at least one source before submitting.")
ERR_SUBMIT_SOURCES_OR_CORRECTION = _("Add at least one source, or a correction, before submitting.")
ERR_REVIEW_STATE = _("Only a submitted claim can be reviewed (this one is {status}).")
ERR_FOUR_EYES = _("You created or last changed this claim, so someone else must approve it.")
ERR_APPROVE_FUZZY = permissions.ERR_APPROVE_FUZZY
ERR_APPROVE_ORPHANED = permissions.ERR_APPROVE_ORPHANED
BACK_TO_REVIEW = "The claim now quotes other text ({how}); back to review."
ERR_COMMENT_REQUIRED = _("Say what needs to change.")
ERR_REASON_REQUIRED = _("Give a reason for reopening.")
ERR_REOPEN_STATE = _("Only an approved claim can be reopened (this one is {status}).")
ERR_SIGN_OFF_PENDING = _("Every claim must be approved before the article is signed off ({pending} not yet).")
ERR_ALREADY_SIGNED = _("The article is already signed off.")
ERR_COMMENT_EMPTY = _("Write a comment first.")
ERR_ASSIGNEE_ROLE = _("{name} has no newsroom role, so cannot edit this article.")
ERR_REVIEWER_ROLE = _("{name} is not a reviewer, so cannot review this article.")
UNCHANGED = object()  # an assignment argument left as it is


def _locked(model, pk: int, version: int | None):
    """Lock the row and compare versions: of two concurrent saves from the same version, one wins."""
    obj = model.objects.select_for_update().get(pk=pk)
    if version is not None and obj.version != version:
        raise Conflict(obj)
    return obj


def audited(service):
    """One transaction per service, with the acting user recorded beside every history row it causes.

    Services take their locks in one order (article, then claim, then sources); should a deadlock happen anyway
    the whole service runs again."""

    @wraps(service)
    @retried_on_deadlock
    def wrapper(*args, user, **kwargs):
        with transaction.atomic(), pghistory.context(user=getattr(user, "pk", None), service=service.__name__):
            return service(*args, user=user, **kwargs)

    return wrapper


# Articles


ERR_EXTERNAL_ID_TAKEN = _("Another article already has this external id.")


@audited
def article_create(
    *,
    user,
    title: str,
    body: str,
    url: str = "",
    publication: str = "",
    published_at: date | None = None,
    language: str | None = None,
    external_id: str | None = None,
    channel: str = Channel.UI,
    body_format: str = "text",
) -> Article:
    """`body_format`: "text" keeps the body as sent (line breaks normalised); "html" reduces markup to its text."""
    require(permissions.can_edit(user))
    article = Article(
        title=normalize_line(title),
        url=url.strip(),
        publication=normalize_line(publication),
        published_at=published_at,
        body=normalize_body(body, _body_format(body_format)),
        external_id=external_id or None,
        created_by=user,
    )
    if not article.body:
        raise ValidationError({"body": ERR_EMPTY_BODY})
    article.language = language.strip() if language else detect_language(article.body)
    _external_id_check(article)
    article.full_clean()
    article.save()
    Revision.objects.create(article=article, number=1, body=article.body, created_by=user, channel=channel)
    events.publish(events.ArticleCreated(article_id=article.pk, actor_id=user.pk))
    return article


def _external_id_check(article: Article) -> None:
    # Named after the field rather than left to the unique constraint, so the API can say what is wrong.
    if article.external_id and Article.objects.filter(external_id=article.external_id).exclude(pk=article.pk).exists():
        raise ValidationError({"external_id": ERR_EXTERNAL_ID_TAKEN})


@audited
def article_update(*, article: Article, user, version: int | None, changes: dict, channel: str = Channel.UI) -> Article:
    require(permissions.can_edit(user))
    fields = dict(changes)
    body_format = _body_format(fields.pop("body_format", "text"))
    article = _locked(Article, article.pk, version)
    old_body = article.body
    body_changed = False
    if "body" in fields:
        body = normalize_body(fields.pop("body"), body_format)
        if not body:
            raise ValidationError({"body": ERR_EMPTY_BODY})
        if body != article.body:
            article.body = body
            body_changed = True
    for name in ("title", "publication"):
        if name in fields:
            setattr(article, name, normalize_line(fields.pop(name)))
    if "external_id" in fields:
        article.external_id = fields.pop("external_id") or None  # "" removes the link to the CMS
    if "language" in fields:
        article.language = (fields.pop("language") or "").strip()
    elif body_changed:
        article.language = detect_language(article.body)
    assigned = _assignment_apply(article, user, fields.pop("assignee", UNCHANGED), fields.pop("reviewer", UNCHANGED))
    for name, value in fields.items():
        setattr(article, name, value)
    _external_id_check(article)
    article.version += 1
    article.full_clean()
    article.save()
    for event in assigned:
        events.publish(event)
    if body_changed:
        revision = _revision_create(article, old_body, user=user, channel=channel)
        _article_changed(article)
        article.latest_revision = revision
        events.publish(events.ArticleBodyChanged(article_id=article.pk, actor_id=user.pk, revision_id=revision.pk))
    events.publish(events.ArticleUpdated(article_id=article.pk, actor_id=user.pk, fields=tuple(sorted(changes))))
    return article


def _assignment_apply(article: Article, user, assignee, reviewer) -> list:
    """Set the assigned editor and reviewer (a user or None; UNCHANGED leaves one as it is); the events to publish."""
    wanted = {"editor": assignee, "reviewer": reviewer}
    if all(value is UNCHANGED for value in wanted.values()):
        return []
    require(permissions.can_assign(user))
    errors = {}
    if assignee not in (UNCHANGED, None) and not permissions.can_edit(assignee):
        errors["assignee"] = ERR_ASSIGNEE_ROLE.format(name=assignee.get_username())
    if reviewer not in (UNCHANGED, None) and not permissions.can_review(reviewer):
        errors["reviewer"] = ERR_REVIEWER_ROLE.format(name=reviewer.get_username())
    if errors:
        raise ValidationError(errors)
    changed = []
    for role, field in (("editor", "assignee"), ("reviewer", "reviewer")):
        value = wanted[role]
        if value is UNCHANGED or getattr(article, f"{field}_id") == getattr(value, "pk", None):
            continue
        setattr(article, field, value)
        changed.append(
            events.ArticleAssigned(
                article_id=article.pk, actor_id=user.pk, role=role, user_id=getattr(value, "pk", None)
            )
        )
    return changed


@audited
def article_assign(
    *, article: Article, user, assignee=UNCHANGED, reviewer=UNCHANGED, version: int | None = None
) -> Article:
    """Choose the article's editor and reviewer; each new one is told (ArticleAssigned)."""
    require(permissions.can_assign(user))
    article = _locked(Article, article.pk, version)
    assigned = _assignment_apply(article, user, assignee, reviewer)
    if assigned:
        article.version += 1
        article.save(update_fields=["assignee", "reviewer", "version", "updated"])
    for event in assigned:
        events.publish(event)
    return article


@audited
def articles_assign(*, article_ids: list[int], user, assignee=UNCHANGED, reviewer=UNCHANGED) -> list[Article]:
    """The same assignment for several articles at once (the article list's bulk action), all or nothing."""
    require(permissions.can_assign(user))
    return [
        article_assign(article=Article(pk=pk), user=user, assignee=assignee, reviewer=reviewer)
        for pk in sorted(set(article_ids))
    ]


ARTICLE_NORMALIZE = {"title": normalize_line, "publication": normalize_line, "body": normalize_body, "url": str.strip}


def article_upsert(*, user, external_id: str, version: int | None, fields: dict) -> tuple[Article, bool]:
    """Create or update the article the CMS knows as `external_id`; the same request twice changes nothing."""
    require(permissions.can_edit(user))
    with transaction.atomic():
        with connection.cursor() as cursor:
            # Two first pushes of the same article at once: the second waits, then finds the first's article.
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"external-article:{external_id}"])
        article = Article.objects.filter(external_id=external_id).first()
        if article is None:
            return article_create(user=user, external_id=external_id, channel=Channel.CMS, **fields), True
        fields = dict(fields)
        body_format = _body_format(fields.pop("body_format", "text"))
        normalize = ARTICLE_NORMALIZE | {"body": lambda body: normalize_body(body, body_format)}
        changed = {
            name: value
            for name, value in fields.items()
            if getattr(article, name) != normalize.get(name, lambda v: v)(value)
        }
        if not changed and (version is None or version == article.version):
            return article, False
        if "body" in changed:
            changed["body_format"] = body_format
        return article_update(article=article, user=user, version=version, changes=changed, channel=Channel.CMS), False


def _body_format(value: str) -> str:
    if value not in BODY_FORMATS:
        raise ValidationError({"body_format": ERR_BODY_FORMAT})
    return value


def _revision_create(article: Article, old_body: str, *, user, channel: str) -> Revision:
    """Store the new text and move every claim onto it, in the caller's transaction."""
    number = (article.revisions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    claims = {c.pk: c for c in Claim.objects.select_for_update().filter(article=article)}
    results = reanchoring.reanchor(
        old_body,
        article.body,
        [
            (c.pk, c.start, c.end, reanchoring.Quote(c.exact, c.prefix, c.suffix))
            for c in claims.values()
            if c.anchor_state != AnchorState.ORPHANED
        ],
    )
    tally = dict.fromkeys(AnchorState.values, 0)
    for result in results:
        _claim_follow(claims[result.claim_id], result, article.body, number=number, user=user)
        tally[result.state] += 1
    tally[AnchorState.ORPHANED] += sum(
        1
        for c in claims.values()
        if c.anchor_state == AnchorState.ORPHANED and c.pk not in {r.claim_id for r in results}
    )
    return Revision.objects.create(
        article=article, number=number, body=article.body, created_by=user, channel=channel, anchoring=tally
    )


# What the version stands for: where the claim sits, the words it quotes, and its states. The prefix and suffix
# are context for finding it again; they follow the text silently.
ANCHOR_FIELDS = ("start", "end", "exact", "anchor_state", "status", "original_exact")


def _claim_follow(claim: Claim, result, body: str, *, number: int, user) -> None:
    """Apply one re-anchoring result. A claim whose quoted words changed loses its approval.

    Only a claim whose anchor or state changed gets a new version: a typo fixed elsewhere in the article must not
    turn the save of someone editing this claim into a conflict."""
    before = [getattr(claim, name) for name in ANCHOR_FIELDS]
    context = (claim.prefix, claim.suffix)
    if result.state == AnchorState.ORPHANED:
        claim.anchor_state = AnchorState.ORPHANED
        text_changed = True
    else:
        text_changed = result.state == AnchorState.FUZZY
        if text_changed and not claim.original_exact:
            claim.original_exact = claim.exact
        selector = anchoring.selector_for(body, result.start, result.end)
        claim.start, claim.end = result.start, result.end
        claim.exact, claim.prefix, claim.suffix = selector.exact, selector.prefix, selector.suffix
        # Edited text stays "fuzzy" until an editor confirms it, whatever later revisions do around it.
        unconfirmed = claim.anchor_state == AnchorState.FUZZY
        claim.anchor_state = AnchorState.FUZZY if unconfirmed else result.state
    if text_changed and claim.status == ClaimStatus.APPROVED:
        claim.status = ClaimStatus.SUBMITTED
        claim.submitted_at = timezone.now()
        claim.reviewed_by, claim.reviewed_at = None, None
        what = "lost" if result.state == AnchorState.ORPHANED else "changed"
        Comment.objects.create(
            claim=claim,
            author=user,
            kind=CommentKind.REOPENED,
            text=f"The quoted text {what} in revision {number}; back to review.",
        )
    if [getattr(claim, name) for name in ANCHOR_FIELDS] != before:
        claim.version += 1
        claim.save()
    elif (claim.prefix, claim.suffix) != context:
        claim.save(update_fields=["prefix", "suffix"])


@audited
def claim_confirm_anchor(*, claim: Claim, user, version: int | None = None) -> Claim:
    """An editor accepts the edited text a revision moved the claim onto."""
    require(permissions.can_edit(user))
    obj = _locked(Claim, claim.pk, version)
    if obj.anchor_state != AnchorState.FUZZY:
        raise ValidationError({"__all__": ERR_NOT_FUZZY})
    obj.anchor_state = AnchorState.EXACT
    _back_to_review(obj, user, how="the edited text was confirmed")
    obj.updated_by = user
    obj.version += 1
    obj.save()
    _article_changed(Article.objects.get(pk=obj.article_id))
    return obj


def _back_to_review(obj: Claim, user, *, how: str) -> None:
    """Four eyes apply to the new text too: an approved claim moved onto other text waits for a reviewer again."""
    if obj.status == ClaimStatus.APPROVED:
        obj.status = ClaimStatus.SUBMITTED
        obj.submitted_at = timezone.now()
        obj.reviewed_by, obj.reviewed_at = None, None
        Comment.objects.create(claim=obj, author=user, kind=CommentKind.REOPENED, text=BACK_TO_REVIEW.format(how=how))


@audited
def claim_reattach(
    *, claim: Claim, user, start: int, end: int, quote: str | None = None, version: int | None = None
) -> Claim:
    """Give a claim whose text was lost a new place in the current text."""
    require(permissions.can_edit(user))
    article = _article_for_update(claim.article_id)
    obj = _locked(Claim, claim.pk, version)
    if obj.anchor_state != AnchorState.ORPHANED:
        raise ValidationError({"__all__": ERR_NOT_ORPHANED})
    errors = anchoring.span_errors(article.body, start, end, quote)
    if errors:
        raise ValidationError(errors)
    selector = anchoring.selector_for(article.body, start, end)
    if not obj.original_exact:
        obj.original_exact = obj.exact
    obj.start, obj.end = start, end
    obj.exact, obj.prefix, obj.suffix = selector.exact, selector.prefix, selector.suffix
    obj.anchor_state = AnchorState.EXACT
    _back_to_review(obj, user, how="it was re-attached")
    obj.updated_by = user
    obj.version += 1
    obj.save()
    _article_changed(article)
    events.publish(events.ClaimChanged(claim_id=obj.pk, article_id=article.pk, actor_id=user.pk))
    return obj


ERR_DELETE_REVIEWED = _("The article has approved claims or is signed off; only a reviewer or admin may delete it.")


@audited
def article_delete(*, article: Article, user, version: int | None = None) -> None:
    """Editors may delete an article nobody has approved anything in; reviewers and admins any article."""
    require(permissions.can_edit(user))
    article = _locked(Article, article.pk, version)
    reviewed = article.signed_off_at is not None or article.claims.filter(status=ClaimStatus.APPROVED).exists()
    if reviewed and not permissions.can_review(user):
        raise PermissionDenied(ERR_DELETE_REVIEWED)
    article.delete()


def article_status_for(counts: dict[str, int], signed_off: bool) -> ArticleStatus:
    """The status an article shows, from how many of its claims are in each state."""
    total = sum(counts.values())
    if signed_off and counts.get(ClaimStatus.APPROVED, 0) == total:
        return ArticleStatus.CHECKED
    if total == 0:
        return ArticleStatus.NEW
    if counts.get(ClaimStatus.CHANGES_REQUESTED):
        return ArticleStatus.CHANGES_REQUESTED
    if counts.get(ClaimStatus.DRAFT):
        return ArticleStatus.IN_PROGRESS
    return ArticleStatus.IN_REVIEW


def _article_changed(article: Article) -> None:
    """Recompute the status after any change to the article's text or claims; a change undoes a sign-off."""
    counts = {row["status"]: row["n"] for row in _claim_counts(article)}
    updates = {"status": article_status_for(counts, signed_off=False)}
    if article.signed_off_at is not None:
        updates |= {"signed_off_by": None, "signed_off_at": None}
    if any(getattr(article, name) != value for name, value in updates.items()):
        Article.objects.filter(pk=article.pk).update(**updates)
        for name, value in updates.items():
            setattr(article, name, value)


def _claim_counts(article: Article):
    return Claim.objects.filter(article_id=article.pk).values("status").annotate(n=Count("id")).order_by()


@audited
def article_sign_off(*, article: Article, user, version: int | None = None) -> Article:
    require(permissions.can_review(user))
    article = _locked(Article, article.pk, version)
    if article.signed_off_at is not None:
        raise ValidationError({"__all__": ERR_ALREADY_SIGNED})
    pending = Claim.objects.filter(article=article).exclude(status=ClaimStatus.APPROVED).count()
    if pending:
        raise ValidationError({"__all__": ERR_SIGN_OFF_PENDING.format(pending=pending)})
    article.signed_off_by = user
    article.signed_off_at = timezone.now()
    article.status = ArticleStatus.CHECKED
    article.version += 1
    article.save()
    _claims_publish(article)
    events.publish(events.ArticleSignedOff(article_id=article.pk, actor_id=user.pk))
    return article


# Publication: what readers see is a copy of each claim's public fields (PublishedClaim), written when the article
# is signed off and renewed when a correction is approved (claim_approve with a correction note).

# The public fields whose change after publication is a correction (readers saw something else).
CORRECTED_FIELDS = ("statement", "claimant", "verdict", "rationale", "correction")


def public_archive_url(source: Source) -> str:
    """A public archived copy of the source: the one the editor gave, else the Internet Archive's copy of our
    snapshot. Our own copies (evidence/) are behind the log-in, so they are never offered to readers."""
    if source.archive_url:
        return source.archive_url
    snapshot = source.current_snapshot
    return snapshot.archive_org_url if snapshot is not None and snapshot.archive_org_url else ""


def public_fields(claim: Claim, *, sources: bool = True) -> dict:
    """The claim as readers see it: PublishedClaim's columns, from the claim, its verdict and (unless `sources` is
    false: what a correction compares needs none) its sources."""
    verdict = claim.verdict
    fields = {
        "statement": claim.statement,
        "claimant": claim.claimant,
        "kind": claim.kind,
        "verdict_slug": verdict.slug if verdict else "",
        "verdict_label": verdict.label if verdict else "",
        "verdict_value": verdict.value if verdict else None,
        "rationale": claim.rationale,
        "correction": claim.correction,
        "exact": claim.exact,
        "prefix": claim.prefix,
        "suffix": claim.suffix,
        "start": claim.start,
        "end": claim.end,
    }
    if sources:  # _claims_publish prefetches them in order, with their snapshots
        fields["sources"] = [
            {"url": s.url, "title": s.title, "publisher": s.publisher, "archive_url": public_archive_url(s)}
            for s in claim.sources.all()
        ]
    return fields


def _corrected(published: PublishedClaim, fields: dict) -> tuple[dict, dict]:
    """The corrected fields' values before and after (the verdict by its label, as readers saw it)."""
    before, after = {}, {}
    for name in CORRECTED_FIELDS:
        column = "verdict_slug" if name == "verdict" else name
        if getattr(published, column) != fields[column]:
            shown = "verdict_label" if name == "verdict" else name
            before[name], after[name] = getattr(published, shown), fields[shown]
    return before, after


def _claims_publish(article: Article) -> None:
    """Copy every claim of the signed-off article for readers. A copy that says what it said keeps its version and
    time, so feeds and the destinations' "old version" count see only real changes."""
    now = timezone.now()
    claims = (
        Claim.objects.filter(article_id=article.pk)
        .select_related("verdict")
        .prefetch_related(Prefetch("sources", queryset=Source.with_snapshots(Source.objects.order_by("id"))))
    )
    existing = {p.claim_id: p for p in PublishedClaim.objects.filter(article_id=article.pk)}
    for claim in claims:
        fields = public_fields(claim)
        published = existing.get(claim.pk)
        if published is None:
            PublishedClaim.objects.create(
                claim=claim, article=article, version=claim.version, published_at=now, modified_at=now, **fields
            )
        elif any(getattr(published, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(published, name, value)
            published.version, published.modified_at = claim.version, now
            published.save()


# Claims


def _verdict_errors(verdict: Rating | None, kind: str) -> dict[str, str]:
    if verdict is not None and verdict.kinds and kind not in verdict.kinds:
        return {"verdict": ERR_VERDICT_KIND.format(verdict=verdict.display_label, kind=ClaimKind(kind).label)}
    return {}


def _article_for_update(article_id: int) -> Article:
    # Claims of one article change its status together; locking the article serialises them.
    return Article.objects.select_for_update().get(pk=article_id)


@audited
def claim_create(
    *,
    article: Article,
    user,
    start: int,
    end: int,
    quote: str | None = None,
    statement: str = "",
    claimant: str = "",
    kind: str = ClaimKind.FACTUAL,
    verdict: Rating | None = None,
    rationale: str = "",
    correction: str = "",
    sources: Sequence[dict] = (),
) -> Claim:
    """A claim on the span start..end of the article's text, with its `sources` (each a dict of SOURCE_FIELDS)."""
    require(permissions.can_edit(user))
    article = _article_for_update(article.pk)
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
        statement=statement.strip() or selector.exact,
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
    _article_changed(article)
    events.publish(events.ClaimChanged(claim_id=obj.pk, article_id=article.pk, actor_id=user.pk))
    if sources and _sources_save(obj, user, _sources_plan(obj, sources, replace=False)):
        obj.refresh_from_db(fields=["version"])
    return obj


CLAIM_EDITABLE = ("statement", "claimant", "kind", "verdict", "rationale", "correction")


def _editable_claim(claim_id: int, version: int | None) -> Claim:
    obj = _locked(Claim, claim_id, version)
    if obj.status == ClaimStatus.APPROVED:
        raise ValidationError({"__all__": ERR_LOCKED})
    return obj


@audited
def claim_update(*, claim: Claim, user, version: int | None, changes: dict) -> Claim:
    require(permissions.can_edit(user))
    fields = dict(changes)
    unknown = set(fields) - set(CLAIM_EDITABLE)
    if unknown:
        raise ValidationError({name: _("This field cannot be changed.") for name in unknown})
    article = _article_for_update(claim.article_id)
    obj = _editable_claim(claim.pk, version)
    for name, value in fields.items():
        if isinstance(value, str):
            value = normalize_line(value) if name == "claimant" else value.strip()
        setattr(obj, name, value)
    errors = _verdict_errors(obj.verdict, obj.kind)
    if errors:
        raise ValidationError(errors)
    if not obj.statement:
        raise ValidationError({"statement": ERR_CLAIM_EMPTY})
    obj.updated_by = user
    obj.version += 1
    # Only what this change touches: the claim's place, article and people are as they were (validating them
    # again cost a query each while the article is locked, which holds up every other save to the article).
    # The verdict came from the database (the form's or the serializer's lookup), its kinds are checked above: the
    # model's check that it exists would read it again.
    unchecked = {field.name for field in Claim._meta.fields if field.name not in fields} | {"verdict"}
    obj.full_clean(exclude=unchecked)
    obj.save()
    # No status to recompute: an edit changes no claim's status, and a signed-off article's claims are all approved,
    # which no edit reaches (ERR_LOCKED above).
    events.publish(events.ClaimChanged(claim_id=obj.pk, article_id=article.pk, actor_id=user.pk))
    return obj


@audited
def claim_delete(*, claim: Claim, user, version: int | None = None) -> None:
    require(permissions.can_edit(user))
    article = _article_for_update(claim.article_id)
    obj = _editable_claim(claim.pk, version)
    obj.delete()
    _article_changed(article)


# The review workflow: draft -> submitted -> approved, or -> changes requested -> submitted again.


def _state_label(claim: Claim) -> str:
    return ClaimStatus(claim.status).label.lower()


@audited
def claim_submit(*, claim: Claim, user, version: int | None = None) -> Claim:
    require(permissions.can_edit(user))
    article = _article_for_update(claim.article_id)
    obj = _locked(Claim, claim.pk, version)
    if obj.status not in (ClaimStatus.DRAFT, ClaimStatus.CHANGES_REQUESTED):
        raise ValidationError({"__all__": ERR_SUBMIT_STATE.format(status=_state_label(obj))})
    errors = {}
    if obj.verdict_id is None:
        errors["verdict"] = ERR_SUBMIT_VERDICT
    if not obj.sources.exists():
        # A misspelled name is shown wrong by the correction itself; every other claim needs evidence.
        if obj.kind == ClaimKind.NAME and not obj.correction:
            errors["sources"] = ERR_SUBMIT_SOURCES_OR_CORRECTION
        elif obj.kind != ClaimKind.NAME:
            errors["sources"] = ERR_SUBMIT_SOURCES
    if errors:
        raise ValidationError(errors)
    obj.status = ClaimStatus.SUBMITTED
    obj.submitted_at = timezone.now()
    obj.reviewed_by, obj.reviewed_at = None, None
    obj.updated_by = user
    obj.version += 1
    obj.save()
    _article_changed(article)
    events.publish(events.ClaimSubmitted(claim_id=obj.pk, article_id=article.pk, actor_id=user.pk))
    return obj


def _reviewable(claim: Claim, user, version: int | None) -> tuple[Article, Claim]:
    require(permissions.can_review(user))
    article = _article_for_update(claim.article_id)
    obj = _locked(Claim, claim.pk, version)
    if obj.status != ClaimStatus.SUBMITTED:
        raise ValidationError({"__all__": ERR_REVIEW_STATE.format(status=_state_label(obj))})
    return article, obj


ERR_CORRECTION_NOTE_REQUIRED = _(
    "This claim is published and readers saw other text or another verdict: approve it on its own, with a public "
    "correction note saying what changed."
)
ERR_CORRECTION_NOTE_UNNEEDED = _("Nothing readers see has changed, so there is nothing to correct: leave the note out.")
ERR_CORRECTION_NOTE_UNPUBLISHED = _(
    "This claim is not published yet, so there is nothing to correct: leave the note out."
)
CORRECTION_NOTE_MAX = 2000


@audited
def claim_approve(*, claim: Claim, user, version: int | None = None, correction_note: str | None = None) -> Claim:
    """Approve a submitted claim. A published claim whose public fields changed is a correction: it needs a
    public `correction_note`, is recorded (Correction) and replaces what readers see at once (PublishedClaim),
    without waiting for the article's next sign-off: the reviewer approved the corrected verdict, and readers must
    not keep the wrong one meanwhile (docs/publishing.md). A note where nothing published changed is refused."""
    article, obj = _reviewable(claim, user, version)
    if blocker := permissions.approval_blocker(obj):
        raise ValidationError({"__all__": blocker})
    if user.pk in (obj.created_by_id, obj.updated_by_id):
        raise PermissionDenied(ERR_FOUR_EYES)
    note = (correction_note or "").strip()
    published = PublishedClaim.objects.select_for_update().filter(claim_id=obj.pk).first()
    before, after = _corrected(published, public_fields(obj)) if published else ({}, {})
    if published is None and note:
        raise ValidationError({"correction_note": ERR_CORRECTION_NOTE_UNPUBLISHED})
    if published is not None and before and not note:
        raise ValidationError({"correction_note": ERR_CORRECTION_NOTE_REQUIRED})
    if published is not None and not before and note:
        raise ValidationError({"correction_note": ERR_CORRECTION_NOTE_UNNEEDED})
    if len(note) > CORRECTION_NOTE_MAX:
        raise ValidationError(
            {"correction_note": _("Keep the note under {n} characters.").format(n=CORRECTION_NOTE_MAX)}
        )
    obj = _review_recorded(article, obj, user, ClaimStatus.APPROVED)
    if before:
        correction = _correction_record(published, obj, user, before=before, after=after, note=note)
        events.publish(
            events.ClaimCorrected(claim_id=obj.pk, article_id=article.pk, actor_id=user.pk, correction_id=correction.pk)
        )
    return obj


def correction_needed(claim: Claim, *, published: PublishedClaim | None = None) -> bool:
    """Whether approving this submitted claim is a correction (it is published, and readers saw other public
    fields): the approve form then asks for the note. `published`: its copy, when the caller has read it."""
    if claim.status != ClaimStatus.SUBMITTED:
        return False
    published = published or PublishedClaim.objects.filter(claim_id=claim.pk).first()
    return published is not None and bool(_corrected(published, public_fields(claim, sources=False))[0])


def _correction_record(published: PublishedClaim, obj: Claim, user, *, before: dict, after: dict, note: str):
    now = timezone.now()
    for name, value in public_fields(obj).items():
        setattr(published, name, value)
    published.version, published.modified_at, published.correction_note = obj.version, now, note
    published.save()
    return Correction.objects.create(
        claim=obj,
        article_id=obj.article_id,
        version=obj.version,
        before=before,
        after=after,
        note=note,
        created_by=user,
        created=now,
    )


@audited
def claim_request_changes(*, claim: Claim, user, comment: str, version: int | None = None) -> Claim:
    if not comment.strip():
        raise ValidationError({"comment": ERR_COMMENT_REQUIRED})
    article, obj = _reviewable(claim, user, version)
    Comment.objects.create(claim=obj, author=user, kind=CommentKind.CHANGES_REQUESTED, text=comment.strip())
    return _review_recorded(article, obj, user, ClaimStatus.CHANGES_REQUESTED)


def _review_recorded(article: Article, obj: Claim, user, status: str) -> Claim:
    obj.status = status
    obj.reviewed_by, obj.reviewed_at = user, timezone.now()
    obj.version += 1
    obj.save()
    _article_changed(article)
    events.publish(events.ClaimReviewed(claim_id=obj.pk, article_id=article.pk, actor_id=user.pk, outcome=status))
    return obj


ERR_BULK_GONE = _("This claim no longer exists.")
ERR_BULK_CHANGED = _("{user} changed this claim meanwhile; look at it again.")


@dataclass(frozen=True)
class ReviewOutcome:
    claim_id: int
    done: bool
    error: str = ""


def claims_review(
    *, claims: list[tuple[int, int | None]], user, approve: bool, comment: str = ""
) -> list[ReviewOutcome]:
    """Approve or send back several claims (id, version read), each on its own: the four-eyes rule and every other
    check still apply per claim, and a refusal of one leaves the others done. Says which were refused and why."""
    require(permissions.can_review(user))
    if not approve and not comment.strip():
        raise ValidationError({"comment": ERR_COMMENT_REQUIRED})
    outcomes = []
    for claim_id, version in claims:
        claim = Claim.objects.filter(pk=claim_id).first()
        if claim is None:
            outcomes.append(ReviewOutcome(claim_id, False, ERR_BULK_GONE))
            continue
        try:
            if approve:
                claim_approve(claim=claim, user=user, version=version)
            else:
                claim_request_changes(claim=claim, user=user, comment=comment, version=version)
        except (ValidationError, PermissionDenied) as error:
            message = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            outcomes.append(ReviewOutcome(claim_id, False, message))
        except Conflict as error:
            outcomes.append(
                ReviewOutcome(claim_id, False, ERR_BULK_CHANGED.format(user=error.current.updated_by.get_username()))
            )
        else:
            outcomes.append(ReviewOutcome(claim_id, True))
    return outcomes


@audited
def claim_reopen(*, claim: Claim, user, reason: str, version: int | None = None) -> Claim:
    require(permissions.can_review(user))
    if not reason.strip():
        raise ValidationError({"reason": ERR_REASON_REQUIRED})
    article = _article_for_update(claim.article_id)
    obj = _locked(Claim, claim.pk, version)
    if obj.status != ClaimStatus.APPROVED:
        raise ValidationError({"__all__": ERR_REOPEN_STATE.format(status=_state_label(obj))})
    Comment.objects.create(claim=obj, author=user, kind=CommentKind.REOPENED, text=reason.strip())
    obj.status = ClaimStatus.DRAFT
    obj.reviewed_by, obj.reviewed_at, obj.submitted_at = None, None, None
    obj.updated_by = user
    obj.version += 1
    obj.save()
    _article_changed(article)
    events.publish(events.ClaimReviewed(claim_id=obj.pk, article_id=article.pk, actor_id=user.pk, outcome="reopened"))
    return obj


@audited
def comment_create(*, claim: Claim, user, text: str) -> Comment:
    require(permissions.can_edit(user))
    if not text.strip():
        raise ValidationError({"text": ERR_COMMENT_EMPTY})
    comment = Comment(claim_id=claim.pk, author=user, text=text.strip())
    comment.full_clean()
    comment.save()
    article_id = claim.article_id or Claim.objects.values_list("article_id", flat=True).get(pk=claim.pk)
    events.publish(
        events.CommentAdded(comment_id=comment.pk, claim_id=claim.pk, article_id=article_id, actor_id=user.pk)
    )
    return comment


# Sources


SOURCE_FIELDS = ("url", "title", "publisher", "excerpt", "accessed_at", "archive_url")


def _claim_of_source_locked(claim_id: int) -> Article:
    # Same lock order as the claim services (article, then claim), so concurrent saves cannot deadlock.
    article = _article_for_update(Claim.objects.values_list("article_id", flat=True).get(pk=claim_id))
    _editable_claim(claim_id, None)
    return article


def _source_changed(article: Article, claim_id: int, user) -> None:
    # A source belongs to its claim: changing one is a change to the claim, seen by anyone holding an old
    # version, and (like any claim change) it makes the claim's last editor ineligible to approve it.
    Claim.objects.filter(pk=claim_id).update(version=F("version") + 1, updated_by=user)
    _article_changed(article)
    events.publish(events.ClaimChanged(claim_id=claim_id, article_id=article.pk, actor_id=user.pk))


@audited
def source_create(*, claim: Claim, user, **fields) -> Source:
    require(permissions.can_edit(user))
    article = _claim_of_source_locked(claim.pk)
    source = Source(claim_id=claim.pk, created_by=user, **{k: v for k, v in fields.items() if k in SOURCE_FIELDS})
    source.full_clean()
    source.save()
    _source_changed(article, claim.pk, user)
    events.publish(events.SourceCited(source_id=source.pk, claim_id=claim.pk, article_id=article.pk, actor_id=user.pk))
    return source


@audited
def source_update(*, source: Source, user, version: int | None, changes: dict) -> Source:
    require(permissions.can_edit(user))
    article = _claim_of_source_locked(source.claim_id)
    obj = _locked(Source, source.pk, version)
    old_url = obj.url
    for name in SOURCE_FIELDS:
        if name in changes:
            setattr(obj, name, changes[name])
    obj.version += 1
    obj.full_clean()
    obj.save()
    _source_changed(article, obj.claim_id, user)
    if obj.url != old_url:
        events.publish(
            events.SourceCited(source_id=obj.pk, claim_id=obj.claim_id, article_id=article.pk, actor_id=user.pk)
        )
    return obj


@audited
def source_delete(*, source: Source, user) -> None:
    require(permissions.can_edit(user))
    article = _claim_of_source_locked(source.claim_id)
    Source.objects.filter(pk=source.pk).delete()
    _source_changed(article, source.claim_id, user)


# A claim and its sources together


ERR_NOT_A_SOURCE = _("Not a source of this claim.")


@dataclass(frozen=True)
class SourcesPlan:
    """What saving a list of sources changes: in the list's order, (position, the source to update or None to add
    one, its fields), then the sources to remove."""

    writes: list[tuple[int, Source | None, dict]]
    delete: list[Source]

    def __bool__(self) -> bool:
        return bool(self.writes or self.delete)


def _sources_plan(claim: Claim, wanted: Sequence[dict], *, replace: bool) -> SourcesPlan:
    """Items with an `id` update that source of the claim (only the fields that differ), items without one add a
    source; with `replace`, the claim's sources left out are removed. An id of no source of this claim is refused,
    by its position in the list."""
    existing = {source.pk: source for source in Source.objects.filter(claim_id=claim.pk)}
    errors = {
        f"sources.{i}.id": ERR_NOT_A_SOURCE
        for i, item in enumerate(wanted)
        if "id" in item and item["id"] not in existing
    }
    if errors:
        raise ValidationError(errors)
    writes, kept = [], set()
    for i, item in enumerate(wanted):
        fields = {k: v for k, v in item.items() if k in SOURCE_FIELDS}
        if "id" not in item:
            writes.append((i, None, fields))
        elif changes := {k: v for k, v in fields.items() if getattr(existing[item["id"]], k) != v}:
            writes.append((i, existing[item["id"]], changes))
        kept.add(item.get("id"))
    return SourcesPlan(writes, [source for pk, source in existing.items() if pk not in kept] if replace else [])


def _at(position: int, error: ValidationError) -> ValidationError:
    """A source's errors as errors of its place in the list: `sources.1.url` (the API shows them nested)."""
    if not hasattr(error, "error_dict"):
        return ValidationError({f"sources.{position}.{NON_FIELD_ERRORS}": error.error_list})
    return ValidationError({f"sources.{position}.{field}": errors for field, errors in error.error_dict.items()})


def _sources_save(claim: Claim, user, plan: SourcesPlan) -> bool:
    """Carry out the plan; whether anything changed. Inside the caller's transaction, after it locked the article
    and the claim: each source service takes the same locks again (its own transaction is a savepoint in the
    caller's), then its source's."""
    for position, source, fields in plan.writes:
        try:
            if source is None:
                source_create(claim=claim, user=user, **fields)
            else:
                source_update(source=source, user=user, version=None, changes=fields)
        except ValidationError as error:
            raise _at(position, error) from error
    for source in plan.delete:
        source_delete(source=source, user=user)
    return bool(plan)


@audited
def claim_patch(
    *, claim: Claim, user, version: int | None, changes: dict, sources: Sequence[dict] | None = None
) -> Claim:
    """Change a claim's fields and, when `sources` is given, replace its list of sources, as one change: the API's
    PATCH and the card's edit form both save through here.

    The locks come in the services' one order, the article, the claim, then its sources; the claim's version is
    compared once, before anything is written (each source saved raises it again: that is this same change). A
    patch that changes nothing leaves even an approved claim as it is; one that changes something refuses an
    approved claim before it writes. Errors: the fields' by name, a source's by its place (`sources.1.url`)."""
    require(permissions.can_edit(user))
    _article_for_update(claim.article_id)
    obj = _locked(Claim, claim.pk, version)
    plan = _sources_plan(obj, sources, replace=True) if sources is not None else SourcesPlan([], [])
    if not changes and not plan:
        return obj
    if obj.status == ClaimStatus.APPROVED:
        raise ValidationError({NON_FIELD_ERRORS: ERR_LOCKED})
    if changes:
        obj = claim_update(claim=obj, user=user, version=None, changes=changes)
    if _sources_save(obj, user, plan):
        obj.refresh_from_db(fields=["version", "updated_by"])
    return obj
