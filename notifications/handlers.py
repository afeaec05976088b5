"""Reactions to the core's domain events: who hears about what. Run inside the service's transaction.

Each handler reads the ids it needs (one or two small queries) and calls services.notify, which defers any
e-mail job in the same transaction, so a rolled-back change notifies nobody.
"""

from annotations import events
from annotations.models import Article, Claim, Comment, CommentKind
from notifications import selectors, services
from notifications.models import Verb


def connect() -> None:
    events.subscribe(events.ArticleAssigned, on_article_assigned)
    events.subscribe(events.ClaimSubmitted, on_claim_submitted)
    events.subscribe(events.ClaimReviewed, on_claim_reviewed)
    events.subscribe(events.ArticleSignedOff, on_article_signed_off)
    events.subscribe(events.CommentAdded, on_comment_added)
    events.subscribe(events.SourceDrifted, on_source_drifted)


def _claim_people(claim_id: int) -> set[int]:
    """Whose claim it is: who created it and who last changed it (the editor who resubmitted it)."""
    row = Claim.objects.filter(pk=claim_id).values_list("created_by_id", "updated_by_id").first()
    return set(row or ())


def _mentions(text: str, *, actor_id: int, article_id: int, claim_id: int, comment_id: int | None) -> set[int]:
    """Notify everyone @mentioned; returns their ids so they are not told twice about the same comment."""
    mentioned = set(selectors.mentioned_users(text).values_list("pk", flat=True))
    services.notify(
        recipient_ids=mentioned,
        verb=Verb.MENTIONED,
        actor_id=actor_id,
        article_id=article_id,
        claim_id=claim_id,
        comment_id=comment_id,
        text=text,
    )
    return mentioned


def on_article_assigned(event) -> None:
    verb = Verb.ASSIGNED_REVIEWER if event.role == "reviewer" else Verb.ASSIGNED_EDITOR
    services.notify(recipient_ids=[event.user_id], verb=verb, actor_id=event.actor_id, article_id=event.article_id)


def on_claim_submitted(event) -> None:
    reviewer_id = Article.objects.filter(pk=event.article_id).values_list("reviewer_id", flat=True).first()
    services.notify(
        recipient_ids=[reviewer_id],
        verb=Verb.SUBMITTED,
        actor_id=event.actor_id,
        article_id=event.article_id,
        claim_id=event.claim_id,
    )


def on_claim_reviewed(event) -> None:
    if event.outcome == "approved":
        services.notify(
            recipient_ids=_claim_people(event.claim_id),
            verb=Verb.APPROVED,
            actor_id=event.actor_id,
            article_id=event.article_id,
            claim_id=event.claim_id,
        )
    elif event.outcome == "changes_requested":
        comment = Comment.objects.filter(claim_id=event.claim_id, kind=CommentKind.CHANGES_REQUESTED).order_by(
            "-created", "-id"
        ).values("pk", "text").first() or {"pk": None, "text": ""}
        mentioned = _mentions(
            comment["text"],
            actor_id=event.actor_id,
            article_id=event.article_id,
            claim_id=event.claim_id,
            comment_id=comment["pk"],
        )
        services.notify(
            recipient_ids=_claim_people(event.claim_id) - mentioned,
            verb=Verb.CHANGES_REQUESTED,
            actor_id=event.actor_id,
            article_id=event.article_id,
            claim_id=event.claim_id,
            comment_id=comment["pk"],
            text=comment["text"],
        )


def on_article_signed_off(event) -> None:
    article = Article.objects.filter(pk=event.article_id).values("created_by_id", "assignee_id", "reviewer_id").first()
    if article is None:
        return
    people = {article["created_by_id"], article["assignee_id"], article["reviewer_id"]}
    people |= set(Claim.objects.filter(article_id=event.article_id).values_list("created_by_id", flat=True).distinct())
    services.notify(recipient_ids=people, verb=Verb.SIGNED_OFF, actor_id=event.actor_id, article_id=event.article_id)


def on_comment_added(event) -> None:
    text = Comment.objects.filter(pk=event.comment_id).values_list("text", flat=True).first() or ""
    mentioned = _mentions(
        text, actor_id=event.actor_id, article_id=event.article_id, claim_id=event.claim_id, comment_id=event.comment_id
    )
    owner = Claim.objects.filter(pk=event.claim_id).values_list("created_by_id", flat=True).first()
    services.notify(
        recipient_ids={owner} - mentioned,
        verb=Verb.COMMENTED,
        actor_id=event.actor_id,
        article_id=event.article_id,
        claim_id=event.claim_id,
        comment_id=event.comment_id,
        text=text,
    )


def on_source_drifted(event) -> None:
    """A cited page changed or vanished: the claim's editor and the article's reviewer should look again."""
    reviewer_id = Article.objects.filter(pk=event.article_id).values_list("reviewer_id", flat=True).first()
    services.notify(
        recipient_ids=_claim_people(event.claim_id) | {reviewer_id},
        verb=Verb.SOURCE_CHANGED,
        actor_id=None,
        article_id=event.article_id,
        claim_id=event.claim_id,
    )
