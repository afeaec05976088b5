"""The review workflow: submit, approve, send back, reopen, comment, the review queue, sign-off."""

from http import HTTPStatus

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from annotations import permissions, selectors, services, workspace
from annotations.forms import (
    CommentForm,
    QueueFilterForm,
    ReviewBulkForm,
    person_id,
)
from annotations.models import Article, Claim
from annotations.permissions import role_required
from factcheck import paging
from factcheck.db_router import replica_reads


def posted_version(request) -> int | None:
    try:
        return int(request.POST["version"])
    except (KeyError, ValueError):
        return None


def workflow_response(request, claim: Claim, action, **kwargs) -> HttpResponse:
    """Run a workflow service; answer with the queue row or the claim card, showing any refusal in place."""
    in_queue = bool(request.htmx and (request.htmx.target or "").startswith("review-"))
    error, status, field_errors = None, 200, {}
    try:
        action(claim=claim, user=request.user, version=posted_version(request), **kwargs)
    except ValidationError as exc:
        error, status = " ".join(exc.messages), HTTPStatus.UNPROCESSABLE_ENTITY
        field_errors = {k: " ".join(v) for k, v in exc.message_dict.items()} if hasattr(exc, "error_dict") else {}
    except PermissionDenied as exc:
        error, status = str(exc), HTTPStatus.UNPROCESSABLE_ENTITY
    except services.Conflict as exc:
        error, status = (
            _("This claim was changed meanwhile by {who}; look at it again.").format(
                who=exc.current.updated_by.get_username()
            ),
            HTTPStatus.CONFLICT,
        )
    if in_queue:
        context = {"claim": selectors.review_rows().get(pk=claim.pk), "error": error}
        if "correction_note" in field_errors:  # beside the note's field, which keeps what was typed
            context.update(
                error=None, note_error=field_errors["correction_note"], note_text=kwargs.get("correction_note", "")
            )
        return render(request, "annotations/review_queue.html#review-row", context, status=status)
    if not request.htmx:
        if error:
            messages.error(request, error)
        return redirect("claim_detail", pk=claim.pk)
    if "correction_note" in field_errors:  # shown beside the note's field, which keeps what was typed
        context = workspace.card_context(
            claim.pk, note_error=field_errors["correction_note"], note_text=kwargs.get("correction_note", "")
        )
    else:
        context = workspace.card_context(claim.pk, action_error=error, just_saved=error is None)
    if error:
        return render(request, "annotations/claim_detail.html#claim-card", context, status=status)
    change = workspace.Change.of(claim, context["claim"])
    return workspace.panel_response(
        request, "annotations/claim_detail.html#claim-card", context, article=context["claim"].article, change=change
    )


@require_POST
@role_required(permissions.can_edit)
def claim_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return workflow_response(request, get_object_or_404(Claim, pk=pk), services.claim_submit)


@require_POST
@role_required(permissions.can_review)
def claim_approve(request: HttpRequest, pk: int) -> HttpResponse:
    note = request.POST.get("correction_note", "")
    return workflow_response(request, get_object_or_404(Claim, pk=pk), services.claim_approve, correction_note=note)


@require_POST
@role_required(permissions.can_review)
def claim_request_changes(request: HttpRequest, pk: int) -> HttpResponse:
    comment = request.POST.get("comment", "")
    return workflow_response(request, get_object_or_404(Claim, pk=pk), services.claim_request_changes, comment=comment)


@require_POST
@role_required(permissions.can_review)
def claim_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    reason = request.POST.get("reason", "")
    return workflow_response(request, get_object_or_404(Claim, pk=pk), services.claim_reopen, reason=reason)


@require_POST
@role_required(permissions.can_edit)
def comment_create(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(Claim, pk=pk)
    form = CommentForm(request.POST)
    error = None
    if form.is_valid():
        try:
            services.comment_create(claim=claim, user=request.user, text=form.cleaned_data["text"])
        except ValidationError as exc:
            error = " ".join(exc.messages)
    else:
        error = " ".join(form.errors.get("text", [_("Write a comment first.")]))
    if not request.htmx:
        return redirect("claim_detail", pk=claim.pk)
    context = workspace.card_context(
        claim.pk, comment_error=error, comment_text=request.POST.get("text", "") if error else ""
    )
    return render(
        request,
        "annotations/claim_detail.html#claim-card",
        context,
        status=HTTPStatus.UNPROCESSABLE_ENTITY if error else 200,
    )


def queue_context(request: HttpRequest, **extra) -> dict:
    filters = QueueFilterForm(request.GET or None)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    claims = selectors.review_queue(
        article_id=criteria["article"].pk if criteria.get("article") else None,
        editor_id=criteria["editor"].pk if criteria.get("editor") else None,
        kind=criteria.get("kind") or "",
        reviewer_id=person_id(criteria.get("reviewer") or "", request.user, filters.people),
    )
    with replica_reads():
        pager = paging.keyset(request, claims, field="submitted_at")
    return {
        "claims": pager.rows,
        "pager": pager,
        "filters": filters,
        "bulk": extra.pop("bulk", None) or ReviewBulkForm(),
        **extra,
    }


@require_GET
@vary_on_headers("HX-Request")
@role_required(permissions.can_review)
def review_queue(request: HttpRequest) -> HttpResponse:
    context = queue_context(request)
    if request.htmx and request.htmx.target == "review-list":
        return render(request, "annotations/review_queue.html#review-list", context)
    return render(request, "annotations/review_queue.html", context)


@require_POST
@role_required(permissions.can_review)
def article_sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk)
    try:
        services.article_sign_off(article=article, user=request.user, version=posted_version(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except services.Conflict:
        messages.error(request, _("The article changed meanwhile; check it again before signing off."))
    else:
        messages.success(request, _("Article signed off as checked."))
    return redirect("article_detail", pk=pk)
