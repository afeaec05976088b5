"""Random sequences of actions by random users never break the review rules."""

from itertools import pairwise

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotations import permissions, services
from annotations.models import Article, ArticleStatus, Claim, ClaimStatus, Rating
from tests import workflow
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

QUOTES = ["leaders of 24 countries", "24 countries", "October 22", "Ashgatat", "The conference"]
CONTENT = ("statement", "claimant", "kind", "verdict_id", "rationale", "correction", "start", "end")
ACTIONS = [
    "create",
    "edit",
    "verdict",
    "source",
    "unsource",
    "submit",
    "approve",
    "send_back",
    "reopen",
    "delete",
    "sign_off",
    "comment",
]

# The review actions are listed more than once so that random sequences often get as far as approval.
WEIGHTED = [*ACTIONS, "submit", "submit", "approve", "approve", "approve", "sign_off"]
steps = st.lists(st.tuples(st.sampled_from(WEIGHTED), st.integers(0, 4), st.integers(0, 9)), min_size=8, max_size=50)


def expected_status(article: Article) -> str:
    """The rules of issue 3, written out independently of the service that applies them."""
    states = list(Claim.objects.filter(article=article).values_list("status", flat=True))
    if article.signed_off_at and all(s == "approved" for s in states):
        return ArticleStatus.CHECKED
    if not states:
        return ArticleStatus.NEW
    if "changes_requested" in states:
        return ArticleStatus.CHANGES_REQUESTED
    if "draft" in states:
        return ArticleStatus.IN_PROGRESS
    return ArticleStatus.IN_REVIEW


PREFERRED = {
    "submit": ["draft", "changes_requested"],
    "approve": ["submitted"],
    "send_back": ["submitted"],
    "reopen": ["approved"],
    "edit": ["approved", "draft"],
    "source": ["approved", "draft"],
}


def act(action, user, claims, article, pick, ratings):
    if not claims and action not in ("create", "sign_off"):
        action = "create"  # every other action needs a claim to act on
    # Prefer a claim in a state where the action can apply, so sequences reach review, approval and reopening;
    # the user is still random, so refusals (four eyes, roles) keep happening too.
    wanted = PREFERRED.get(action)
    fitting = [c for c in claims if wanted and Claim.objects.filter(pk=c.pk, status__in=wanted).exists()] or claims
    claim = fitting[pick % len(fitting)] if fitting else None
    if action == "create":
        quote = QUOTES[pick % len(QUOTES)]
        # Most new claims come ready to submit (verdict and source), so sequences reach review and approval often.
        new = workflow.ready_claim(article, user, quote) if pick % 4 else workflow.claim(article, user, quote)
        claims.append(new)
    elif action == "edit":
        services.claim_update(claim=claim, user=user, version=None, changes={"rationale": f"note {pick}"})
    elif action == "verdict":
        services.claim_update(claim=claim, user=user, version=None, changes={"verdict": ratings[pick % len(ratings)]})
    elif action == "source":
        services.source_create(claim=claim, user=user, url=f"https://example.org/{pick}")
    elif action == "unsource":
        source = claim.sources.first()
        if source:
            services.source_delete(source=source, user=user)
    elif action == "submit":
        services.claim_submit(claim=claim, user=user)
    elif action == "approve":
        services.claim_approve(claim=claim, user=user)
    elif action == "send_back":
        services.claim_request_changes(claim=claim, user=user, comment="please fix")
    elif action == "reopen":
        services.claim_reopen(claim=claim, user=user, reason="recheck")
    elif action == "delete":
        services.claim_delete(claim=claim, user=user)
        claims.remove(claim)
    elif action == "sign_off" or claim is None:
        services.article_sign_off(article=article, user=user)
    elif action == "comment":
        services.comment_create(claim=claim, user=user, text="hm")


def check_invariants(article):
    article.refresh_from_db()
    assert article.status == expected_status(article)
    for claim in Claim.objects.filter(article=article):
        if claim.status == ClaimStatus.APPROVED:
            assert claim.verdict_id is not None, "approved without a verdict"
            assert claim.reviewed_by_id not in (claim.created_by_id, claim.updated_by_id), "approved by its author"
        # Read the trigger-written history: after an approval the next change must be a reopen.
        snapshots = list(Claim.pgh_event_model.objects.filter(pgh_obj_id=claim.pk).order_by("pgh_id").values())
        for before, after in pairwise(snapshots):
            if before["status"] == ClaimStatus.APPROVED:
                assert after["status"] == ClaimStatus.DRAFT, "an approved claim changed without a reopen"
                assert {f: before[f] for f in CONTENT} == {f: after[f] for f in CONTENT}


REACHED = {"approved": 0, "checked": 0}


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=steps)
def test_random_actions_never_break_the_review_rules(steps, editor, editor2, reviewer, admin_user):
    reviewer2 = make_user("reviewer2", permissions.REVIEWER)
    users = [editor, editor2, reviewer, reviewer2, admin_user]
    ratings = list(Rating.objects.all())
    article = workflow.article(editor)
    claims = []
    for action, who, pick in steps:
        try:
            act(action, users[who], claims, article, pick, ratings)
        except (ValidationError, PermissionDenied, services.Conflict):
            pass  # a refusal is a legitimate outcome; the invariants must hold either way
        claims = [c for c in claims if Claim.objects.filter(pk=c.pk).exists()]
        check_invariants(article)
    REACHED["approved"] += Claim.pgh_event_model.objects.filter(
        article_id=article.pk, status=ClaimStatus.APPROVED
    ).exists()
    REACHED["checked"] += Article.pgh_event_model.objects.filter(
        pgh_obj_id=article.pk, status=ArticleStatus.CHECKED
    ).exists()


def test_the_random_sequences_reached_approvals_and_sign_offs():
    # Guards the property test above against vacuity: its sequences must actually exercise the workflow.
    assert REACHED["approved"] > 0 and REACHED["checked"] > 0, REACHED
