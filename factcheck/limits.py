"""How large a request body the server reads, and the answer to a larger one: 413 saying the limit.

Django refuses to read a body over DATA_UPLOAD_MAX_MEMORY_SIZE (RequestDataTooBig, which it answers "400 Bad
request" with a logged traceback); the API's JSON parser stops at API_MAX_BODY_BYTES. Here:
- the API: whichever limit is lower, in the API's error shape (factcheck.api.errors, factcheck.api.parsers);
- the pages: `BodyLimit`, a middleware ahead of the CSRF check, sees the declared length before anything reads the
  body, and answers the request as the GET of the same address (the form as it was saved: nothing saved is lost,
  nothing is changed) with status 413 and the limit as the form's error (`request.body_too_large`, shown by
  templates/annotations/_form_fields.html). An address with no page to show, or whose page has no such form,
  gets the 413 page.
"""

from django.conf import settings
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils.html import escape
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

ERR_API_TOO_LARGE = _("The request body is larger than %(limit)s bytes.")
ERR_FORM_TOO_LARGE = _(
    "Not saved: what you sent (%(size)s) is larger than the limit of %(limit)s. Shorten the text, or split it, and "
    "save again."
)
ERR_FORM_TOO_LARGE_UNSIZED = _(
    "Not saved: what you sent is larger than the limit of %(limit)s. Shorten the text, or split it, and save again."
)
_BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def api_body_limit() -> int:
    django_limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return settings.API_MAX_BODY_BYTES if django_limit is None else min(settings.API_MAX_BODY_BYTES, django_limit)


def too_large_message(*, api: bool, size: int | None = None) -> str:
    if api:
        return gettext(ERR_API_TOO_LARGE) % {"limit": api_body_limit()}
    limit = filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0)
    if not size:
        return gettext(ERR_FORM_TOO_LARGE_UNSIZED) % {"limit": limit}
    return gettext(ERR_FORM_TOO_LARGE) % {"size": filesizeformat(size), "limit": limit}


def too_large_page(request, size: int | None = None):
    message = too_large_message(api=False, size=size or _declared_length(request))
    return render(request, "413.html", {"message": message}, status=413)


class _Notice:
    """The form's error; knows whether the page showed it (a page without the form partial gets the 413 page)."""

    def __init__(self, text: str):
        self.text, self.shown = text, False

    def __str__(self) -> str:
        self.shown = True
        return self.text

    def __html__(self) -> str:
        self.shown = True
        return str(escape(self.text))


def _declared_length(request) -> int:
    raw = request.META.get("CONTENT_LENGTH") or "0"
    return int(raw) if raw.isdigit() and len(raw) < 19 else 0


class BodyLimit:
    """Middleware, before CsrfViewMiddleware (which reads a form to find its token): a page's form body over
    DATA_UPLOAD_MAX_MEMORY_SIZE is not read; see the module's docstring. No page takes a file, so a multipart body
    is measured whole too (a page that takes files would need its own limit here); /api/ answers for itself."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        size = _declared_length(request)
        if limit is None or size <= limit or request.method not in _BODY_METHODS or request.path.startswith("/api/"):
            return self.get_response(request)
        request.method = "GET"  # nothing of the body is read; the address shows what is saved
        request.body_too_large = notice = _Notice(too_large_message(api=False, size=size))
        response = self.get_response(request)
        if response.status_code != 200 or getattr(response, "streaming", False) or not notice.shown:
            return too_large_page(request, size)
        response.status_code = 413
        response.reason_phrase = "Content Too Large"
        return response
