"""What every API view of every app shares: authentication by DRF, ETags, If-Match, validation, pages."""

from django.contrib.auth.decorators import login_not_required
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, inline_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from factcheck.api.errors import PreconditionFailed
from factcheck.api.etags import check_if_match, etag_for, if_match_given, not_modified
from factcheck.concurrency import Conflict

PAGE_PARAMETERS = [
    OpenApiParameter(
        "page", int, description="1 for the first page. Not a whole number of at least 1: 400; past the last page: 404."
    ),
    OpenApiParameter("page_size", int, description="From 1 to 200 (50 when left out); anything else is a 400."),
]
IF_MATCH = OpenApiParameter(
    "If-Match", OpenApiTypes.STR, OpenApiParameter.HEADER, description="The ETag you read; 412 if it is stale."
)


class ApiView(APIView):
    """Every API view: DRF authenticates (token or session with CSRF) and answers 401/403 itself."""

    @classmethod
    def as_view(cls, **initkwargs):
        return login_not_required(super().as_view(**initkwargs))

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if isinstance(response, Response):  # not the streamed downloads: they render nothing
            response.add_post_render_callback(self._release)
        return response

    def _release(self, response) -> None:
        """Once the body is rendered, let go of what the request built (issue 12). The view, DRF's request and the
        response point at each other (view.response, request.parser_context["view"], response.renderer_context),
        so whatever they hold, a page of 200 claims included, outlived the request until the garbage collector
        walked it: a pause of 40 ms every ~70 requests, which was the API's p99. Without the cycles it is freed at
        once."""
        if isinstance(getattr(self, "request", None), Request):
            self.request.parser_context = None
        self.__dict__.clear()
        response.renderer_context = None


def paginated(serializer_class, name: str):
    """The documented shape of a page of results, as factcheck.api.pagination.Pagination answers."""
    return inline_serializer(
        name,
        {
            "count": serializers.IntegerField(help_text="Rows in the list, counted up to 10,000."),
            "count_capped": serializers.BooleanField(help_text="True when the list holds more rows than `count`."),
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": serializer_class(many=True),
        },
    )


def respond(
    request, data, *, status_code: int = 200, headers: dict | None = None, content_type: str | None = None
) -> Response:
    """The resource with its ETag; a GET whose If-None-Match matches gets 304 and no body."""
    etag = etag_for(data)
    if request.method == "GET" and not_modified(request, etag):
        return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag})
    return Response(data, status=status_code, headers={"ETag": etag, **(headers or {})}, content_type=content_type)


def validated(serializer_class, data, **kwargs) -> dict:
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class Precondition:
    """If-Match against the current representation; a change slipping in after the check is a 412 too."""

    def __init__(self, request, current: dict):
        check_if_match(request, current)
        self.given = if_match_given(request)

    def __enter__(self):
        return self

    def __exit__(self, kind, error, traceback):
        if self.given and isinstance(error, Conflict):
            raise PreconditionFailed() from error
        return False


def version_for_write(request, data: dict, current: dict) -> int | None:
    """The version a write is based on: the body's `version`, else the one If-Match vouched for."""
    if data.get("version") is not None:
        return data["version"]
    return current["version"] if if_match_given(request) else None
