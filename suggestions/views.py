"""The Suggestions panel in the workspace. Thin: check the role, call a selector or service, render.

One URL serves the panel as a page of its own and, for htmx, as the fragment the workspace swaps in
(`Vary: HX-Request`). While the analysis is pending, the fragment asks for itself again every two seconds.
"""

from http import HTTPStatus

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from annotations import permissions
from annotations.models import Article
from annotations.permissions import role_required
from annotations.workspace import claim_opened_fragments
from factcheck import paging
from suggestions import analysis, selectors, services
from suggestions.models import AnalysisState, Suggestion

TEMPLATE = "suggestions/suggestion_list.html"
PER_PAGE = 50


def _panel(request: HttpRequest, article: Article, *, status: int = 200, error: str = "") -> HttpResponse:
    """The panel at the page asked for (`?page=`, or the `page` an accept or dismiss form posts back, so the
    panel stays where the user was). Page links name the panel's address: htmx swaps them into the workspace."""
    state = selectors.analysis_get(article.pk)
    pager, groups, count = None, [], 0
    if state and state.state == AnalysisState.DONE:
        counts = selectors.suggestion_counts_by_kind(article.pk)
        count = sum(counts.values())
        pager = paging.paginate(
            request,
            selectors.suggestions_for_panel(article.pk),
            per_page=PER_PAGE,
            path=reverse("suggestion_list", args=[article.pk]),
            number=request.POST.get("page") or request.GET.get("page"),
            clamp=bool(request.POST.get("page")),  # the page posted back may have been emptied by this change
        )
        groups = selectors.group_by_kind(pager.rows, counts)
    context = {
        "article": article,
        "analysis": state,
        "groups": groups,
        "pager": pager,
        "count": count,
        "can_edit": permissions.can_edit(request.user),
        "polling": state is not None and state.state == AnalysisState.PENDING,
        "error": error,
    }
    template = f"{TEMPLATE}#suggestions" if request.htmx else TEMPLATE
    return render(request, template, context, status=status)


def _refused(request: HttpRequest, article: Article, error: ValidationError) -> HttpResponse:
    """The panel again, with the reason the service refused, as 422."""
    return _panel(request, article, status=HTTPStatus.UNPROCESSABLE_ENTITY, error=" ".join(error.messages))


@require_GET
@vary_on_headers("HX-Request")
@role_required(permissions.can_edit)
def suggestion_list(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article.objects.only("pk", "title"), pk=pk)
    return _panel(request, article)


@require_POST
@vary_on_headers("HX-Request")
@role_required(permissions.can_edit)
def suggestion_analyse(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article.objects.only("pk", "title"), pk=pk)
    with transaction.atomic():
        analysis.analysis_schedule(article.pk)
    return _panel(request, article) if request.htmx else redirect("suggestion_list", pk=article.pk)


@require_POST
@vary_on_headers("HX-Request")
@role_required(permissions.can_edit)
def suggestion_accept(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = get_object_or_404(Suggestion.objects.select_related("article"), pk=pk)
    try:
        claim = services.suggestion_accept(suggestion=suggestion, user=request.user)
    except ValidationError as error:
        return _refused(request, suggestion.article, error)
    if not request.htmx:
        return redirect(reverse("claim_detail", args=[claim.pk]))
    # In place: this panel without the accepted suggestion, and out of band the new claim's card, its
    # highlight, the claim list and the status bar.
    panel = _panel(request, suggestion.article)
    panel.content = panel.content + claim_opened_fragments(request, claim.pk).encode()
    return panel


@require_POST
@vary_on_headers("HX-Request")
@role_required(permissions.can_edit)
def suggestion_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = get_object_or_404(Suggestion.objects.select_related("article"), pk=pk)
    try:
        services.suggestion_dismiss(suggestion=suggestion, user=request.user)
    except ValidationError as error:
        return _refused(request, suggestion.article, error)
    return (
        _panel(request, suggestion.article) if request.htmx else redirect("suggestion_list", pk=suggestion.article_id)
    )
