"""Pages for admins (API tokens, webhooks and their deliveries) and for everyone (CSV exports).

Thin, like annotations.views: a form, a service, a redirect or a page.
"""

from http import HTTPStatus

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from annotations import permissions
from annotations.api.selectors import claims_created_between
from annotations.exports.downloads import claims_csv_download
from annotations.permissions import role_required
from factcheck import paging
from factcheck.api.models import ApiToken
from factcheck.forms import form_errors
from integrations import selectors, services
from integrations.forms import CsvExportForm, TokenForm, WebhookForm
from integrations.models import Webhook, WebhookDelivery


@require_http_methods(["GET", "POST"])
@role_required(permissions.can_admin)
def token_list(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None, actor=request.user)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            token, raw = services.api_token_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        except PermissionDenied as error:
            form.add_error("user", str(error))
        else:
            created, form = {"token": token, "raw": raw}, TokenForm(actor=request.user)
    status = HTTPStatus.UNPROCESSABLE_ENTITY if form.errors else HTTPStatus.CREATED if created else HTTPStatus.OK
    pager = paging.paginate(request, selectors.tokens())
    context = {"form": form, "tokens": pager.rows, "pager": pager, "created": created}
    return render(request, "integrations/token_list.html", context, status=status)


@require_POST
@role_required(permissions.can_admin)
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = services.api_token_revoke(actor=request.user, token=get_object_or_404(ApiToken, pk=pk))
    messages.success(request, _("Revoked “{name}”.").format(name=token.name))
    return redirect("integrations:token_list")


@require_http_methods(["GET", "POST"])
@role_required(permissions.can_admin)
def webhook_list(request: HttpRequest) -> HttpResponse:
    form = WebhookForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            hook, secret = services.webhook_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            created, form = {"webhook": hook, "secret": secret}, WebhookForm()
    status = HTTPStatus.UNPROCESSABLE_ENTITY if form.errors else HTTPStatus.CREATED if created else HTTPStatus.OK
    pager = paging.paginate(request, selectors.webhooks())
    context = {"form": form, "webhooks": pager.rows, "pager": pager, "created": created}
    return render(request, "integrations/webhook_list.html", context, status=status)


@require_GET
@role_required(permissions.can_admin)
def webhook_detail(request: HttpRequest, pk: int) -> HttpResponse:
    hook = get_object_or_404(Webhook, pk=pk)
    pager = paging.keyset(request, selectors.deliveries(pk), field="-created")
    return render(
        request, "integrations/webhook_detail.html", {"webhook": hook, "deliveries": pager.rows, "pager": pager}
    )


@require_POST
@role_required(permissions.can_admin)
def webhook_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    hook = get_object_or_404(Webhook, pk=pk)
    services.webhook_update(actor=request.user, webhook=hook, changes={"active": not hook.active})
    return redirect("integrations:webhook_detail", pk=pk)


@require_POST
@role_required(permissions.can_admin)
def webhook_delete(request: HttpRequest, pk: int) -> HttpResponse:
    services.webhook_delete(actor=request.user, webhook=get_object_or_404(Webhook, pk=pk))
    messages.success(request, _("Webhook deleted."))
    return redirect("integrations:webhook_list")


@require_POST
@role_required(permissions.can_admin)
def webhook_ping(request: HttpRequest, pk: int) -> HttpResponse:
    services.webhook_ping(actor=request.user, webhook=get_object_or_404(Webhook, pk=pk))
    messages.success(request, "A test message is on its way; reload to see the attempt.")
    return redirect("integrations:webhook_detail", pk=pk)


@require_POST
@role_required(permissions.can_admin)
def delivery_resend(request: HttpRequest, pk: int) -> HttpResponse:
    delivery = services.webhook_delivery_resend(actor=request.user, delivery=get_object_or_404(WebhookDelivery, pk=pk))
    messages.success(request, _("Message {msg_id} will be sent again.").format(msg_id=delivery.msg_id))
    return redirect("integrations:webhook_detail", pk=delivery.webhook_id)


@require_GET
@role_required(permissions.can_edit)
def claims_export(request: HttpRequest) -> HttpResponse:
    form = CsvExportForm(request.GET or None)
    if form.is_bound and form.is_valid():
        since, until = form.cleaned_data["since"], form.cleaned_data["until"]
        return claims_csv_download(
            claims_created_between(since, until), f"claims-{since or 'start'}-{until or 'now'}.csv"
        )
    return render(
        request,
        "integrations/claims_export.html",
        {"form": form},
        status=HTTPStatus.UNPROCESSABLE_ENTITY if form.errors else HTTPStatus.OK,
    )
