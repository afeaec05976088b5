"""Domain events: the services publish what happened, in their own transaction, to whoever subscribed."""

import pytest
from django.db import transaction

from annotations import events, services
from annotations.models import Article
from tests import workflow


@pytest.fixture
def recorded(monkeypatch):
    """Every event published during the test, with whether the service's transaction was open at the time."""
    seen = []
    subscribers = {kind: list(handlers) for kind, handlers in events._subscribers.items()}
    monkeypatch.setattr(events, "_subscribers", events.defaultdict(list, subscribers))
    for kind in (events.ArticleCreated, events.ArticleBodyChanged, events.ArticleUpdated, events.ArticleSignedOff,
                 events.ClaimSubmitted, events.ClaimReviewed, events.CommentAdded):  # fmt: skip
        events.subscribe(kind, lambda event: seen.append((event, transaction.get_connection().in_atomic_block)))
    return seen


def kinds(recorded):
    return [type(event).__name__ for event, _ in recorded]


def test_creating_and_editing_an_article_publishes_what_changed(editor, recorded):
    article = workflow.article(editor)
    services.article_update(article=article, user=editor, version=None, changes={"title": "New title"})
    services.article_update(article=article, user=editor, version=None, changes={"body": article.body + "\n\nMore."})
    assert kinds(recorded) == ["ArticleCreated", "ArticleUpdated", "ArticleBodyChanged", "ArticleUpdated"]
    assert recorded[1][0].fields == ("title",)
    assert recorded[2][0].revision_id == article.revisions.order_by("-number").first().pk
    assert all(in_transaction for _, in_transaction in recorded)


def test_the_review_workflow_publishes_each_step(editor, reviewer, recorded):
    article = workflow.article(editor)
    claim = workflow.submitted_claim(article, editor)
    services.claim_request_changes(claim=claim, user=reviewer, comment="Cite the Kremlin.")
    claim = services.claim_submit(claim=claim, user=editor)
    services.claim_approve(claim=claim, user=reviewer)
    services.claim_reopen(claim=claim, user=reviewer, reason="New figures.")
    services.comment_create(claim=claim, user=editor, text="On it.")
    reviewed = [event.outcome for event, _ in recorded if isinstance(event, events.ClaimReviewed)]
    assert reviewed == ["changes_requested", "approved", "reopened"]
    assert kinds(recorded).count("ClaimSubmitted") == 2
    comment = next(event for event, _ in recorded if isinstance(event, events.CommentAdded))
    assert (comment.claim_id, comment.article_id, comment.actor_id) == (claim.pk, article.pk, editor.pk)


def test_signing_off_publishes_once(editor, reviewer, recorded):
    article = workflow.article(editor)
    claim = workflow.submitted_claim(article, editor)
    services.claim_approve(claim=claim, user=reviewer)
    services.article_sign_off(article=article, user=reviewer)
    assert [event for event, _ in recorded if isinstance(event, events.ArticleSignedOff)] == [
        events.ArticleSignedOff(article_id=article.pk, actor_id=reviewer.pk)
    ]


def test_a_subscriber_that_fails_rolls_the_change_back(editor, monkeypatch):
    monkeypatch.setattr(events, "_subscribers", events.defaultdict(list))

    def refuse(event):
        raise RuntimeError("subscriber failed")

    events.subscribe(events.ArticleCreated, refuse)
    with pytest.raises(RuntimeError):
        workflow.article(editor, title="Never saved")
    assert not Article.objects.filter(title="Never saved").exists()


def test_subscribing_twice_calls_the_handler_once(monkeypatch):
    monkeypatch.setattr(events, "_subscribers", events.defaultdict(list))
    calls = []
    events.subscribe(events.ArticleSignedOff, calls.append)
    events.subscribe(events.ArticleSignedOff, calls.append)
    events.publish(events.ArticleSignedOff(article_id=1, actor_id=None))
    assert len(calls) == 1


def test_the_plug_ins_subscribe_to_the_core(db):
    handlers = {kind.__name__: [f"{h.__module__}.{h.__name__}" for h in hs] for kind, hs in events._subscribers.items()}
    assert "suggestions.analysis.on_text_changed" in handlers["ArticleCreated"]
    assert "suggestions.analysis.on_text_changed" in handlers["ArticleBodyChanged"]
    assert "integrations.webhooks.on_claim_reviewed" in handlers["ClaimReviewed"]
    assert "integrations.webhooks.on_article_signed_off" in handlers["ArticleSignedOff"]
