"""/api/v1/articles/{id}/claims/ and /api/v1/claims/{id}/: claims with their sources nested and writable."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from annotations import services
from annotations.api import claim_rows, quotes, reads, representations
from annotations.api import serializers as s
from annotations.models import Article, Claim
from annotations.templatetags.ui import number
from factcheck.api.errors import Ambiguous
from factcheck.api.etags import etag_of, not_modified
from factcheck.api.pagination import Pagination
from factcheck.api.views import (
    IF_MATCH,
    PAGE_PARAMETERS,
    ApiView,
    Precondition,
    paginated,
    respond,
    validated,
    version_for_write,
)

FIELDS_PARAMETER = OpenApiParameter(
    "fields", {"type": "array", "items": {"type": "string", "enum": list(claim_rows.FIELDS)}},
    style="form", explode=False,
    description="Only these fields of each claim, comma-separated, e.g. `id,start,end,kind,status`; every field when "
    "left out. An unknown name is a 400 that names it.",
)  # fmt: skip
IF_NONE_MATCH = OpenApiParameter(
    "If-None-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="The list's ETag you hold; 304 without a body while it is current.",
)
LIST_CACHE_CONTROL = "private, no-cache"  # clients may keep the list, and revalidate it with its ETag every time


class _ClaimRows:
    """What the paginator pages through: the count is known already, and only the page's rows are read (or were
    read already, with the count, for the window the request names)."""

    def __init__(self, article_id: int, count: int, fields, read: tuple[int, list[dict]] | None = None):
        self.article_id, self.total, self.fields, self.read = article_id, count, fields, read

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, window: slice) -> list[dict]:
        if self.read is not None and self.read[0] == window.start:
            return self.read[1][: window.stop - window.start]
        return claim_rows.of_article(
            self.article_id, self.fields, offset=window.start, limit=window.stop - window.start
        )


def _anchor(article: Article, data: dict) -> dict:
    """start, end and quote for claim_create: as given, or found from the quote and its context."""
    if "start" in data:
        return {"start": data["start"], "end": data["end"], "quote": data.get("quote")}
    found = quotes.locate(article.body, data["quote"], data.get("prefix", ""), data.get("suffix", ""))
    if found.candidates:
        raise Ambiguous({"quote": [found.message(gettext, number)]}, list(found.candidates))
    if found.error:
        raise ValidationError({"quote": [found.message(gettext, number)]})
    return {"start": found.start, "end": found.end, "quote": data["quote"]}


def _claim_fields(data: dict) -> dict:
    return {k: data[k] for k in services.CLAIM_EDITABLE if k in data}


@extend_schema(tags=["claims"])
class ArticleClaimListView(ApiView):
    @extend_schema(
        responses={
            200: paginated(s.ClaimListItemSerializer, "PaginatedClaimList"),
            304: OpenApiResponse(description="Not modified: the ETag you sent is current."),
        },
        parameters=[*PAGE_PARAMETERS, FIELDS_PARAMETER, IF_NONE_MATCH],
        description="The article's claims in text order. The ETag changes with any change to the article or its "
        "claims; send it back as If-None-Match to get 304 and no body while the list is current "
        "(`Cache-Control: private, no-cache`).",
    )
    def get(self, request, pk: int):
        fields, error = claim_rows.parse_fields(request.query_params.get("fields"))
        if error:
            raise ValidationError({"fields": [error]})
        paginator = Pagination()
        window = paginator.window(request)  # a bad page or size is a 4xx before anything is read
        if window is None or request.headers.get("If-None-Match"):  # an ETag first: the rows only when it is stale
            state, read = claim_rows.list_state(pk), None
        else:  # nothing to compare: the state and the page's rows in one round trip
            state, rows = claim_rows.state_and_page(pk, fields, offset=window[0], limit=window[1])
            read = (window[0], rows)
        if state is None:
            raise NotFound()
        etag = etag_of("claims", pk, *state.values(), request.get_full_path())
        headers = {"ETag": etag, "Cache-Control": LIST_CACHE_CONTROL}
        if not_modified(request, etag):
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers=headers)
        page = paginator.paginate_queryset(_ClaimRows(pk, state["n"], fields, read), request, view=self)
        ids = [row["id"] for row in page if "id" in row]
        reads.claims_read(request, claim_ids=ids, article_id=None if ids or not page else pk)
        return paginator.get_paginated_response(page, headers=headers)

    @extend_schema(
        request=s.ClaimCreateSerializer,
        responses={201: s.ClaimSerializer},
        description="Anchor the claim with `quote` (the server finds it; `prefix` and `suffix` choose among several "
        "occurrences, and an ambiguous quote is refused with the candidates) and/or `start` and `end`.",
    )
    def post(self, request, pk: int):
        article = get_object_or_404(Article, pk=pk)
        data = validated(s.ClaimCreateSerializer, request.data)
        claim = services.claim_create(
            article=article,
            user=request.user,
            **_anchor(article, data),
            **_claim_fields(data),
            sources=data.get("sources", ()),
        )
        location = reverse("api:claim_detail", args=[claim.pk])
        return respond(request, representations.claim(claim.pk), status_code=201, headers={"Location": location})


@extend_schema(tags=["claims"])
class ClaimDetailView(ApiView):
    @extend_schema(responses=s.ClaimSerializer)
    def get(self, request, pk: int):
        claim = representations.claim(pk)
        reads.claims_read(request, claim_ids=[pk])
        return respond(request, claim)

    @extend_schema(request=s.ClaimPatchSerializer, responses=s.ClaimSerializer, parameters=[IF_MATCH])
    def patch(self, request, pk: int):
        current = representations.claim(pk)
        data = validated(s.ClaimPatchSerializer, request.data, partial=True)
        with Precondition(request, current):
            services.claim_patch(
                claim=Claim(pk=pk, article_id=current["article"]),
                user=request.user,
                version=version_for_write(request, data, current),
                changes=_claim_fields(data),
                sources=data.get("sources"),
            )
        return respond(request, representations.claim(pk))

    @extend_schema(responses={204: None}, parameters=[IF_MATCH])
    def delete(self, request, pk: int):
        current = representations.claim(pk)
        with Precondition(request, current):
            claim = Claim(pk=pk, article_id=current["article"])
            services.claim_delete(claim=claim, user=request.user, version=version_for_write(request, {}, current))
        return Response(status=status.HTTP_204_NO_CONTENT)
