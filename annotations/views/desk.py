"""The desk: My work (the start page), assigning articles, and the bulk actions of the article and review lists."""

import json

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from annotations import permissions, selectors, services
from annotations.api import selectors as export_selectors
from annotations.exports import claimreview, downloads
from annotations.forms import ArticleBulkForm, AssignForm, ReviewBulkForm
from annotations.models import Article, Claim
from annotations.permissions import role_required
from annotations.views.review import queue_context


@require_GET
@role_required(permissions.can_edit)
def my_work(request: HttpRequest) -> HttpResponse:
    panels = selectors.my_work(request.user)
    context = {"assigned": panels["assigned"], "sent_back": panels["sent_back"], "reviews": panels["reviews"]}
    if permissions.can_review(request.user):
        context["review_waiting"] = panels["reviews"]  # the navigation's count is this panel's total: counted once
    return render(request, "annotations/my_work.html", context)


def _refusal(error) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


@require_POST
@role_required(permissions.can_assign)
def article_assign(request: HttpRequest, pk: int) -> HttpResponse:
    """The workspace's assignment form: the article's editor and reviewer."""
    article = get_object_or_404(Article, pk=pk)
    form = AssignForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, " ".join(f"{form.fields[name].label}: {' '.join(errs)}" for name, errs in form.errors.items())
        )
        return redirect("article_detail", pk=pk)
    try:
        services.article_assign(
            article=article,
            user=request.user,
            assignee=form.cleaned_data["assignee"],
            reviewer=form.cleaned_data["reviewer"],
            version=form.cleaned_data["version"],
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _refusal(error))
    except services.Conflict:
        messages.error(request, _("The article changed meanwhile; check who is assigned now and try again."))
    else:
        messages.success(request, _("Assignment saved."))
    return redirect(reverse("article_detail", args=[pk]) + "#assignment")


def _claimreview_download(request, article_ids: list[int]) -> HttpResponse:
    reviews = []
    for article in Article.objects.filter(pk__in=article_ids).order_by("pk"):
        reviews += claimreview.claim_reviews(
            article=article,
            claims=export_selectors.claims_for_export(article.pk),
            article_url=article.url or request.build_absolute_uri(reverse("article_detail", args=[article.pk])),
            newsroom_name=settings.NEWSROOM_NAME,
            newsroom_url=settings.NEWSROOM_URL,
        )
    response = HttpResponse(
        json.dumps(reviews, ensure_ascii=False, indent=2), content_type="application/ld+json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="claimreview.json"'
    return response


@require_POST
@role_required(permissions.can_edit)
def article_bulk(request: HttpRequest) -> HttpResponse:
    """The article list's bulk actions on the selected rows: assign, or export their claims."""
    form = ArticleBulkForm(request.POST)
    back = request.POST.get("next") or reverse("article_list")
    if not back.startswith("/") or back.startswith("//"):
        back = reverse("article_list")
    if not form.is_valid():
        messages.error(request, " ".join(" ".join(errs) for errs in form.errors.values()))
        return redirect(back)
    ids = form.cleaned_data["ids"]
    action = form.cleaned_data["action"]
    if action == "csv":
        claims = (
            export_selectors.claims()
            .select_related("article")
            .filter(article_id__in=ids)
            .order_by("article_id", "start", "-end", "id")
        )
        return downloads.claims_csv_download(claims, "claims-selected-articles.csv")
    if action == "claimreview":
        return _claimreview_download(request, ids)
    if not permissions.can_assign(request.user):
        raise PermissionDenied(_("Only reviewers and admins assign articles."))
    try:
        done = services.articles_assign(
            article_ids=ids, user=request.user, assignee=form.person("assignee"), reviewer=form.person("reviewer")
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _refusal(error))
    except Article.DoesNotExist:
        messages.error(request, _("One of the selected articles no longer exists; nothing was assigned."))
    else:
        messages.success(
            request,
            ngettext("%(count)d article assigned.", "%(count)d articles assigned.", len(done)) % {"count": len(done)},
        )
    return redirect(back)


@require_POST
@role_required(permissions.can_review)
def review_bulk(request: HttpRequest) -> HttpResponse:
    """Approve or send back the selected claims; the page says which were done and which refused, and why."""
    form = ReviewBulkForm(request.POST)
    results, error = None, ""
    if form.is_valid():
        approve = form.cleaned_data["action"] == "approve"
        try:
            outcomes = services.claims_review(
                claims=form.pairs(), user=request.user, approve=approve, comment=form.cleaned_data["comment"]
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            quotes = dict(Claim.objects.filter(pk__in=[o.claim_id for o in outcomes]).values_list("pk", "exact"))
            done = [o for o in outcomes if o.done]
            refused = [
                {"claim_id": o.claim_id, "quote": quotes.get(o.claim_id, f"#{o.claim_id}"), "error": o.error}
                for o in outcomes
                if not o.done
            ]
            verb = (
                ngettext("%(count)d approved", "%(count)d approved", len(done))
                if approve
                else ngettext("%(count)d sent back", "%(count)d sent back", len(done))
            ) % {"count": len(done)}
            results = {"summary": verb, "refused": refused}
            form = ReviewBulkForm()
    else:
        error = " ".join(" ".join(errs) for errs in form.errors.values())
    status = 422 if error else 200
    return render(
        request,
        "annotations/review_queue.html",
        queue_context(request, bulk=form, bulk_results=results, bulk_error=error),
        status=status,
    )
