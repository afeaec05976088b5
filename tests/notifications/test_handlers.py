"""Who hears about what: the core's services publish events, the notifications app turns them into rows."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from annotations import services
from annotations.models import Article
from notifications.models import Notification, Verb
from tests import workflow
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def told(user):
    return sorted(Notification.objects.filter(recipient=user).values_list("verb", flat=True))


def test_assigning_tells_the_new_editor_and_reviewer_and_the_history_has_it(editor, reviewer, admin_user):
    article = workflow.article(admin_user)
    services.article_assign(article=article, user=admin_user, assignee=editor, reviewer=reviewer)
    assert told(editor) == [Verb.ASSIGNED_EDITOR] and told(reviewer) == [Verb.ASSIGNED_REVIEWER]
    assert told(admin_user) == []
    article.refresh_from_db()
    assert (article.assignee, article.reviewer) == (editor, reviewer)
    services.article_assign(article=article, user=admin_user, assignee=editor)  # unchanged: nobody told again
    assert told(editor) == [Verb.ASSIGNED_EDITOR]


def test_a_rolled_back_assignment_tells_nobody(editor, admin_user):
    article = workflow.article(admin_user)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.article_assign(article=article, user=admin_user, assignee=editor)
        raise RuntimeError("later step failed")
    assert told(editor) == []


def test_only_reviewers_and_admins_assign_and_only_to_people_with_the_role(editor, reviewer, nobody):
    article = workflow.article(editor)
    with pytest.raises(PermissionDenied):
        services.article_assign(article=article, user=editor, assignee=editor)
    with pytest.raises(ValidationError) as error:
        services.article_assign(article=article, user=reviewer, assignee=nobody, reviewer=editor)
    assert set(error.value.message_dict) == {"assignee", "reviewer"}
    assert Article.objects.get(pk=article.pk).assignee is None


def test_a_submission_tells_the_assigned_reviewer_only(editor, reviewer, admin_user):
    other_reviewer = make_user("reviewer2", "Reviewer")
    article = workflow.article(editor)
    services.article_assign(article=article, user=admin_user, reviewer=reviewer)
    workflow.submitted_claim(article, editor)
    assert told(reviewer) == [Verb.ASSIGNED_REVIEWER, Verb.SUBMITTED]
    assert told(other_reviewer) == []


def test_sending_back_tells_the_editor_with_the_comment_and_mentions_are_told_once(editor, editor2, reviewer):
    article = workflow.article(editor)
    claim = workflow.submitted_claim(article, editor)
    services.claim_request_changes(claim=claim, user=reviewer, comment="Which 24? @editor2 knows the source.")
    (note,) = Notification.objects.filter(recipient=editor)
    assert (
        note.verb == Verb.CHANGES_REQUESTED and note.text == "Which 24? @editor2 knows the source." and note.comment_id
    )
    assert told(editor2) == [Verb.MENTIONED]
    services.claim_submit(claim=claim, user=editor)
    services.claim_request_changes(claim=claim, user=reviewer, comment="@editor still no source")
    assert told(editor) == [Verb.CHANGES_REQUESTED, Verb.MENTIONED]  # the mention, not both


def test_approval_and_sign_off_tell_the_people_who_worked_on_it(editor, reviewer, admin_user):
    article = workflow.article(admin_user)
    services.article_assign(article=article, user=admin_user, assignee=editor)
    claim = workflow.submitted_claim(article, editor)
    services.claim_approve(claim=claim, user=reviewer)
    assert told(editor) == [Verb.APPROVED, Verb.ASSIGNED_EDITOR]
    services.article_sign_off(article=article, user=reviewer)
    assert Verb.SIGNED_OFF in told(editor) and Verb.SIGNED_OFF in told(admin_user)
    assert Verb.SIGNED_OFF not in told(reviewer)


def test_a_comment_tells_the_claims_author_and_whoever_is_mentioned(editor, editor2, reviewer):
    claim = workflow.claim(workflow.article(editor), editor)
    services.comment_create(claim=claim, user=reviewer, text="Looks right. cc @editor2")
    assert told(editor) == [Verb.COMMENTED] and told(editor2) == [Verb.MENTIONED]
    services.comment_create(claim=claim, user=editor, text="Thanks")  # one's own claim: nobody to tell
    assert told(editor) == [Verb.COMMENTED]
