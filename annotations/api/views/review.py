"""The review workflow over the API: submit, approve, send back, reopen, comment, sign off.

Each step calls the same service as the button in the UI, and so follows the same rules.
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.response import Response

from annotations import selectors as core_selectors
from annotations import services
from annotations.api import representations, selectors
from annotations.api import serializers as s
from annotations.models import Article, Claim
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
from factcheck.db_router import replica_reads


class ClaimActionView(ApiView):
    """A step of the review workflow on one claim. Subclasses name the service and, where it takes one, its text."""

    input_serializer = s.VersionSerializer
    text_field = None  # the input that the service takes as free text

    @staticmethod
    def action(**kwargs):
        raise NotImplementedError

    def post(self, request, pk: int):
        current = representations.claim(pk)
        data = validated(self.input_serializer, request.data)
        extra = {self.text_field: data[self.text_field]} if self.text_field in data else {}
        claim = Claim(pk=pk, article_id=current["article"])
        with Precondition(request, current):
            self.action(claim=claim, user=request.user, version=version_for_write(request, data, current), **extra)
        return respond(request, representations.claim(pk))


def _documented(serializer, doc: str):
    return extend_schema(
        tags=["workflow"], request=serializer, responses=s.ClaimSerializer, parameters=[IF_MATCH], description=doc
    )


@extend_schema_view(post=_documented(s.VersionSerializer, "Send a draft (or a claim sent back) for review."))
class ClaimSubmitView(ClaimActionView):
    action = staticmethod(services.claim_submit)


@extend_schema_view(
    post=_documented(
        s.ApproveSerializer,
        "Reviewers only; not the claim's author or last editor. A published claim whose public fields changed needs "
        "a `correction_note` (docs/publishing.md).",
    )
)
class ClaimApproveView(ClaimActionView):
    token_scope = "review"  # a token needs this scope (factcheck.api.permissions)
    action = staticmethod(services.claim_approve)
    input_serializer = s.ApproveSerializer
    text_field = "correction_note"


@extend_schema_view(post=_documented(s.RequestChangesSerializer, "Send a submitted claim back, saying why."))
class ClaimRequestChangesView(ClaimActionView):
    token_scope = "review"  # a token needs this scope (factcheck.api.permissions)
    action = staticmethod(services.claim_request_changes)
    input_serializer = s.RequestChangesSerializer
    text_field = "comment"


@extend_schema_view(post=_documented(s.ReopenSerializer, "Reviewers only: reopen an approved claim."))
class ClaimReopenView(ClaimActionView):
    token_scope = "review"  # a token needs this scope (factcheck.api.permissions)
    action = staticmethod(services.claim_reopen)
    input_serializer = s.ReopenSerializer
    text_field = "reason"


@extend_schema(tags=["workflow"])
class ClaimCommentListView(ApiView):
    @extend_schema(
        operation_id="v1_claims_comments_list",
        parameters=PAGE_PARAMETERS,
        responses=paginated(s.CommentSerializer, "PaginatedCommentList"),
        description="A claim's comments, oldest first, paginated like every list.",
    )
    def get(self, request, pk: int):
        get_object_or_404(Claim.objects.only("pk"), pk=pk)
        paginator = Pagination()
        page = paginator.paginate_queryset(selectors.comments(pk), request, view=self)
        return paginator.get_paginated_response(s.CommentSerializer(page, many=True).data)

    @extend_schema(request=s.CommentInputSerializer, responses={201: s.CommentSerializer})
    def post(self, request, pk: int):
        claim = get_object_or_404(Claim.objects.only("pk", "article_id"), pk=pk)
        data = validated(s.CommentInputSerializer, request.data)
        comment = services.comment_create(claim=claim, user=request.user, text=data["text"])
        return Response(s.CommentSerializer(selectors.comments(pk).get(pk=comment.pk)).data, status=201)


@extend_schema(tags=["workflow"])
class CorrectionListView(ApiView):
    @extend_schema(
        operation_id="v1_corrections_list",
        parameters=[s.CorrectionFilterSerializer, *PAGE_PARAMETERS],
        responses=paginated(s.CorrectionSerializer, "PaginatedCorrectionList"),
        description="Corrections to published claims, newest first; filter by article and by day.",
    )
    def get(self, request):
        filters = validated(s.CorrectionFilterSerializer, request.query_params)
        rows = core_selectors.corrections(
            article_id=filters.get("article"), since=filters.get("since"), until=filters.get("until")
        )
        paginator = Pagination()
        with replica_reads():
            page = paginator.paginate_queryset(rows, request, view=self)
            return paginator.get_paginated_response(s.CorrectionSerializer(page, many=True).data)


@extend_schema(tags=["articles"])
class ArticleSignOffView(ApiView):
    token_scope = "review"

    @extend_schema(request=s.VersionSerializer, responses=s.ArticleSerializer, parameters=[IF_MATCH])
    def post(self, request, pk: int):
        current = representations.article(pk)
        data = validated(s.VersionSerializer, request.data)
        with Precondition(request, current):
            services.article_sign_off(
                article=Article(pk=pk), user=request.user, version=version_for_write(request, data, current)
            )
        return respond(request, representations.article(pk))
