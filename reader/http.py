"""How every public answer is served: no log-in, no cookies, readable from any origin, cacheable by anyone.

Conditional GET: the ETag is a hash of the answer's bytes (exact: any change to what it says changes it), the
Last-Modified the newest change of the published claims in it; If-None-Match wins over If-Modified-Since (RFC 9110).
The compression middleware weakens the ETag of a compressed answer (W/"..."), so comparison is weak.
"""

import hashlib
import json
from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse, HttpResponseNotModified, JsonResponse
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_etags, parse_http_date_safe
from django.views.decorators.http import require_safe

from reader.middleware import ATTRIBUTE as VARY_ATTRIBUTE


def public(view):
    """A public answer: GET or HEAD, no log-in; 404 unless settings.PUBLIC_SITE; any origin may read it (CORS,
    without credentials) and embed it (CORP), since it holds published data only."""

    @login_not_required
    @require_safe
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not settings.PUBLIC_SITE:
            raise Http404("The public site is off (PUBLIC_SITE).")
        response = view(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        response["Cross-Origin-Resource-Policy"] = "cross-origin"
        # Compressed or not, by the compression middleware: caches keep one copy per encoding, nothing else
        # (reader.middleware.PublicVary takes out the Accept-Language that LocaleMiddleware adds).
        setattr(response, VARY_ATTRIBUTE, ("Accept-Encoding",))
        patch_vary_headers(response, ["Accept-Encoding"])
        return response

    return wrapper


def error(field: str, message: str, status: int = 400) -> JsonResponse:
    """A 4xx naming the parameter, in the API's shape."""
    return JsonResponse({"detail": message, "errors": {field: [message]}}, status=status)


def _etag_matches(header: str, etag: str) -> bool:
    if header.strip() == "*":
        return True
    return etag.removeprefix("W/") in {tag.removeprefix("W/") for tag in parse_etags(header)}


def not_modified(request, etag: str, last_modified) -> bool:
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match:
        return _etag_matches(if_none_match, etag)
    since = parse_http_date_safe(request.headers.get("If-Modified-Since") or "")
    return since is not None and last_modified is not None and int(last_modified.timestamp()) <= since


def cacheable(
    request, body: bytes, *, content_type: str, max_age: int, last_modified=None, status: int = 200
) -> HttpResponse:
    etag = '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'
    if status == 200 and not_modified(request, etag, last_modified):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type=content_type, status=status)
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified.timestamp())
    response["Cache-Control"] = f"public, max-age={max_age}"
    return response


def json_bytes(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), cls=DjangoJSONEncoder).encode()
