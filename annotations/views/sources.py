"""A claim's sources, edited inside its card."""

from http import HTTPStatus

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import reswap, retarget

from annotations import permissions, services, workspace
from annotations.forms import (
    SourceForm,
)
from annotations.models import Claim, Source
from annotations.permissions import role_required
from factcheck.forms import form_errors


def _card_response(request, claim_id: int, *, status: int = 200) -> HttpResponse:
    context = workspace.card_context(claim_id)
    claim = context["claim"]  # a source changes its claim's list entry (the count) and highlight, not its place
    response = workspace.panel_response(
        request,
        "annotations/claim_detail.html#claim-card",
        context,
        article=claim.article,
        status=status,
        change=workspace.Change.of(claim, claim),
    )
    # The source forms target their own slot (#new-source, #source-N) so validation errors replace just the form;
    # the whole card that comes back on success belongs in #detail, not nested inside the old card.
    return reswap(retarget(response, "#detail"), "innerHTML")


@require_http_methods(["GET", "POST"])
@role_required(permissions.can_edit)
def source_create(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(Claim, pk=pk)
    form = SourceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.changes()
        try:
            services.source_create(claim=claim, user=request.user, **data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            return _card_response(request, claim.pk) if request.htmx else redirect("claim_detail", pk=claim.pk)
    status = HTTPStatus.UNPROCESSABLE_ENTITY if form.errors else 200
    return render(request, "annotations/claim_detail.html#source-form", {"form": form, "claim": claim}, status=status)


@require_http_methods(["GET", "POST"])
@role_required(permissions.can_edit)
def source_edit(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(Source.objects.select_related("claim"), pk=pk)
    form = SourceForm(request.POST or None, instance=source, initial={"version": source.version})
    context = {"form": form, "claim": source.claim, "source": source}
    if request.method == "POST" and form.is_valid():
        data = form.changes()
        try:
            services.source_update(source=source, user=request.user, version=form.cleaned_data["version"], changes=data)
        except ValidationError as error:
            form_errors(form, error)
        except services.Conflict as error:
            data = request.POST.copy()
            data["version"] = error.current.version
            context |= {"conflict": error.current, "form": SourceForm(data, instance=source)}
            return render(request, "annotations/claim_detail.html#source-form", context, status=HTTPStatus.CONFLICT)
        else:
            return (
                _card_response(request, source.claim_id)
                if request.htmx
                else redirect("claim_detail", pk=source.claim_id)
            )
    status = HTTPStatus.UNPROCESSABLE_ENTITY if form.errors else 200
    return render(request, "annotations/claim_detail.html#source-form", context, status=status)


@require_POST
@role_required(permissions.can_edit)
def source_delete(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(Source, pk=pk)
    services.source_delete(source=source, user=request.user)
    return _card_response(request, source.claim_id) if request.htmx else redirect("claim_detail", pk=source.claim_id)
