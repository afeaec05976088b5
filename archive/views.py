"""Search, saved searches and the workspace's "Checked before" box. Thin: check the role, call a selector or a
service, render. Each URL serves its page and, for htmx, the fragment that replaces itself (`Vary: HX-Request`)."""

from __future__ import annotations

from http import HTTPStatus

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from annotations import permissions
from annotations.models import Article, Claim, ClaimKind, ClaimStatus
from annotations.permissions import role_required
from annotations.services import Conflict
from annotations.workspace import claim_opened_fragments
from archive import selectors, services
from archive.forms import SavedSearchForm, SearchForm
from archive.models import Entry, SavedSearch
from factcheck.paging import requested_page

ERR_CHANGED = _("Someone changed this claim meanwhile; look at it again, then reuse.")
PAGE_SIZE = 20
BOX_SIZE = 5
UNPROCESSABLE = 422
SEARCH = "archive/search.html"
BOX = "archive/checked_before.html"


# --- Search -------------------------------------------------------------------------------------------------


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@require_GET
@vary_on_headers("HX-Request")
@role_required(permissions.can_edit)
def search_page(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    page = None
    if form.is_valid():
        page = requested_page(request, selectors.CappedPaginator(selectors.search(form.cleaned_data), PAGE_SIZE))
        snippets = selectors.snippets(list(page.object_list), form.cleaned_data["q"])
        for doc in page.object_list:
            doc.snippet = snippets[doc.pk]
    query = _query_without_page(request)
    context = {
        "form": form,
        "page": page,
        "query": query,
        "searched": bool(query),
        "save_form": SavedSearchForm(initial={"query": query}),
        "saved": selectors.saved_searches_for(request.user)[:50],
    }
    template = f"{SEARCH}#search-results" if request.htmx else SEARCH
    return render(request, template, context, status=200 if form.is_valid() else 400)


@require_POST
@role_required(permissions.can_edit)
def saved_search_create(request: HttpRequest) -> HttpResponse:
    form = SavedSearchForm(request.POST)
    if form.is_valid():
        try:
            saved = services.saved_search_save(
                user=request.user, name=form.cleaned_data["name"], query=form.cleaned_data["query"]
            )
        except ValidationError as error:
            form.add_error("name", error.messages[0])
        else:
            return redirect(reverse("search") + "?" + saved.query)
    query = form.data.get("query", "")
    search_form = SearchForm(QueryDict(query))
    context = {
        "form": search_form,
        "page": None,
        "query": query,
        "searched": True,
        "save_form": form,
        "saved": selectors.saved_searches_for(request.user)[:50],
    }
    return render(request, SEARCH, context, status=UNPROCESSABLE)


@require_POST
@role_required(permissions.can_edit)
def saved_search_delete(request: HttpRequest, pk: int) -> HttpResponse:
    saved = get_object_or_404(SavedSearch, pk=pk, user=request.user)
    services.saved_search_delete(saved=saved, user=request.user)
    return redirect("saved_search_list")


@require_GET
@vary_on_headers("HX-Request")
@role_required(permissions.can_edit)
def saved_search_list(request: HttpRequest) -> HttpResponse:
    """ "My lists": on its own page (paginated), and as the start page's panel (htmx, the first ten with counts)."""
    if request.htmx:
        return render(
            request,
            "archive/saved_searches.html#my-lists",
            {"rows": selectors.saved_searches_with_counts(request.user)},
        )
    page = requested_page(request, Paginator(selectors.saved_searches_for(request.user), 50))
    return render(request, "archive/saved_searches.html", {"page": page})


# --- Checked before -----------------------------------------------------------------------------------------


def _box(
    request, *, matches, claim=None, reuse=None, article=None, error="", status=200, in_suggestion=False
) -> HttpResponse:
    can_reuse = permissions.can_edit(request.user) and not in_suggestion
    context = {
        "matches": matches,
        "claim": claim,
        "reuse": reuse,
        "article": article,
        "error": error,
        "in_suggestion": in_suggestion,
        "can_reuse_into_claim": can_reuse
        and claim is not None
        and claim.status in (ClaimStatus.DRAFT, ClaimStatus.CHANGES_REQUESTED),
        "can_reuse_into_new": can_reuse and claim is None and article is not None,
    }
    return render(request, f"{BOX}#checked-before", context, status=status)


@require_GET
@vary_on_headers("HX-Request")
@role_required(permissions.can_edit)
def checked_before_text(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("text", "")[:2000]
    article = None
    if request.GET.get("article", "").isdigit():
        article = Article.objects.filter(pk=request.GET["article"]).only("pk", "language").first()
    matches = selectors.matches_for_text(text, language=article.language if article else "", limit=BOX_SIZE)
    # In the Suggestions panel the box only informs: reusing needs the claim form (accept the suggestion first).
    return _box(request, matches=matches, article=article, in_suggestion=request.GET.get("in") == "suggestion")


@require_GET
@vary_on_headers("HX-Request")
@role_required(permissions.can_edit)
def checked_before_claim(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(Claim.objects.select_related("article"), pk=pk)
    return _box(
        request,
        matches=selectors.matches_for_claim(claim, limit=BOX_SIZE),
        claim=claim,
        reuse=selectors.reuse_for_claim(claim.pk),
        article=claim.article,
    )


class ReuseForm(forms.Form):
    entry = forms.ModelChoiceField(queryset=Entry.objects.select_related("fact_check"))
    version = forms.IntegerField(required=False)


class ReuseNewForm(forms.Form):
    entry = forms.ModelChoiceField(queryset=Entry.objects.select_related("fact_check"))
    start = forms.IntegerField(min_value=0)
    end = forms.IntegerField(min_value=0)
    quote = forms.CharField(strip=False)
    kind = forms.ChoiceField(choices=ClaimKind.choices, required=False)
    statement = forms.CharField(required=False)
    claim = forms.CharField(required=False)  # the claim form's name for the statement
    claimant = forms.CharField(required=False)


def _errors(form) -> str:
    return " ".join(
        f"{name}: {' '.join(errors)}" if name != "__all__" else " ".join(errors) for name, errors in form.errors.items()
    )


@require_POST
@role_required(permissions.can_edit)
def reuse_into_claim(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(Claim.objects.select_related("article"), pk=pk)
    form = ReuseForm(request.POST)
    if form.is_valid():
        try:
            services.reuse_into_claim(
                claim=claim, entry=form.cleaned_data["entry"], user=request.user, version=form.cleaned_data["version"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        except Conflict:
            claim.refresh_from_db()
            return _box(
                request,
                matches=selectors.matches_for_claim(claim, limit=BOX_SIZE),
                claim=claim,
                reuse=selectors.reuse_for_claim(claim.pk),
                article=claim.article,
                error=ERR_CHANGED,
                status=HTTPStatus.CONFLICT,
            )
        else:
            if not request.htmx:
                return redirect("claim_detail", pk=claim.pk)
            return HttpResponse(claim_opened_fragments(request, claim.pk))
    return _box(
        request,
        matches=selectors.matches_for_claim(claim, limit=BOX_SIZE),
        claim=claim,
        reuse=selectors.reuse_for_claim(claim.pk),
        article=claim.article,
        error=_errors(form),
        status=UNPROCESSABLE,
    )


@require_POST
@role_required(permissions.can_edit)
def reuse_into_new_claim(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk)
    form = ReuseNewForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            claim = services.reuse_into_new_claim(
                article=article,
                entry=data["entry"],
                user=request.user,
                start=data["start"],
                end=data["end"],
                quote=data["quote"],
                kind=data["kind"] or ClaimKind.FACTUAL,
                statement=(data["statement"] or data["claim"]).strip(),
                claimant=data["claimant"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if not request.htmx:
                return redirect("claim_detail", pk=claim.pk)
            return HttpResponse(claim_opened_fragments(request, claim.pk))
    matches = selectors.matches_for_text(form.data.get("quote", ""), language=article.language, limit=BOX_SIZE)
    return _box(request, matches=matches, article=article, error=_errors(form), status=UNPROCESSABLE)
