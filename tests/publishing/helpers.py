"""A published claim, reopened and changed: the state a correction starts from, built through the services."""

from annotations import services
from annotations.models import Rating
from tests import workflow


def published(editor, reviewer, *, external_id="cms-1", title="Summit"):
    """A signed-off article with one approved claim (verdict "Mostly true"); the claim as approved."""
    article = workflow.article(editor, external_id=external_id, title=title)
    claim = workflow.submitted_claim(article, editor)
    claim = services.claim_approve(claim=claim, user=reviewer)
    services.article_sign_off(article=article, user=reviewer)
    return article, claim


def corrected_draft(claim, editor, reviewer, *, verdict="false", rationale="The summit had 22 leaders, not 24."):
    """Reopen the published claim, change its verdict and rationale, and submit it again."""
    claim = services.claim_reopen(claim=claim, user=reviewer, reason="A reader wrote in: it was 22.")
    claim = services.claim_update(
        claim=claim,
        user=editor,
        version=None,
        changes={"verdict": Rating.objects.get(slug=verdict), "rationale": rationale},
    )
    return services.claim_submit(claim=claim, user=editor)


def correct(claim, editor, reviewer, note="We said mostly true; the figure was 22, so it is false."):
    claim = corrected_draft(claim, editor, reviewer)
    return services.claim_approve(claim=claim, user=reviewer, correction_note=note)
