"""Review stays honest when the text moves under it: what a reviewer approved is exactly what was checked."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError

from annotations import permissions, services
from annotations.models import AnchorState, Claim, ClaimStatus
from tests import workflow
from tests.api.conftest import make_token, token_client

pytestmark = pytest.mark.django_db

BODY = (
    "The summit starts on October 22, with the leaders of 24 countries expected to attend.\n\n"
    "The conference in Ashgatat is being attended by other regional leaders.\n\n"
    "Putin said the countries want to create a new world order."
)


def edit(article, user, old, new):
    article.refresh_from_db()
    return services.article_update(
        article=article, user=user, version=None, changes={"body": article.body.replace(old, new)}
    )


def test_a_revision_gives_a_new_version_only_to_claims_whose_anchor_or_state_changed(editor, editor2):
    article = workflow.article(editor, BODY)
    untouched = workflow.claim(article, editor, "leaders of 24 countries")
    shifted = workflow.claim(article, editor, "Putin said")
    reworded = workflow.claim(article, editor, "other regional leaders")
    edit(article, editor2, "other regional leaders", "other leaders from the region")  # also shifts what follows
    assert Claim.objects.get(pk=untouched.pk).version == untouched.version
    assert Claim.objects.get(pk=shifted.pk).version == shifted.version + 1
    assert Claim.objects.get(pk=reworded.pk).version == reworded.version + 1
    edit(article, editor2, "attend.", "attend!")  # a typo fix elsewhere
    assert Claim.objects.get(pk=untouched.pk).version == untouched.version
    # So whoever was editing the untouched claim saves without a conflict.
    services.claim_update(claim=untouched, user=editor, version=untouched.version, changes={"rationale": "Counted."})


def test_an_unconfirmed_or_orphaned_claim_cannot_be_approved_and_the_card_says_why(client, editor, editor2, reviewer):
    article = workflow.article(editor, BODY)
    fuzzy = workflow.submitted_claim(article, editor, "leaders of 24 countries")
    orphan = workflow.submitted_claim(article, editor, "Ashgatat")
    edit(article, editor2, "leaders of 24 countries", "leaders of 23 countries")
    edit(article, editor2, "The conference in Ashgatat is", "The conference is")
    assert Claim.objects.get(pk=fuzzy.pk).anchor_state == AnchorState.FUZZY
    assert Claim.objects.get(pk=orphan.pk).anchor_state == AnchorState.ORPHANED
    for claim, why in ((fuzzy, str(services.ERR_APPROVE_FUZZY)), (orphan, str(services.ERR_APPROVE_ORPHANED))):
        with pytest.raises(ValidationError) as refused:
            services.claim_approve(claim=claim, user=reviewer)
        assert why in str(refused.value)
        assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.SUBMITTED
        client.force_login(reviewer)
        card = client.get(f"/claims/{claim.pk}/").content.decode()
        assert why in card and 'id="approve-claim"' not in card
        answer = token_client(make_token(reviewer, write=True)).post(
            f"/api/v1/claims/{claim.pk}/approve/", {}, format="json"
        )
        assert answer.status_code == 400 and why in str(answer.json())


def approved_but_moved(article, editor, reviewer, quote, state):
    """An approved claim whose anchor a revision made fuzzy or orphaned without review, as happened before."""
    claim = services.claim_approve(claim=workflow.submitted_claim(article, editor, quote), user=reviewer)
    Claim.objects.filter(pk=claim.pk).update(anchor_state=state)
    return Claim.objects.get(pk=claim.pk)


def test_confirming_or_reattaching_an_approved_claim_sends_it_back_to_review(editor, editor2, reviewer):
    editor2.groups.add(Group.objects.get(name=permissions.REVIEWER))  # may review, so only four eyes can stop them
    article = workflow.article(editor, BODY)
    fuzzy = approved_but_moved(article, editor, reviewer, "leaders of 24 countries", AnchorState.FUZZY)
    orphan = approved_but_moved(article, editor, reviewer, "Ashgatat", AnchorState.ORPHANED)
    confirmed = services.claim_confirm_anchor(claim=fuzzy, user=editor2)
    start = article.body.index("Putin said")
    reattached = services.claim_reattach(claim=orphan, user=editor2, start=start, end=start + len("Putin said"))
    for claim in (confirmed, reattached):
        claim.refresh_from_db()
        assert claim.status == ClaimStatus.SUBMITTED and claim.reviewed_by is None
        with pytest.raises(PermissionDenied, match=str(services.ERR_FOUR_EYES)):  # four eyes on the new text
            services.claim_approve(claim=claim, user=editor2)
    services.claim_approve(claim=confirmed, user=reviewer)


def test_corrected_text_never_applies_a_correction_no_reviewer_saw(editor, reviewer):
    article = workflow.article(editor, BODY)
    claim = workflow.ready_claim(article, editor, "Ashgatat")
    services.claim_update(claim=claim, user=editor, version=None, changes={"correction": "Ashgabat"})
    services.claim_approve(claim=services.claim_submit(claim=claim, user=editor), user=reviewer)
    api = token_client(make_token(editor))
    assert "Ashgabat" in api.get(f"/api/v1/articles/{article.pk}/corrected/").json()["body"]
    # The text under the approved claim changed and nobody has reviewed the new one.
    Claim.objects.filter(pk=claim.pk).update(anchor_state=AnchorState.FUZZY)
    document = api.get(f"/api/v1/articles/{article.pk}/corrected/").json()
    assert "Ashgabat" not in document["body"] and document["skipped"] == [claim.pk]
