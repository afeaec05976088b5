"""Claims that follow the text: confirm a fuzzy position, re-attach a lost claim, compare revisions."""

from http import HTTPStatus

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from annotations import anchoring, permissions, revisions_diff, selectors, services, workspace
from annotations.models import Article, Claim
from annotations.permissions import role_required
from annotations.views.review import workflow_response
from factcheck import paging


@require_POST
@role_required(permissions.can_edit)
def claim_confirm_anchor(request: HttpRequest, pk: int) -> HttpResponse:
    return workflow_response(request, get_object_or_404(Claim, pk=pk), services.claim_confirm_anchor)


@require_POST
@role_required(permissions.can_edit)
def claim_reattach(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(Claim, pk=pk)
    try:
        start, end = int(request.POST["start"]), int(request.POST["end"])
    except (KeyError, ValueError):
        context = workspace.card_context(
            claim.pk, action_error=_("Select the new text in the article first, then re-attach.")
        )
        return render(
            request, "annotations/claim_detail.html#claim-card", context, status=HTTPStatus.UNPROCESSABLE_ENTITY
        )
    article = claim.article
    start, end = (
        anchoring.trim_span(article.body, start, end) if 0 <= start <= end <= len(article.body) else (start, end)
    )
    quote = article.body[start:end] if request.POST.get("quote") is None else request.POST["quote"].strip()
    return workflow_response(request, claim, services.claim_reattach, start=start, end=end, quote=quote)


@require_GET
@role_required(permissions.can_edit)
def revision_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The revisions, a page at a time and without their texts; the texts of the two compared, and only those."""
    article = get_object_or_404(Article.objects.defer("body"), pk=pk)
    pager = paging.paginate(request, selectors.revisions_of(article))
    newest = selectors.revision_newest_number(article)

    def number(name):
        try:
            return int(request.GET[name])
        except (KeyError, ValueError):
            return None

    b = number("b") or newest
    a = number("a")
    if a is None and b is not None:
        a = selectors.revision_number_before(article, b)
    bodies = selectors.revision_bodies(article, [n for n in (a, b) if n is not None])
    a, b = (a if a in bodies else None), (b if b in bodies else None)
    diff_html = ""
    if a is not None and b is not None:
        claims = selectors.claims_for_article(article) if b == newest else []
        spans = [(c.start, c.end) for c in claims if c.anchor_state != "orphaned"]
        diff_html = mark_safe(revisions_diff.render_diff(bodies[a], bodies[b], spans))
    context = {
        "article": article,
        "revisions": pager.rows,
        "pager": pager,
        "a": a,
        "b": b,
        "diff_html": diff_html,
        "newest": newest,
        "several": (newest or 0) > 1,
    }
    return render(request, "annotations/revision_list.html", context)
