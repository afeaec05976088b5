import pytest
from django.core.exceptions import ValidationError

from annotations import services
from annotations.models import AnchorState, ArticleStatus, Channel, ClaimStatus, Revision
from tests import workflow

pytestmark = pytest.mark.django_db

BODY = (
    "The summit of emerging economies starts on October 22, with the leaders of 24 countries expected to "
    "attend.\n\nThe conference in Ashgatat is being attended by other regional leaders including Pakistani President "
    "Asif Ali Zardari.\n\nSpeaking as the forum opened, Putin said the countries want to create a new world order to "
    "counter the West."
)


def revise(article, user, body, channel=Channel.UI):
    article.refresh_from_db()
    return services.article_update(
        article=article, user=user, version=article.version, changes={"body": body}, channel=channel
    )


def state(claim):
    claim.refresh_from_db()
    return claim.anchor_state, claim.article.body[claim.start : claim.end] if claim.anchor_state != "orphaned" else None


def test_every_body_change_stores_a_revision_with_who_and_channel(editor):
    article = workflow.article(editor, BODY)
    revise(article, editor, BODY + "\n\nA new paragraph.", channel=Channel.API)
    revisions = list(Revision.objects.filter(article=article).values_list("number", "channel", "created_by__username"))
    assert revisions == [(1, "ui", "editor"), (2, "api", "editor")]
    revise(article, editor, BODY + "\n\nA new paragraph.")  # same text: no revision
    assert Revision.objects.filter(article=article).count() == 2


def test_claims_follow_the_text(editor):
    article = workflow.article(editor, BODY)
    shifted = workflow.claim(article, editor, "leaders of 24 countries")
    moved = workflow.claim(article, editor, "Asif Ali Zardari")
    fuzzy = workflow.claim(article, editor, "Putin said the countries want to create a new world order")
    orphan = workflow.claim(article, editor, "Ashgatat")
    new_body = (
        "Breaking: an update.\n\nThe summit of emerging economies starts on October 22, with the leaders of 24 "
        "countries expected to attend.\n\nSpeaking as the forum opened, Putin said the nations want to create a new "
        "world order to counter the West.\n\nOther leaders came too, among them Pakistani President Asif Ali Zardari."
    )
    revision = revise(article, editor, new_body).latest_revision
    assert state(shifted) == ("exact", "leaders of 24 countries")
    assert state(moved) == ("moved", "Asif Ali Zardari")
    assert state(fuzzy) == ("fuzzy", "Putin said the nations want to create a new world order")
    assert fuzzy.original_exact == "Putin said the countries want to create a new world order"
    assert state(orphan) == ("orphaned", None)
    assert orphan.exact == "Ashgatat"  # the old quote and everything attached to it are kept
    assert revision.anchoring == {"exact": 1, "moved": 1, "fuzzy": 1, "orphaned": 1}


def test_fuzzy_approved_claims_return_to_review_but_exact_moves_keep_approval(editor, reviewer):
    article = workflow.article(editor, BODY)
    kept = services.claim_approve(
        claim=workflow.submitted_claim(article, editor, "leaders of 24 countries"), user=reviewer
    )
    changed = services.claim_approve(
        claim=workflow.submitted_claim(article, editor, "Putin said the countries want to create"), user=reviewer
    )
    services.article_sign_off(article=article, user=reviewer)
    revise(article, editor, "Intro.\n\n" + BODY.replace("the countries want", "the nations want"))
    kept.refresh_from_db()
    changed.refresh_from_db()
    assert (kept.status, kept.anchor_state) == (ClaimStatus.APPROVED, AnchorState.EXACT)
    assert (changed.status, changed.anchor_state) == (ClaimStatus.SUBMITTED, AnchorState.FUZZY)
    assert "back to review" in changed.comments.get().text
    article.refresh_from_db()
    assert article.status == ArticleStatus.IN_REVIEW and article.signed_off_at is None


def test_fuzzy_claims_are_confirmed_and_orphans_reattached(editor):
    article = workflow.article(editor, BODY)
    fuzzy = workflow.claim(article, editor, "Putin said the countries want to create")
    orphan = workflow.claim(article, editor, "Ashgatat")
    revise(
        article,
        editor,
        BODY.replace("the countries want", "the nations want").replace(
            "The conference in Ashgatat is being", "The meeting is"
        ),
    )
    with pytest.raises(ValidationError):
        services.claim_confirm_anchor(claim=orphan, user=editor)
    assert services.claim_confirm_anchor(claim=fuzzy, user=editor).anchor_state == AnchorState.EXACT
    article.refresh_from_db()
    start = article.body.index("The meeting")
    with pytest.raises(ValidationError) as caught:
        services.claim_reattach(claim=orphan, user=editor, start=start, end=start + 11, quote="wrong")
    assert "quote" in caught.value.message_dict
    orphan = services.claim_reattach(claim=orphan, user=editor, start=start, end=start + 11, quote="The meeting")
    assert (orphan.anchor_state, orphan.exact, orphan.original_exact) == ("exact", "The meeting", "Ashgatat")


def test_history_records_each_move(editor):
    from annotations import selectors

    article = workflow.article(editor, BODY)
    claim = workflow.claim(article, editor, "Asif Ali Zardari")
    intro = "Zardari first: Asif Ali Zardari.\n\n"  # a second occurrence, but in other surroundings
    revise(article, editor, intro + BODY)
    moves = [e for e in selectors.claim_history(claim) if e.kind == "moved"]
    old = BODY.index("Asif Ali Zardari")
    new = old + len(intro)
    assert moves[0].sentence == "<bdi>editor</bdi> moved the claim “<bdi>Asif Ali Zardari</bdi>” to other text"
    assert ("position (characters)", f"{old}–{old + 16}", f"{new}–{new + 16}") in moves[0].changes


def test_api_and_cms_changes_are_revisions_through_their_channel(editor):
    article, created = services.article_upsert(
        user=editor, external_id="cms-1", version=None, fields={"title": "T", "body": BODY}
    )
    assert created
    services.article_upsert(
        user=editor, external_id="cms-1", version=None, fields={"title": "T", "body": BODY + "\n\nMore."}
    )
    services.article_update(article=article, user=editor, version=None, changes={"body": BODY}, channel=Channel.API)
    channels = list(Revision.objects.filter(article=article).order_by("number").values_list("channel", flat=True))
    assert channels == ["cms", "cms", "api"]
