import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from annotations import services
from annotations.models import ArticleStatus, ClaimStatus, Comment, CommentKind, Rating
from tests import workflow

pytestmark = pytest.mark.django_db


def refreshed(obj):
    obj.refresh_from_db()
    return obj


def test_submitting_needs_a_verdict_and_a_source(editor):
    article = workflow.article(editor)
    claim = workflow.claim(article, editor)
    with pytest.raises(ValidationError) as caught:
        services.claim_submit(claim=claim, user=editor)
    assert caught.value.message_dict == {
        "verdict": [services.ERR_SUBMIT_VERDICT],
        "sources": [services.ERR_SUBMIT_SOURCES],
    }
    assert refreshed(claim).status == ClaimStatus.DRAFT


def test_a_name_claim_may_be_submitted_with_a_correction_instead_of_a_source(editor):
    article = workflow.article(editor)
    incorrect = Rating.objects.get(slug="incorrect")
    claim = workflow.claim(article, editor, "Ashgatat", kind="name", verdict=incorrect)
    with pytest.raises(ValidationError) as caught:
        services.claim_submit(claim=claim, user=editor)
    assert caught.value.message_dict == {"sources": [services.ERR_SUBMIT_SOURCES_OR_CORRECTION]}
    claim = services.claim_update(
        claim=claim, user=editor, version=refreshed(claim).version, changes={"correction": "Ashgabat"}
    )
    assert services.claim_submit(claim=claim, user=editor).status == ClaimStatus.SUBMITTED


def test_nobody_approves_a_claim_they_created(reviewer):
    article = workflow.article(reviewer)
    claim = workflow.submitted_claim(article, reviewer)
    with pytest.raises(PermissionDenied, match="someone else must approve"):
        services.claim_approve(claim=claim, user=reviewer)


def test_nobody_approves_a_claim_they_last_changed(editor, reviewer, admin_user):
    article = workflow.article(editor)
    claim = workflow.submitted_claim(article, editor)
    services.claim_update(claim=claim, user=reviewer, version=refreshed(claim).version, changes={"claimant": "Kremlin"})
    with pytest.raises(PermissionDenied):
        services.claim_approve(claim=claim, user=reviewer)
    assert services.claim_approve(claim=claim, user=admin_user).status == ClaimStatus.APPROVED


def test_editors_cannot_approve(editor, editor2):
    claim = workflow.submitted_claim(workflow.article(editor), editor)
    with pytest.raises(PermissionDenied):
        services.claim_approve(claim=claim, user=editor2)


def test_the_life_of_a_claim(editor, reviewer):
    article = workflow.article(editor)
    claim = workflow.submitted_claim(article, editor)
    assert refreshed(article).status == ArticleStatus.IN_REVIEW

    with pytest.raises(ValidationError) as caught:
        services.claim_request_changes(claim=claim, user=reviewer, comment="  ")
    assert caught.value.message_dict == {"comment": [services.ERR_COMMENT_REQUIRED]}

    services.claim_request_changes(claim=claim, user=reviewer, comment="Which 24?")
    assert refreshed(claim).status == ClaimStatus.CHANGES_REQUESTED
    assert refreshed(article).status == ArticleStatus.CHANGES_REQUESTED
    assert Comment.objects.get(claim=claim).kind == CommentKind.CHANGES_REQUESTED

    services.claim_update(
        claim=claim, user=editor, version=refreshed(claim).version, changes={"rationale": "Kremlin list"}
    )
    services.claim_submit(claim=claim, user=editor)
    services.claim_approve(claim=claim, user=reviewer)
    assert refreshed(claim).status == ClaimStatus.APPROVED
    assert refreshed(claim).reviewed_by == reviewer
    assert refreshed(article).status == ArticleStatus.IN_REVIEW  # approved, waiting for sign-off


def test_approved_claims_are_locked_until_reopened_with_a_reason(editor, reviewer):
    article = workflow.article(editor)
    claim = services.claim_approve(claim=workflow.submitted_claim(article, editor), user=reviewer)
    source = claim.sources.get()
    for attempt in (
        lambda: services.claim_update(claim=claim, user=editor, version=None, changes={"claimant": "x"}),
        lambda: services.claim_delete(claim=claim, user=editor),
        lambda: services.source_create(claim=claim, user=editor, url="https://example.org/2"),
        lambda: services.source_update(source=source, user=editor, version=None, changes={"title": "x"}),
        lambda: services.source_delete(source=source, user=editor),
    ):
        with pytest.raises(ValidationError, match="approved and locked"):
            attempt()
    with pytest.raises(PermissionDenied):
        services.claim_reopen(claim=claim, user=editor, reason="typo")
    with pytest.raises(ValidationError):
        services.claim_reopen(claim=claim, user=reviewer, reason="")
    services.claim_reopen(claim=claim, user=reviewer, reason="New figures published")
    assert refreshed(claim).status == ClaimStatus.DRAFT
    assert (
        services.claim_update(claim=claim, user=editor, version=None, changes={"claimant": "Kremlin"}).claimant
        == "Kremlin"
    )


def test_sign_off_needs_every_claim_approved_and_a_later_change_undoes_it(editor, reviewer):
    article = workflow.article(editor)
    first = workflow.submitted_claim(article, editor)
    second = workflow.submitted_claim(article, editor, "Ashgatat")
    services.claim_approve(claim=first, user=reviewer)
    with pytest.raises(ValidationError, match=r"\(1 not yet\)"):
        services.article_sign_off(article=article, user=reviewer)
    services.claim_approve(claim=second, user=reviewer)
    with pytest.raises(PermissionDenied):
        services.article_sign_off(article=article, user=editor)
    services.article_sign_off(article=article, user=reviewer)
    assert refreshed(article).status == ArticleStatus.CHECKED
    services.claim_reopen(claim=second, user=reviewer, reason="Recheck the spelling")
    article = refreshed(article)
    assert article.status == ArticleStatus.IN_PROGRESS
    assert article.signed_off_at is None


def test_approving_with_a_stale_version_is_refused(editor, reviewer):
    claim = workflow.submitted_claim(workflow.article(editor), editor)
    seen = refreshed(claim).version
    services.claim_update(
        claim=claim, user=editor, version=seen, changes={"rationale": "changed after the reviewer looked"}
    )
    with pytest.raises(services.Conflict):
        services.claim_approve(claim=claim, user=reviewer, version=seen)
    assert refreshed(claim).status == ClaimStatus.SUBMITTED


def test_a_second_approval_is_told_why(editor, reviewer, admin_user):
    claim = workflow.submitted_claim(workflow.article(editor), editor)
    services.claim_approve(claim=claim, user=reviewer)
    with pytest.raises(ValidationError, match="Only a submitted claim can be reviewed"):
        services.claim_approve(claim=claim, user=admin_user)


def test_comments_need_text(editor):
    claim = workflow.claim(workflow.article(editor), editor)
    with pytest.raises(ValidationError):
        services.comment_create(claim=claim, user=editor, text=" ")
    assert services.comment_create(claim=claim, user=editor, text="Checking with the agency").author == editor


@pytest.mark.parametrize(
    ("states", "signed_off", "expected"),
    [
        ({}, False, ArticleStatus.NEW),
        ({"draft": 1, "approved": 2}, False, ArticleStatus.IN_PROGRESS),
        ({"submitted": 1, "approved": 2}, False, ArticleStatus.IN_REVIEW),
        ({"changes_requested": 1, "draft": 3}, False, ArticleStatus.CHANGES_REQUESTED),
        ({"approved": 3}, False, ArticleStatus.IN_REVIEW),
        ({"approved": 3}, True, ArticleStatus.CHECKED),
    ],
)
def test_article_status_follows_its_claims(states, signed_off, expected):
    assert services.article_status_for(states, signed_off) == expected


def test_history_records_who_changed_what_even_outside_the_app(editor):
    from annotations import selectors
    from annotations.models import Claim

    claim = workflow.claim(workflow.article(editor), editor)
    services.claim_update(claim=claim, user=editor, version=None, changes={"claimant": "Kremlin"})
    Claim.objects.filter(pk=claim.pk).update(claimant="Changed from a shell")  # a bulk update, no service
    entries = selectors.claim_history(claim)
    updates = [e for e in entries if e.model == "claim" and e.action == "update"]
    # What people typed is shown in its own direction (<bdi>), whatever the interface's.
    assert ("claimant", "<bdi>Kremlin</bdi>", "<bdi>Changed from a shell</bdi>") in updates[0].changes
    assert ("claimant", "—", "<bdi>Kremlin</bdi>") in updates[1].changes and updates[1].who == "editor"


def test_history_tables_refuse_updates_and_deletes(editor):
    from django.db import DatabaseError, connection, transaction

    workflow.claim(workflow.article(editor), editor)
    for statement in ("UPDATE annotations_claimevent SET claimant = 'rewritten'", "DELETE FROM annotations_claimevent"):
        with (
            pytest.raises(DatabaseError, match="Cannot update or delete"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement)
