"""HTML views. Thin: parse the request with a form, call a service or selector, render a page or a fragment.

One URL serves both the full page and, for htmx, the fragment it swaps (`Vary: HX-Request`).
"""


from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import reswap, retarget

from annotations import anchoring, permissions, rendering, revisions_diff, selectors, services
from annotations.permissions import role_required
from annotations.forms import ArticleFilterForm, ArticleForm, ClaimCreateForm, ClaimForm, CommentForm, QueueFilterForm, SourceForm
from annotations.models import Article, Claim, ClaimStatus, Source

UNPROCESSABLE = 422
CONFLICT = 409


def _form_errors(form, error: ValidationError):
    # Errors for fields the form does not show (an anchor, say) still reach the user, as form errors.
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error)


def _highlight_html(article: Article, claims: list[Claim]) -> str:
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


def _workspace_context(article: Article, **extra) -> dict:
    claims = selectors.claims_for_article(article)
    counts = {status: 0 for status in ClaimStatus.values}
    for claim in claims:
        counts[claim.status] += 1
    return {
        "article": article,
        "claims": claims,
        "unanchored": [c for c in claims if c.anchor_state == "orphaned"],
        "counts": counts,
        "article_html": _highlight_html(article, claims),
        **extra,
    }


def claim_opened_fragments(request, claim_id: int) -> str:
    """For another panel's response: the claim's card into #detail and the refreshed workspace, out of band."""
    context = _card_context(claim_id, just_saved=True)
    html = render_to_string("annotations/claim_detail.html#detail-oob", context, request)
    article = Article.objects.select_related("signed_off_by").get(pk=context["claim"].article_id)
    return html + render_to_string("annotations/article_detail.html#workspace-oob", _workspace_context(article, oob=True), request)


def _posted_version(request) -> int | None:
    try:
        return int(request.POST["version"])
    except (KeyError, ValueError):
        return None


def _panel_response(request, detail_template: str, context: dict, *, article: Article, status: int = 200, refresh: bool = True) -> HttpResponse:
    """The side panel's detail, plus (out of band) the article text and claim list when claims changed."""
    html = render_to_string(detail_template, context, request)
    if refresh:
        article = Article.objects.select_related("signed_off_by").get(pk=article.pk)  # its status may have just changed
        html += render_to_string("annotations/article_detail.html#workspace-oob", _workspace_context(article, oob=True), request)
    return HttpResponse(html, status=status)


# Articles


@require_GET
@role_required(permissions.can_view)
def article_list(request: HttpRequest) -> HttpResponse:
    filters = ArticleFilterForm(request.GET or None)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    articles = selectors.article_list_filtered(
        status=criteria.get("status") or "",
        editor_id=criteria["editor"].pk if criteria.get("editor") else None,
        date_from=criteria.get("date_from"),
        date_to=criteria.get("date_to"),
    )
    context = {
        "articles": articles,
        "filters": filters,
        "sent_back": selectors.sent_back_to(request.user),
        "my_articles": selectors.articles_in_progress_for(request.user)[:10],
    }
    return render(request, "annotations/article_list.html", context)


@require_http_methods(["GET", "POST"])
@role_required(permissions.can_edit)
def article_create(request: HttpRequest) -> HttpResponse:
    form = ArticleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            article = services.article_create(user=request.user, **data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            return redirect("article_detail", pk=article.pk)
    status = UNPROCESSABLE if form.errors else 200
    return render(request, "annotations/article_form.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
@role_required(permissions.can_edit)
def article_edit(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk)
    form = ArticleForm(request.POST or None, instance=article, initial={"version": article.version})
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.article_update(article=article, user=request.user, version=form.cleaned_data["version"], changes=data)
        except ValidationError as error:
            _form_errors(form, error)
        except services.Conflict as error:
            conflict = error.current
        else:
            return redirect("article_detail", pk=article.pk)
    status = CONFLICT if conflict else UNPROCESSABLE if form.errors else 200
    return render(request, "annotations/article_form.html", {"form": form, "article": article, "conflict": conflict}, status=status)


@require_GET
@role_required(permissions.can_view)
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article.objects.with_counts().select_related("signed_off_by"), pk=pk)
    return render(request, "annotations/article_detail.html", _workspace_context(article))


@require_POST
@role_required(permissions.can_review)
def article_sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk)
    try:
        services.article_sign_off(article=article, user=request.user, version=_posted_version(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except services.Conflict:
        messages.error(request, "The article changed meanwhile; check it again before signing off.")
    else:
        messages.success(request, "Article signed off as checked.")
    return redirect("article_detail", pk=pk)


@require_GET
@role_required(permissions.can_view)
def article_history(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk)
    return render(request, "annotations/article_history.html", {"article": article, "entries": selectors.article_history(article)})


# Claims


@require_GET
@vary_on_headers("HX-Request")
@role_required(permissions.can_view)
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(Claim.objects.select_related("article"), pk=pk)
    context = _card_context(claim.pk)
    if request.htmx:
        return render(request, "annotations/claim_detail.html#claim-card", context)
    return render(request, "annotations/article_detail.html", _workspace_context(claim.article, **context))


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
            return render(request, "annotations/claim_detail.html#selection-error", {"message": "Select some text in the article first."}, status=400)
        quote = request.GET.get("quote")
        problems = anchoring.span_errors(article.body, start, end, quote)
        if problems:
            return render(request, "annotations/claim_detail.html#selection-error", {"message": next(iter(problems.values()))}, status=UNPROCESSABLE)
        start, end = anchoring.trim_span(article.body, start, end)
        if start == end:
            return render(request, "annotations/claim_detail.html#selection-error", {"message": anchoring.ERR_EMPTY}, status=UNPROCESSABLE)
        quote = article.body[start:end]
        form = ClaimCreateForm(initial={"start": start, "end": end, "quote": quote, "claim": quote})
        return render(request, "annotations/claim_detail.html#claim-form", {"form": form, "article": article, "quote": quote})

    form = ClaimCreateForm(request.POST)
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            claim = services.claim_create(article=article, user=request.user, **data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            if not request.htmx:
                return redirect("claim_detail", pk=claim.pk)
            context = _card_context(claim.pk, just_saved=True)
            return _panel_response(request, "annotations/claim_detail.html#claim-card", context, article=article)
    quote = form.data.get("quote", "")
    return render(request, "annotations/claim_detail.html#claim-form", {"form": form, "article": article, "quote": quote}, status=UNPROCESSABLE)


@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
@role_required(permissions.can_edit)
def claim_edit(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(Claim.objects.select_related("article"), pk=pk)
    form = ClaimForm(request.POST or None, instance=claim, initial={"version": claim.version})
    context = {"form": form, "claim": claim, "article": claim.article}
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.claim_update(claim=claim, user=request.user, version=form.cleaned_data["version"], changes=data)
        except ValidationError as error:
            _form_errors(form, error)
        except services.Conflict:
            # Keep the user's input; show what the other person saved so it can be applied again.
            current = selectors.claim_get(claim.pk)
            data = request.POST.copy()
            data["version"] = current.version
            context |= {"conflict": current, "form": ClaimForm(data, instance=claim)}
            return render(request, "annotations/claim_detail.html#claim-edit-form", context, status=CONFLICT)
        else:
            if not request.htmx:
                return redirect("claim_detail", pk=claim.pk)
            card = _card_context(claim.pk, just_saved=True)
            return _panel_response(request, "annotations/claim_detail.html#claim-card", card, article=claim.article)
    status = UNPROCESSABLE if form.errors else 200
    if request.htmx or request.method == "POST":
        return render(request, "annotations/claim_detail.html#claim-edit-form", context, status=status)
    context.pop("article")
    return render(request, "annotations/article_detail.html", _workspace_context(claim.article, **context, editing=True))


@require_POST
@role_required(permissions.can_edit)
def claim_delete(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(Claim.objects.select_related("article"), pk=pk)
    article = claim.article
    services.claim_delete(claim=claim, user=request.user)
    if not request.htmx:
        return redirect("article_detail", pk=article.pk)
    return _panel_response(request, "annotations/claim_detail.html#claim-deleted", {"article": article}, article=article)


# Sources


def _card_response(request, claim_id: int, *, status: int = 200) -> HttpResponse:
    context = _card_context(claim_id)
    response = _panel_response(request, "annotations/claim_detail.html#claim-card", context, article=context["claim"].article, status=status)
    # The source forms target their own slot (#new-source, #source-N) so validation errors replace just the form;
    # the whole card that comes back on success belongs in #detail, not nested inside the old card.
    return reswap(retarget(response, "#detail"), "innerHTML")


@require_http_methods(["GET", "POST"])
@role_required(permissions.can_edit)
def source_create(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(Claim, pk=pk)
    form = SourceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.source_create(claim=claim, user=request.user, **data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            return _card_response(request, claim.pk) if request.htmx else redirect("claim_detail", pk=claim.pk)
    status = UNPROCESSABLE if form.errors else 200
    return render(request, "annotations/claim_detail.html#source-form", {"form": form, "claim": claim}, status=status)


@require_http_methods(["GET", "POST"])
@role_required(permissions.can_edit)
def source_edit(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(Source.objects.select_related("claim"), pk=pk)
    form = SourceForm(request.POST or None, instance=source, initial={"version": source.version})
    context = {"form": form, "claim": source.claim, "source": source}
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.source_update(source=source, user=request.user, version=form.cleaned_data["version"], changes=data)
        except ValidationError as error:
            _form_errors(form, error)
        except services.Conflict as error:
            data = request.POST.copy()
            data["version"] = error.current.version
            context |= {"conflict": error.current, "form": SourceForm(data, instance=source)}
            return render(request, "annotations/claim_detail.html#source-form", context, status=CONFLICT)
        else:
            return _card_response(request, source.claim_id) if request.htmx else redirect("claim_detail", pk=source.claim_id)
    status = UNPROCESSABLE if form.errors else 200
    return render(request, "annotations/claim_detail.html#source-form", context, status=status)


@require_POST
@role_required(permissions.can_edit)
def source_delete(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(Source, pk=pk)
    services.source_delete(source=source, user=request.user)
    return _card_response(request, source.claim_id) if request.htmx else redirect("claim_detail", pk=source.claim_id)


# Review workflow


def _card_context(claim_id: int, **extra) -> dict:
    claim = selectors.claim_get(claim_id)
    return {"claim": claim, "overlapping": selectors.claims_overlapping(claim), "history": selectors.claim_history(claim), **extra}


def _workflow_response(request, claim: Claim, action, **kwargs) -> HttpResponse:
    """Run a workflow service; answer with the queue row or the claim card, showing any refusal in place."""
    in_queue = bool(request.htmx and (request.htmx.target or "").startswith("review-"))
    error, status = None, 200
    try:
        action(claim=claim, user=request.user, version=_posted_version(request), **kwargs)
    except ValidationError as exc:
        error, status = " ".join(exc.messages), UNPROCESSABLE
    except PermissionDenied as exc:
        error, status = str(exc), UNPROCESSABLE
    except services.Conflict as exc:
        error, status = f"This claim was changed meanwhile by {exc.current.updated_by.get_username()}; look at it again.", CONFLICT
    if in_queue:
        context = {"claim": selectors.review_rows().get(pk=claim.pk), "error": error}
        return render(request, "annotations/review_queue.html#review-row", context, status=status)
    if not request.htmx:
        if error:
            messages.error(request, error)
        return redirect("claim_detail", pk=claim.pk)
    context = _card_context(claim.pk, action_error=error, just_saved=error is None)
    if error:
        return render(request, "annotations/claim_detail.html#claim-card", context, status=status)
    return _panel_response(request, "annotations/claim_detail.html#claim-card", context, article=context["claim"].article)


@require_POST
@role_required(permissions.can_edit)
def claim_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _workflow_response(request, get_object_or_404(Claim, pk=pk), services.claim_submit)


@require_POST
@role_required(permissions.can_review)
def claim_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _workflow_response(request, get_object_or_404(Claim, pk=pk), services.claim_approve)


@require_POST
@role_required(permissions.can_review)
def claim_request_changes(request: HttpRequest, pk: int) -> HttpResponse:
    comment = request.POST.get("comment", "")
    return _workflow_response(request, get_object_or_404(Claim, pk=pk), services.claim_request_changes, comment=comment)


@require_POST
@role_required(permissions.can_review)
def claim_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    reason = request.POST.get("reason", "")
    return _workflow_response(request, get_object_or_404(Claim, pk=pk), services.claim_reopen, reason=reason)


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
        error = " ".join(form.errors.get("text", ["Write a comment first."]))
    if not request.htmx:
        return redirect("claim_detail", pk=claim.pk)
    context = _card_context(claim.pk, comment_error=error, comment_text=request.POST.get("text", "") if error else "")
    return render(request, "annotations/claim_detail.html#claim-card", context, status=UNPROCESSABLE if error else 200)


@require_GET
@vary_on_headers("HX-Request")
@role_required(permissions.can_review)
def review_queue(request: HttpRequest) -> HttpResponse:
    filters = QueueFilterForm(request.GET or None)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    claims = selectors.review_queue(
        article_id=criteria["article"].pk if criteria.get("article") else None,
        editor_id=criteria["editor"].pk if criteria.get("editor") else None,
        kind=criteria.get("kind") or "",
    )
    context = {"claims": claims, "filters": filters}
    if request.htmx and request.htmx.target == "review-list":
        return render(request, "annotations/review_queue.html#review-list", context)
    return render(request, "annotations/review_queue.html", context)


# Revisions: claims that follow the text


@require_POST
@role_required(permissions.can_edit)
def claim_confirm_anchor(request: HttpRequest, pk: int) -> HttpResponse:
    return _workflow_response(request, get_object_or_404(Claim, pk=pk), services.claim_confirm_anchor)


@require_POST
@role_required(permissions.can_edit)
def claim_reattach(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(Claim, pk=pk)
    try:
        start, end = int(request.POST["start"]), int(request.POST["end"])
    except (KeyError, ValueError):
        context = _card_context(claim.pk, action_error="Select the new text in the article first, then re-attach.")
        return render(request, "annotations/claim_detail.html#claim-card", context, status=UNPROCESSABLE)
    article = claim.article
    start, end = anchoring.trim_span(article.body, start, end) if 0 <= start <= end <= len(article.body) else (start, end)
    quote = article.body[start:end] if request.POST.get("quote") is None else request.POST["quote"].strip()
    return _workflow_response(request, claim, services.claim_reattach, start=start, end=end, quote=quote)


@require_GET
@role_required(permissions.can_view)
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
