"""The workspace page's pieces: highlighted text, claim list, claim card, and the fragments htmx swaps.

Views of the core build pages from these, and so may a plug-in that changes claims (accepting a suggestion
swaps the new claim's card in place), without importing the core's views.
"""

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from annotations import rendering, selectors
from annotations.language import text_direction
from annotations.models import Article, Claim, ClaimStatus


def highlight_html(article: Article, claims: list[Claim]) -> str:
    spans = [
        rendering.Span(
            id=c.pk,
            start=c.start,
            end=c.end,
            classes=f"kind-{c.kind} status-{c.status}" + (f" verdict-{c.verdict.slug}" if c.verdict_id else ""),
        )
        for c in claims
        if c.anchor_state != "orphaned"
    ]
    # rendering escapes every piece of article text; the markup around it is its own.
    return mark_safe(rendering.render_article(article.body, spans))


def workspace_context(article: Article, **extra) -> dict:
    claims = selectors.claims_for_article(article)
    counts = {status: 0 for status in ClaimStatus.values}
    for claim in claims:
        counts[claim.status] += 1
    return {
        "article": article,
        "claims": claims,
        "unanchored": [c for c in claims if c.anchor_state == "orphaned"],
        "counts": counts,
        "article_html": highlight_html(article, claims),
        "article_dir": text_direction(article.language),
        **extra,
    }


def claim_opened_fragments(request, claim_id: int) -> str:
    """For another panel's response: the claim's card into #detail and the refreshed workspace, out of band."""
    context = card_context(claim_id, just_saved=True)
    html = render_to_string("annotations/claim_detail.html#detail-oob", context, request)
    article = Article.objects.select_related("signed_off_by").get(pk=context["claim"].article_id)
    return html + render_to_string("annotations/article_detail.html#workspace-oob", workspace_context(article, oob=True), request)


def card_context(claim_id: int, **extra) -> dict:
    claim = selectors.claim_get(claim_id)
    return {"claim": claim, "overlapping": selectors.claims_overlapping(claim), "history": selectors.claim_history(claim), **extra}


def panel_response(request, detail_template: str, context: dict, *, article: Article, status: int = 200, refresh: bool = True) -> HttpResponse:
    """The side panel's detail, plus (out of band) the article text and claim list when claims changed."""
    html = render_to_string(detail_template, context, request)
    if refresh:
        article = Article.objects.select_related("signed_off_by").get(pk=article.pk)  # its status may have just changed
        html += render_to_string("annotations/article_detail.html#workspace-oob", workspace_context(article, oob=True), request)
    return HttpResponse(html, status=status)
