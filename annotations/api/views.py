"""REST API v1. Thin: validate the input, call a service, answer with the resource as selectors read it.

Errors are raised, not returned: services' ValidationError, PermissionDenied and Conflict become 400, 403 and
409 in integrations.errors. Every resource carries an ETag; PATCH, PUT, DELETE (and the workflow actions)
honour If-Match with 412.
"""

from contextlib import nullcontext

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers as drf_serializers
from rest_framework import status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from annotations import services
from annotations.api import quotes, selectors
from annotations.api import serializers as s
from annotations.api.etags import check_if_match, etag_for, if_match_given, not_modified
from annotations.exports import claimreview, claims_csv, corrected, webannotation
from annotations.models import Article, Claim
from integrations import services as integration_services
from integrations.errors import Ambiguous, PreconditionFailed
from integrations.pagination import Pagination

PAGE_PARAMETERS = [OpenApiParameter("page", int, description="1 for the first page."), OpenApiParameter("page_size", int, description="At most 200.")]
IF_MATCH = OpenApiParameter("If-Match", OpenApiTypes.STR, OpenApiParameter.HEADER, description="The ETag you read; 412 if it is stale.")


class ApiView(APIView):
    """Every API view: DRF authenticates (token or session with CSRF) and answers 401/403 itself."""

    @classmethod
    def as_view(cls, **initkwargs):
        return login_not_required(super().as_view(**initkwargs))


def paginated(serializer_class, name: str):
    """The documented shape of a page of results, as integrations.pagination.Pagination answers."""
    return inline_serializer(
        name,
        {
            "count": drf_serializers.IntegerField(),
            "next": drf_serializers.URLField(allow_null=True),
            "previous": drf_serializers.URLField(allow_null=True),
            "results": serializer_class(many=True),
        },
    )


def respond(request, data, *, status_code: int = 200, headers: dict | None = None) -> Response:
    etag = etag_for(data)
    if request.method == "GET" and not_modified(request, etag):
        return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag})
    return Response(data, status=status_code, headers={"ETag": etag, **(headers or {})})


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
        if self.given and isinstance(error, services.Conflict):
            raise PreconditionFailed() from error
        return False


def _version(request, data: dict, current: dict) -> int | None:
    """The version a write is based on: the body's `version`, else the one If-Match vouched for."""
    if data.get("version") is not None:
        return data["version"]
    return current["version"] if if_match_given(request) else None


def article_data(article_id: int) -> dict:
    return s.ArticleSerializer(get_object_or_404(selectors.articles(), pk=article_id)).data


def claim_data(claim_id: int) -> dict:
    return s.ClaimSerializer(get_object_or_404(selectors.claims(), pk=claim_id)).data


# Articles


@extend_schema(tags=["articles"])
class ArticleListView(ApiView):
    @extend_schema(
        operation_id="v1_articles_list",
        parameters=[s.ArticleFilterSerializer, *PAGE_PARAMETERS],
        responses=paginated(s.ArticleSerializer, "PaginatedArticleList"),
    )
    def get(self, request):
        filters = validated(s.ArticleFilterSerializer, request.query_params)
        articles = selectors.articles()
        if "status" in filters:
            articles = articles.filter(status=filters["status"])
        if "updated_since" in filters:
            articles = articles.filter(updated__gte=filters["updated_since"])
        if "external_id" in filters:
            articles = articles.filter(external__external_id=filters["external_id"])
        for word in filters.get("search", "").split():
            articles = articles.filter(title__icontains=word)
        paginator = Pagination()
        page = paginator.paginate_queryset(articles, request, view=self)
        return paginator.get_paginated_response(s.ArticleSerializer(page, many=True).data)

    @extend_schema(request=s.ArticleInputSerializer, responses={201: s.ArticleSerializer})
    def post(self, request):
        data = validated(s.ArticleInputSerializer, request.data)
        article = integration_services.article_create(user=request.user, **data)
        location = reverse("api:article_detail", args=[article.pk])
        return respond(request, article_data(article.pk), status_code=201, headers={"Location": location})


@extend_schema(tags=["articles"])
class ArticleDetailView(ApiView):
    @extend_schema(responses=s.ArticleSerializer)
    def get(self, request, pk: int):
        return respond(request, article_data(pk))

    @extend_schema(request=s.ArticlePatchSerializer, responses=s.ArticleSerializer, parameters=[IF_MATCH])
    def patch(self, request, pk: int):
        current = article_data(pk)
        data = dict(validated(s.ArticlePatchSerializer, request.data, partial=True))
        version = _version(request, data, current)
        data.pop("version", None)
        with Precondition(request, current):
            integration_services.article_update(article=Article(pk=pk), user=request.user, version=version, changes=data)
        return respond(request, article_data(pk))

    @extend_schema(responses={204: None}, parameters=[IF_MATCH])
    def delete(self, request, pk: int):
        current = article_data(pk)
        with Precondition(request, current):
            services.article_delete(article=Article(pk=pk), user=request.user, version=_version(request, {}, current))
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["articles"])
class ArticleByExternalIdView(ApiView):
    def _pk(self, external_id: str) -> int | None:
        validated(s.ArticleFilterSerializer, {"external_id": external_id})
        return selectors.articles().filter(external__external_id=external_id).values_list("pk", flat=True).first()

    @extend_schema(responses=s.ArticleSerializer)
    def get(self, request, external_id: str):
        pk = self._pk(external_id)
        if pk is None:
            raise NotFound()
        return respond(request, article_data(pk))

    @extend_schema(
        request=s.ArticleUpsertSerializer,
        responses={200: s.ArticleSerializer, 201: s.ArticleSerializer},
        parameters=[IF_MATCH],
        description="Create the article the CMS knows by this id, or bring it up to date. Sending the same body "
        "again changes nothing (same version, same ETag).",
    )
    def put(self, request, external_id: str):
        pk = self._pk(external_id)
        data = dict(validated(s.ArticleUpsertSerializer, request.data))
        fields = {"url": "", "publication": "", "published_at": None} | {k: v for k, v in data.items() if k != "version"}
        current = article_data(pk) if pk else None
        if current is None and if_match_given(request):
            raise PreconditionFailed()  # If-Match (even `*`) promises a current representation; there is none
        version = _version(request, data, current) if current else None
        with Precondition(request, current) if current else nullcontext():
            article, created = integration_services.article_upsert(user=request.user, external_id=external_id, version=version, fields=fields)
        headers = {"Location": reverse("api:article_detail", args=[article.pk])}
        return respond(request, article_data(article.pk), status_code=201 if created else 200, headers=headers)


@extend_schema(tags=["articles"])
class ArticleSignOffView(ApiView):
    @extend_schema(request=s.VersionSerializer, responses=s.ArticleSerializer, parameters=[IF_MATCH])
    def post(self, request, pk: int):
        current = article_data(pk)
        data = validated(s.VersionSerializer, request.data)
        with Precondition(request, current):
            services.article_sign_off(article=Article(pk=pk), user=request.user, version=_version(request, data, current))
        return respond(request, article_data(pk))


# Claims


SOURCE_KEYS = ("url", "title", "publisher", "excerpt", "accessed_at", "archive_url")
ERR_NOT_A_SOURCE = "Not a source of this claim."


def _save_sources(claim: Claim, user, wanted: list[dict], *, replace: bool) -> None:
    existing = {source.pk: source for source in claim.sources.all()}
    # Keyed by position in the list, as DRF reports the other problems of list items.
    errors = {i: {"id": [ERR_NOT_A_SOURCE]} for i, item in enumerate(wanted) if "id" in item and item["id"] not in existing}
    if errors:
        raise ValidationError({"sources": errors})
    kept = set()
    for item in wanted:
        fields = {k: v for k, v in item.items() if k in SOURCE_KEYS}
        if "id" in item:
            kept.add(item["id"])
            source = existing[item["id"]]
            changes = {k: v for k, v in fields.items() if getattr(source, k) != v}
            if changes:
                services.source_update(source=source, user=user, version=None, changes=changes)
        else:
            services.source_create(claim=claim, user=user, **fields)
    if replace:
        for pk, source in existing.items():
            if pk not in kept:
                services.source_delete(source=source, user=user)


def _anchor(article: Article, data: dict) -> dict:
    """start, end and quote for claim_create: as given, or found from the quote and its context."""
    if "start" in data:
        return {"start": data["start"], "end": data["end"], "quote": data.get("quote")}
    found = quotes.locate(article.body, data["quote"], data.get("prefix", ""), data.get("suffix", ""))
    if found.candidates:
        raise Ambiguous({"quote": [found.error]}, list(found.candidates))
    if found.error:
        raise ValidationError({"quote": [found.error]})
    return {"start": found.start, "end": found.end, "quote": data["quote"]}


CLAIM_FIELDS = ("claim", "kind", "claimant", "verdict", "rationale", "correction")


@extend_schema(tags=["claims"])
class ArticleClaimListView(ApiView):
    @extend_schema(responses=paginated(s.ClaimSerializer, "PaginatedClaimList"), parameters=PAGE_PARAMETERS)
    def get(self, request, pk: int):
        get_object_or_404(Article.objects.only("pk"), pk=pk)
        paginator = Pagination()
        page = paginator.paginate_queryset(selectors.claims().filter(article_id=pk), request, view=self)
        return paginator.get_paginated_response(s.ClaimSerializer(page, many=True).data)

    @extend_schema(
        request=s.ClaimCreateSerializer,
        responses={201: s.ClaimSerializer},
        description="Anchor the claim with `quote` (the server finds it; `prefix` and `suffix` choose among several "
        "occurrences, and an ambiguous quote is refused with the candidates) and/or `start` and `end`.",
    )
    def post(self, request, pk: int):
        article = get_object_or_404(Article, pk=pk)
        data = validated(s.ClaimCreateSerializer, request.data)
        with transaction.atomic():
            fields = {k: data[k] for k in CLAIM_FIELDS if k in data}
            claim = services.claim_create(article=article, user=request.user, **_anchor(article, data), **fields)
            _save_sources(claim, request.user, data.get("sources", []), replace=False)
        location = reverse("api:claim_detail", args=[claim.pk])
        return respond(request, claim_data(claim.pk), status_code=201, headers={"Location": location})


@extend_schema(tags=["claims"])
class ClaimDetailView(ApiView):
    @extend_schema(responses=s.ClaimSerializer)
    def get(self, request, pk: int):
        return respond(request, claim_data(pk))

    @extend_schema(request=s.ClaimPatchSerializer, responses=s.ClaimSerializer, parameters=[IF_MATCH])
    def patch(self, request, pk: int):
        current = claim_data(pk)
        data = validated(s.ClaimPatchSerializer, request.data, partial=True)
        version = _version(request, data, current)
        fields = {k: data[k] for k in CLAIM_FIELDS if k in data}
        with Precondition(request, current), transaction.atomic():
            claim = Claim.objects.select_for_update().get(pk=pk)
            if version is not None and claim.version != version:
                raise services.Conflict(claim)
            if fields:
                claim = services.claim_update(claim=claim, user=request.user, version=None, changes=fields)
            if "sources" in data:
                _save_sources(claim, request.user, data["sources"], replace=True)
        return respond(request, claim_data(pk))

    @extend_schema(responses={204: None}, parameters=[IF_MATCH])
    def delete(self, request, pk: int):
        current = claim_data(pk)
        with Precondition(request, current):
            services.claim_delete(claim=Claim(pk=pk, article_id=current["article"]), user=request.user, version=_version(request, {}, current))
        return Response(status=status.HTTP_204_NO_CONTENT)


class ClaimActionView(ApiView):
    """A step of the review workflow; the same service, and so the same rules, as the buttons in the UI."""

    action = None  # the service
    input_serializer = s.VersionSerializer
    text_field = None  # the input that the service takes as free text

    def post(self, request, pk: int):
        current = claim_data(pk)
        data = validated(self.input_serializer, request.data)
        extra = {self.text_field: data[self.text_field]} if self.text_field else {}
        claim = Claim(pk=pk, article_id=current["article"])
        with Precondition(request, current):
            type(self).action(claim=claim, user=request.user, version=_version(request, data, current), **extra)
        return respond(request, claim_data(pk))


def _action(name: str, service, serializer=s.VersionSerializer, text_field=None, doc=""):
    view = type(name, (ClaimActionView,), {"action": staticmethod(service), "input_serializer": serializer, "text_field": text_field})
    view.post = extend_schema(tags=["workflow"], request=serializer, responses=s.ClaimSerializer, parameters=[IF_MATCH], description=doc)(
        ClaimActionView.post
    )
    return view


ClaimSubmitView = _action("ClaimSubmitView", services.claim_submit, doc="Send a draft (or a claim sent back) for review.")
ClaimApproveView = _action("ClaimApproveView", services.claim_approve, doc="Reviewers only; not the claim's author or last editor.")
ClaimRequestChangesView = _action(
    "ClaimRequestChangesView", services.claim_request_changes, s.RequestChangesSerializer, "comment", "Send a submitted claim back, saying why."
)
ClaimReopenView = _action("ClaimReopenView", services.claim_reopen, s.ReopenSerializer, "reason", "Reviewers only: reopen an approved claim.")


@extend_schema(tags=["workflow"])
class ClaimCommentListView(ApiView):
    @extend_schema(responses=s.CommentSerializer(many=True))
    def get(self, request, pk: int):
        get_object_or_404(Claim.objects.only("pk"), pk=pk)
        return Response(s.CommentSerializer(selectors.comments(pk), many=True).data)

    @extend_schema(request=s.CommentInputSerializer, responses={201: s.CommentSerializer})
    def post(self, request, pk: int):
        claim = get_object_or_404(Claim.objects.only("pk", "article_id"), pk=pk)
        data = validated(s.CommentInputSerializer, request.data)
        comment = services.comment_create(claim=claim, user=request.user, text=data["text"])
        return Response(s.CommentSerializer(selectors.comments(pk).get(pk=comment.pk)).data, status=201)


# Exports


def _article_url(request, article: Article) -> str:
    return article.url or request.build_absolute_uri(reverse("article_detail", args=[article.pk]))


@extend_schema(tags=["exports"])
class ClaimReviewView(ApiView):
    @extend_schema(
        responses={(200, "application/ld+json"): OpenApiResponse(OpenApiTypes.OBJECT, description="A list of schema.org ClaimReview objects.")},
        description="schema.org ClaimReview JSON-LD for every approved claim with a verdict, for Google's Fact Check tools.",
    )
    def get(self, request, pk: int):
        article = get_object_or_404(Article, pk=pk)
        reviews = claimreview.claim_reviews(
            article=article,
            claims=selectors.claims_for_export(pk),
            article_url=_article_url(request, article),
            newsroom_name=settings.NEWSROOM_NAME,
            newsroom_url=settings.NEWSROOM_URL,
        )
        return _json_response(reviews, "application/ld+json")


@extend_schema(tags=["exports"])
class WebAnnotationView(ApiView):
    @extend_schema(
        responses={(200, "application/ld+json"): OpenApiResponse(OpenApiTypes.OBJECT, description="A W3C AnnotationPage.")},
        description="Every claim as a W3C Web Annotation (motivation `assessing`), in one AnnotationPage.",
    )
    def get(self, request, pk: int):
        article = get_object_or_404(Article, pk=pk)
        page = webannotation.annotation_page(
            page_iri=request.build_absolute_uri(reverse("api:article_annotations", args=[pk])),
            claims=selectors.claims_for_export(pk),
            article_url=_article_url(request, article),
            claim_iri=lambda c: request.build_absolute_uri(reverse("api:claim_detail", args=[c.pk])),
            user_iri=lambda u: request.build_absolute_uri(f"/api/v1/users/{u.pk}"),
        )
        return _json_response(page, webannotation.MEDIA_TYPE)


@extend_schema(tags=["exports"])
class CorrectedTextView(ApiView):
    @extend_schema(
        responses=inline_serializer(
            "CorrectedText",
            {
                "article": drf_serializers.IntegerField(),
                "version": drf_serializers.IntegerField(),
                "body": drf_serializers.CharField(),
                "changes": inline_serializer(
                    "Change",
                    {
                        "claim": drf_serializers.IntegerField(),
                        "old_start": drf_serializers.IntegerField(),
                        "old_end": drf_serializers.IntegerField(),
                        "new_start": drf_serializers.IntegerField(),
                        "new_end": drf_serializers.IntegerField(),
                        "old_text": drf_serializers.CharField(),
                        "new_text": drf_serializers.CharField(),
                    },
                    many=True,
                ),
                "skipped": drf_serializers.ListField(child=drf_serializers.IntegerField()),
            },
        ),
        description="The body with every approved correction applied; offsets (code points) in the old and the new text.",
    )
    def get(self, request, pk: int):
        article = get_object_or_404(Article, pk=pk)
        return respond(request, corrected.corrected_document(article=article, claims=selectors.claims_for_export(pk)))


CSV_RESPONSE = {(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="One row per claim.")}


def csv_response(claims, filename: str) -> HttpResponse:
    response = HttpResponse(claims_csv.claims_csv(claims), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def claims_in_range(since=None, until=None):
    claims = selectors.claims().select_related("article__external").order_by("article_id", "start", "-end", "id")
    if since:
        claims = claims.filter(created__date__gte=since)
    if until:
        claims = claims.filter(created__date__lte=until)
    return claims


@extend_schema(tags=["exports"])
class ArticleClaimsCsvView(ApiView):
    @extend_schema(responses=CSV_RESPONSE)
    def get(self, request, pk: int):
        get_object_or_404(Article.objects.only("pk"), pk=pk)
        return csv_response(claims_in_range().filter(article_id=pk), f"article-{pk}-claims.csv")


@extend_schema(tags=["exports"])
class ClaimsCsvView(ApiView):
    @extend_schema(parameters=[s.DateRangeSerializer], responses=CSV_RESPONSE)
    def get(self, request):
        dates = validated(s.DateRangeSerializer, request.query_params)
        name = f"claims-{dates.get('since') or 'start'}-{dates.get('until') or 'now'}.csv"
        return csv_response(claims_in_range(dates.get("since"), dates.get("until")), name)


def _json_response(data, content_type: str) -> Response:
    return Response(data, headers={"ETag": etag_for(data)}, content_type=content_type)

