"""The public pages (no log-in; 404 unless settings.PUBLIC_SITE) and the claim's destinations (the newsroom's).

Public answers hold published data only: corrections (the public fields before and after, and the note) and the
articles' public facts; never drafts, comments, internal notes or who did what (the byline is the desk's)."""

from functools import wraps
from http import HTTPStatus

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from annotations import permissions
from annotations import selectors as core_selectors
from annotations.models import Claim
from annotations.permissions import role_required
from factcheck import paging
from factcheck.db_router import replica_reads
from publishing import selectors, services
from publishing.forms import DestinationForm

PUBLIC_PER_PAGE = 20
DESTINATIONS_SHOWN = 50  # the API pages through all of them


def public(view):
    """A public page: no log-in, and nothing at all unless the newsroom turned the public site on."""

    @login_not_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not settings.PUBLIC_SITE:
            raise Http404("The public pages are off.")
        return view(request, *args, **kwargs)

    return wrapped


@require_GET
@public
def corrections_log(request: HttpRequest) -> HttpResponse:
    with replica_reads():
        pager = paging.keyset(request, core_selectors.corrections(), field="-created", per_page=PUBLIC_PER_PAGE)
    return render(
        request,
        "publishing/corrections_log.html",
        {"pager": pager, "corrections": pager.rows, "byline": settings.PUBLIC_BYLINE},
    )


# The claim's destinations, on its card (loaded after it) and in the API.


def destinations_context(claim: Claim, **extra) -> dict:
    found = selectors.destinations_of(claim.pk)
    rows = list(found.rows[: DESTINATIONS_SHOWN + 1])
    return {
        "claim": claim,
        "destinations": [(row, selectors.label_of(row)) for row in rows[:DESTINATIONS_SHOWN]],
        "destinations_more": len(rows) > DESTINATIONS_SHOWN,
        "published_version": found.published_version,
        "stale": found.stale,
        "form": extra.pop("form", None) or DestinationForm(),
        **extra,
    }


def _claim(pk: int) -> Claim:
    return get_object_or_404(Claim.objects.only("pk", "article_id", "version"), pk=pk)


def _to_claim(request, claim: Claim, status: int, extra: dict) -> HttpResponse:
    """Without htmx (a plain form post): back to the claim's page, saying what went wrong there."""
    form = extra.get("form")
    if status != HTTPStatus.OK:
        errors = [extra.get("action_error", "")] + (
            [" ".join(form.errors.get(n, [])) for n in form.fields] if form else []
        )
        messages.error(request, " ".join(e for e in errors if e))
    return redirect("claim_detail", pk=claim.pk)


@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
@role_required(permissions.can_edit)
def claim_destinations(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the list. POST: add a destination posted by hand. The card loads it; without htmx, the claim's page."""
    claim = _claim(pk)
    if not request.htmx and request.method == "GET":
        return redirect("claim_detail", pk=claim.pk)
    status, extra = HTTPStatus.OK, {}
    if request.method == "POST":
        form = DestinationForm(request.POST)
        if form.is_valid():
            try:
                services.destination_add(claim=claim, user=request.user, **form.cleaned_data)
                extra["done"] = True
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    if field in form.fields:
                        form.add_error(field, messages)
                    else:  # about the claim, not the form: said above the list, which shows no form then
                        extra["action_error"] = " ".join(messages)
        if form.errors or "action_error" in extra:
            status, extra["form"] = HTTPStatus.UNPROCESSABLE_ENTITY, form
        if not request.htmx:
            return _to_claim(request, claim, status, extra)
    return render(
        request, "publishing/destinations.html#destinations", destinations_context(claim, **extra), status=status
    )


@require_POST
@role_required(permissions.can_edit)
def destination_action(request: HttpRequest, pk: int, destination_id: int, action: str) -> HttpResponse:
    """Tick off a destination posted by hand (it has the new version now), or remove it."""
    claim = _claim(pk)
    status, extra = HTTPStatus.OK, {}
    try:
        if action == "updated":
            services.destination_updated(claim=claim, destination_id=destination_id, user=request.user)
        else:
            services.destination_remove(claim=claim, destination_id=destination_id, user=request.user)
    except (ValidationError, PermissionDenied) as error:
        status = HTTPStatus.UNPROCESSABLE_ENTITY
        extra["action_error"] = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
    if not request.htmx:
        return _to_claim(request, claim, status, extra)
    return render(
        request, "publishing/destinations.html#destinations", destinations_context(claim, **extra), status=status
    )
