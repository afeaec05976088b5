"""Claims that follow the text: confirm a fuzzy position, re-attach a lost claim, compare revisions."""


from http import HTTPStatus

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_POST

from annotations import anchoring, permissions, revisions_diff, selectors, services, workspace
from annotations.models import Article, Claim
from annotations.permissions import role_required
from annotations.views.review import workflow_response


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
        context = workspace.card_context(claim.pk, action_error="Select the new text in the article first, then re-attach.")
        return render(request, "annotations/claim_detail.html#claim-card", context, status=HTTPStatus.UNPROCESSABLE_ENTITY)
    article = claim.article
    start, end = anchoring.trim_span(article.body, start, end) if 0 <= start <= end <= len(article.body) else (start, end)
    quote = article.body[start:end] if request.POST.get("quote") is None else request.POST["quote"].strip()
    return workflow_response(request, claim, services.claim_reattach, start=start, end=end, quote=quote)


@require_GET
@role_required(permissions.can_edit)
def revision_list(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk)
    revisions = list(article.revisions.select_related("created_by").order_by("-number"))
    numbers = [r.number for r in revisions]
    newest = numbers[0] if numbers else None

    def number(name, default):
        try:
            value = int(request.GET.get(name, default))
        except (TypeError, ValueError):
            return default
        return value if value in numbers else default

    b = number("b", newest)
    a = number("a", min(numbers, key=lambda n: (n >= b, -n)) if numbers else None)
    by_number = {r.number: r for r in revisions}
    diff_html = ""
    if a is not None and b is not None:
        claims = selectors.claims_for_article(article) if b == newest else []
        spans = [(c.start, c.end) for c in claims if c.anchor_state != "orphaned"]
        diff_html = mark_safe(revisions_diff.render_diff(by_number[a].body, by_number[b].body, spans))
    context = {"article": article, "revisions": revisions, "a": a, "b": b, "diff_html": diff_html, "newest": newest}
    return render(request, "annotations/revision_list.html", context)
