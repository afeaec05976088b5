"""Claims in the workspace: open a card, add from a selection, edit, delete."""

from http import HTTPStatus

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from annotations import anchoring, permissions, selectors, services, workspace
from annotations.forms import (
    ClaimCreateForm,
    ClaimForm,
)
from annotations.models import Article, Claim
from annotations.permissions import role_required
from factcheck import paging
from factcheck.forms import form_errors


@require_GET
@vary_on_headers("HX-Request")
@role_required(permissions.can_edit)
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(Claim.objects.select_related("article", "article__assignee", "article__reviewer"), pk=pk)
    context = workspace.card_context(claim.pk)
    if request.htmx:
        return render(request, "annotations/claim_detail.html#claim-card", context)
    return render(request, "annotations/article_detail.html", workspace.workspace_context(claim.article, **context))


@require_GET
@role_required(permissions.can_edit)
def claim_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Every recorded change of a claim, its sources and comments; the card shows the latest few."""
    claim = get_object_or_404(Claim.objects.select_related("article").defer("article__body"), pk=pk)
    pager = paging.paginate(request, selectors.HistoryEvents(claim))
    entries = selectors.history_entries(pager.rows)
    return render(request, "annotations/claim_history.html", {"claim": claim, "entries": entries, "pager": pager})


def _int_param(request, name: str) -> int | None:
    try:
        return int(request.GET.get(name, ""))
    except ValueError:
        return None


@require_http_methods(["GET", "POST"])
@role_required(permissions.can_edit)
def claim_create(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk)
    if request.method == "GET":
        # The browser proposes a selection; the server trims it and checks it against the text it holds.
        start, end = _int_param(request, "start"), _int_param(request, "end")
        if start is None or end is None:
            return render(
                request,
                "annotations/claim_detail.html#selection-error",
                {"message": _("Select some text in the article first.")},
                status=400,
            )
        quote = request.GET.get("quote")
        problems = anchoring.span_errors(article.body, start, end, quote)
        if problems:
            return render(
                request,
                "annotations/claim_detail.html#selection-error",
                {"message": next(iter(problems.values()))},
                status=HTTPStatus.UNPROCESSABLE_ENTITY,
            )
        start, end = anchoring.trim_span(article.body, start, end)
        if start == end:
            return render(
                request,
                "annotations/claim_detail.html#selection-error",
                {"message": anchoring.ERR_EMPTY},
                status=HTTPStatus.UNPROCESSABLE_ENTITY,
            )
        quote = article.body[start:end]
        form = ClaimCreateForm(initial={"start": start, "end": end, "quote": quote, "statement": quote})
        return render(
            request, "annotations/claim_detail.html#claim-form", {"form": form, "article": article, "quote": quote}
        )

    form = ClaimCreateForm(request.POST)
    if form.is_valid():
        data = form.changes()
        try:
            claim = services.claim_create(article=article, user=request.user, **data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            if not request.htmx:
                return redirect("claim_detail", pk=claim.pk)
            context = workspace.card_context(claim.pk, just_saved=True)
            change = workspace.Change.of(None, context["claim"])
            return workspace.panel_response(
                request, "annotations/claim_detail.html#claim-card", context, article=article, change=change
            )
    quote = form.data.get("quote", "")
    return render(
        request,
        "annotations/claim_detail.html#claim-form",
        {"form": form, "article": article, "quote": quote},
        status=HTTPStatus.UNPROCESSABLE_ENTITY,
    )


@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
@role_required(permissions.can_edit)
def claim_edit(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(Claim.objects.select_related("article", "article__assignee", "article__reviewer"), pk=pk)
    form = ClaimForm(request.POST or None, instance=claim, initial={"version": claim.version})
    context = {"form": form, "claim": claim, "article": claim.article}
    if request.method == "POST" and form.is_valid():
        data = form.changes()
        try:
            services.claim_patch(claim=claim, user=request.user, version=form.cleaned_data["version"], changes=data)
        except ValidationError as error:
            form_errors(form, error)
        except services.Conflict:
            # Keep the user's input; show what the other person saved so it can be applied again.
            current = selectors.claim_get(claim.pk)
            data = request.POST.copy()
            data["version"] = current.version
            context |= {"conflict": current, "form": ClaimForm(data, instance=claim)}
            return render(request, "annotations/claim_detail.html#claim-edit-form", context, status=HTTPStatus.CONFLICT)
        else:
            if not request.htmx:
                return redirect("claim_detail", pk=claim.pk)
            card = workspace.card_context(claim.pk, just_saved=True)
            change = workspace.Change.of(claim, card["claim"])
            return workspace.panel_response(
                request, "annotations/claim_detail.html#claim-card", card, article=claim.article, change=change
            )
    status = HTTPStatus.UNPROCESSABLE_ENTITY if form.errors else 200
    if request.htmx or request.method == "POST":
        return render(request, "annotations/claim_detail.html#claim-edit-form", context, status=status)
    context.pop("article")
    return render(
        request, "annotations/article_detail.html", workspace.workspace_context(claim.article, **context, editing=True)
    )


@require_POST
@role_required(permissions.can_edit)
def claim_delete(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(Claim.objects.select_related("article", "article__assignee", "article__reviewer"), pk=pk)
    article = claim.article
    services.claim_delete(claim=claim, user=request.user)
    if not request.htmx:
        return redirect("article_detail", pk=article.pk)
    change = workspace.Change.of(claim, None)
    return workspace.panel_response(
        request, "annotations/claim_detail.html#claim-deleted", {"article": article}, article=article, change=change
    )
