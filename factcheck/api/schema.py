"""The OpenAPI schema and its docs page; post-processing so every operation documents its error answers."""

from django.contrib.auth.decorators import login_not_required
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "detail": {"type": "string"},
        "errors": {
            "type": "object",
            "additionalProperties": True,
            "description": "Problems by field name (nested for sources); present on 400.",
        },
        "current_version": {"type": "integer", "description": "On 409: the version now stored."},
        "candidates": {"type": "array", "items": {"type": "object"}},
    },
    "required": ["detail"],
}
ERRORS = {
    "400": "Invalid input; `errors` names each field and problem.",
    "401": "No credentials, or an invalid, expired or revoked token.",
    "403": "The user's role or a read-only token does not allow this.",
    "404": "Not found.",
    "405": "Method not allowed.",
    "406": "Not acceptable.",
    "409": "Changed by someone else meanwhile (stale `version`), or not allowed in the current state.",
    "412": "If-Match does not match the current ETag.",
    "413": "The request body is too large.",
    "415": "Send JSON.",
    "429": "Too many requests; wait for the number of seconds in Retry-After.",
}
WRITE_ONLY = {"409", "412", "413", "415"}


def add_error_responses(result, generator, request, public):
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = ERROR_SCHEMA
    ref = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            responses = operation.setdefault("responses", {})
            for code, description in ERRORS.items():
                if code in WRITE_ONLY and method == "get":
                    continue
                if code not in responses:
                    responses[code] = {"description": description, "content": ref}
                    if code == "429":
                        responses[code]["headers"] = {"Retry-After": {"schema": {"type": "integer"}}}
    return result


class ApiDocsView(SpectacularSwaggerSplitView):
    """Swagger UI from the app's own static files (drf-spectacular-sidecar): no CDN, no inline script or style."""

    template_name = "api/docs.html"

    @classmethod
    def as_view(cls, **initkwargs):
        return login_not_required(super().as_view(**initkwargs))


class SchemaView(SpectacularAPIView):
    @classmethod
    def as_view(cls, **initkwargs):
        return login_not_required(super().as_view(**initkwargs))
