"""/api/v1/articles/: list, create, read, change, delete, and the CMS's create-or-update by its own id."""

from contextlib import nullcontext

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from annotations import services
from annotations.api import representations, selectors
from annotations.api import serializers as s
from annotations.models import Article, Channel
from factcheck.api.errors import PreconditionFailed
from factcheck.api.etags import if_match_given
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


@extend_schema(tags=["articles"])
class ArticleListView(ApiView):
    @extend_schema(
        operation_id="v1_articles_list",
        parameters=[s.ArticleFilterSerializer, *PAGE_PARAMETERS],
        responses=paginated(s.ArticleSerializer, "PaginatedArticleList"),
    )
    def get(self, request):
        filters = dict(validated(s.ArticleFilterSerializer, request.query_params))
        for name in ("assignee", "reviewer"):
            if filters.get(name) == "me":
                filters[name] = request.user.get_username()
        paginator = Pagination()
        with replica_reads():
            page = paginator.paginate_queryset(selectors.articles(filters), request, view=self)
            return paginator.get_paginated_response(s.ArticleSerializer(page, many=True).data)

    @extend_schema(request=s.ArticleInputSerializer, responses={201: s.ArticleSerializer})
    def post(self, request):
        data = validated(s.ArticleInputSerializer, request.data)
        article = services.article_create(user=request.user, channel=Channel.API, **data)
        location = reverse("api:article_detail", args=[article.pk])
        return respond(request, representations.article(article.pk), status_code=201, headers={"Location": location})


@extend_schema(tags=["articles"])
class ArticleDetailView(ApiView):
    @extend_schema(responses=s.ArticleSerializer)
    def get(self, request, pk: int):
        return respond(request, representations.article(pk))

    @extend_schema(request=s.ArticlePatchSerializer, responses=s.ArticleSerializer, parameters=[IF_MATCH])
    def patch(self, request, pk: int):
        current = representations.article(pk)
        changes = dict(validated(s.ArticlePatchSerializer, request.data, partial=True))
        version = version_for_write(request, changes, current)
        changes.pop("version", None)
        with Precondition(request, current):
            if changes:
                services.article_update(
                    article=Article(pk=pk), user=request.user, version=version, changes=changes, channel=Channel.API
                )
        return respond(request, representations.article(pk))

    @extend_schema(responses={204: None}, parameters=[IF_MATCH])
    def delete(self, request, pk: int):
        current = representations.article(pk)
        with Precondition(request, current):
            services.article_delete(
                article=Article(pk=pk), user=request.user, version=version_for_write(request, {}, current)
            )
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["articles"])
class ArticleByExternalIdView(ApiView):
    def _pk(self, external_id: str) -> int | None:
        validated(s.ArticleFilterSerializer, {"external_id": external_id})
        return selectors.articles({"external_id": external_id}).values_list("pk", flat=True).first()

    @extend_schema(responses=s.ArticleSerializer)
    def get(self, request, external_id: str):
        pk = self._pk(external_id)
        if pk is None:
            raise NotFound()
        return respond(request, representations.article(pk))

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
        fields = {"url": "", "publication": "", "published_at": None} | {
            k: v for k, v in data.items() if k != "version"
        }
        current = representations.article(pk) if pk else None
        if current is None and if_match_given(request):
            raise PreconditionFailed()  # If-Match (even `*`) promises a current representation; there is none
        version = version_for_write(request, data, current) if current else None
        with Precondition(request, current) if current else nullcontext():
            article, created = services.article_upsert(
                user=request.user, external_id=external_id, version=version, fields=fields
            )
        headers = {"Location": reverse("api:article_detail", args=[article.pk])}
        return respond(
            request, representations.article(article.pk), status_code=201 if created else 200, headers=headers
        )
