"""One shape for every API error: `{"detail": "...", "errors": {"field": ["problem", ...]}}`.

Services raise Django's ValidationError (keyed by field), PermissionDenied and Conflict; they become 400, 403
and 409 here, so views need no try/except of their own. A service names a place inside a list by a dotted path
(`sources.1.url`); it is shown nested, as DRF shows a nested serializer's errors. A stale If-Match is 412 (see
factcheck.api.etags). A bad `page` or `page_size` is 400 or 404 naming it (factcheck.paging), and a body larger than
Django reads (DATA_UPLOAD_MAX_MEMORY_SIZE) a 413 that says the limit, as the JSON parser's own limit is
(factcheck.api.parsers).
"""

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from factcheck.concurrency import Conflict, is_deadlock
from factcheck.limits import too_large_message, too_large_page
from factcheck.paging import PageError

# Lazy: each answer speaks the request's language (Accept-Language, via LocaleMiddleware), as the pages do.
ERR_CONFLICT = _("Someone else changed this meanwhile; fetch it again and reapply your change.")
ERR_INVALID = _("The request has errors; see `errors`.")
ERR_BUSY = _("Another change to the same article was being saved; send the request again.")
ERR_NOT_FOUND = _("Not found.")


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _("If-Match does not match the current version; fetch it again and reapply your change.")
    default_code = "precondition_failed"


class Ambiguous(exceptions.ValidationError):
    """A 400 that also lists the choices the client can make, e.g. each place a quote occurs."""

    def __init__(self, detail, candidates: list[dict]):
        super().__init__(detail)
        self.candidates = candidates


def _field_errors(detail) -> dict:
    if isinstance(detail, dict):
        return {key: _flatten(value) for key, value in detail.items()}
    return {"non_field_errors": _flatten(detail)}


def _nested(errors: dict) -> dict:
    """`{"sources.1.url": [...]}` as `{"sources": {"1": {"url": [...]}}}`; Django's `__all__` inside as DRF's
    non_field_errors."""
    if not any("." in str(key) for key in errors):
        return errors
    nested: dict = {}
    for key, value in errors.items():
        *parents, last = str(key).split(".")
        node = nested
        for part in parents:
            if not isinstance(node.get(part), dict):
                node[part] = {} if part not in node else {api_settings.NON_FIELD_ERRORS_KEY: node[part]}
            node = node[part]
        node[api_settings.NON_FIELD_ERRORS_KEY if parents and last == NON_FIELD_ERRORS else last] = value
    return nested


def _flatten(value):
    if isinstance(value, dict):
        return {key: _flatten(item) for key, item in value.items()}
    if isinstance(value, list):
        if all(isinstance(item, str) for item in value):
            return [str(item) for item in value]
        return [_flatten(item) for item in value]
    return [str(value)]


def exception_handler(exc, context):
    if isinstance(exc, PageError):
        return Response({"detail": exc.message, "errors": {exc.param: [exc.message]}}, status=exc.status)
    if isinstance(exc, RequestDataTooBig):
        # Read by DRF before the parser could refuse it; answered here, so Django logs no traceback.
        return Response({"detail": too_large_message(api=True)}, status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, Conflict):
        return Response(
            {"detail": str(ERR_CONFLICT), "current_version": exc.current.version}, status=status.HTTP_409_CONFLICT
        )
    elif is_deadlock(exc):
        # Retried already (factcheck.concurrency.retried_on_deadlock); still crossing another change: a busy answer.
        return Response(
            {"detail": str(ERR_BUSY)}, status=status.HTTP_503_SERVICE_UNAVAILABLE, headers={"Retry-After": "1"}
        )
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {"detail": str(ERR_INVALID), "errors": _nested(_field_errors(exc.detail))}
        if isinstance(exc, Ambiguous):
            response.data["candidates"] = exc.candidates
    elif isinstance(response.data, dict) and "detail" in response.data:
        response.data = {"detail": str(response.data["detail"])}
    return response


@csrf_exempt  # nothing is changed here, and a POST to a wrong address should hear 404, not a CSRF page
@login_not_required
def api_not_found(request, *args, **kwargs):
    """Any /api/v1/ address that matches no endpoint: a JSON 404 like the endpoints' own, not an HTML page."""
    return JsonResponse({"detail": str(ERR_NOT_FOUND)}, status=404)


def _api_or_page(status: int, detail: str, page):
    """Django's own error views for pages; JSON in the API's shape for /api/ (e.g. a rejected, oversized form body)."""

    def view(request, exception=None, *args, **kwargs):
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": str(detail)}, status=status)
        return page(request, exception, *args, **kwargs) if exception is not None else page(request, *args, **kwargs)

    return view


_bad_request = _api_or_page(400, _("Bad request."), defaults.bad_request)


def bad_request(request, exception=None, *args, **kwargs):
    """400; a body too large for Django to read (a form's, seen before any view) is 413 saying the limit."""
    if isinstance(exception, RequestDataTooBig):
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": too_large_message(api=True)}, status=413)
        return too_large_page(request)
    return _bad_request(request, exception, *args, **kwargs)


permission_denied = _api_or_page(
    403, _("You do not have permission to perform this action."), defaults.permission_denied
)
page_not_found = _api_or_page(404, ERR_NOT_FOUND, defaults.page_not_found)


def server_error(request, *args, **kwargs):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": gettext("Server error.")}, status=500)
    return defaults.server_error(request, *args, **kwargs)
