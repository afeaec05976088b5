"""Pages for articles: the list, new, edit, the workspace, history."""

from http import HTTPStatus

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from annotations import permissions, selectors, services, workspace
from annotations.forms import (
    ArticleBulkForm,
    ArticleFilterForm,
    ArticleForm,
    person_id,
)
from annotations.models import Article
from annotations.permissions import role_required
from factcheck import paging
from factcheck.db_router import replica_reads
from factcheck.forms import form_errors


@require_GET
@role_required(permissions.can_edit)
def article_list(request: HttpRequest) -> HttpResponse:
    filters = ArticleFilterForm(request.GET or None)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    articles = selectors.article_list_filtered(
        status=criteria.get("status") or "",
        editor_id=criteria["editor"].pk if criteria.get("editor") else None,
        assignee_id=person_id(criteria.get("assignee") or "", request.user, filters.people),
        reviewer_id=person_id(criteria.get("reviewer") or "", request.user, filters.people),
        date_from=criteria.get("date_from"),
        date_to=criteria.get("date_to"),
        sort=criteria.get("sort") or "",
    )
    with replica_reads():
        pager = paging.paginate(request, articles)
        context = {"articles": pager.rows, "pager": pager, "filters": filters, "bulk": ArticleBulkForm()}
        # A filter it cannot read (a date that does not exist) is named above the list, which shows unfiltered.
        return render(request, "annotations/article_list.html", context, status=400 if filters.errors else 200)


@require_http_methods(["GET", "POST"])
@role_required(permissions.can_edit)
def article_create(request: HttpRequest) -> HttpResponse:
    form = ArticleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.changes()
        try:
            article = services.article_create(user=request.user, **data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Article saved. Select a phrase to add the first claim."))
            return redirect("article_detail", pk=article.pk)
    status = HTTPStatus.UNPROCESSABLE_ENTITY if form.errors else 200
    return render(request, "annotations/article_form.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
@role_required(permissions.can_edit)
def article_edit(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk)
    form = ArticleForm(request.POST or None, instance=article, initial={"version": article.version})
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.changes()
        try:
            services.article_update(
                article=article, user=request.user, version=form.cleaned_data["version"], changes=data
            )
        except ValidationError as error:
            form_errors(form, error)
        except services.Conflict as error:
            conflict = error.current
        else:
            messages.success(request, _("Article saved."))
            return redirect("article_detail", pk=article.pk)
    status = HTTPStatus.CONFLICT if conflict else HTTPStatus.UNPROCESSABLE_ENTITY if form.errors else 200
    return render(
        request,
        "annotations/article_form.html",
        {"form": form, "article": article, "conflict": conflict},
        status=status,
    )


@require_GET
@role_required(permissions.can_edit)
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(
        Article.objects.with_counts().with_origin_copy().select_related("signed_off_by", "assignee", "reviewer"),
        pk=pk,
    )
    return render(request, "annotations/article_detail.html", workspace.workspace_context(article))


@require_GET
@role_required(permissions.can_edit)
def article_history(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article.objects.defer("body"), pk=pk)
    pager = paging.paginate(request, selectors.HistoryEvents(article))
    entries = selectors.history_entries(pager.rows)
    return render(request, "annotations/article_history.html", {"article": article, "entries": entries, "pager": pager})
