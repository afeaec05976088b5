"""Exports of an article's claims: schema.org ClaimReview, W3C Web Annotations, the corrected text and CSV."""

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers

from annotations.api import reads, selectors, snapshots
from annotations.api import serializers as s
from annotations.exports import claimreview, corrected, downloads, webannotation
from annotations.models import Article
from factcheck.api.views import ApiView, respond, validated


def _article_url(request, article: Article) -> str:
    return article.url or request.build_absolute_uri(reverse("article_detail", args=[article.pk]))


@extend_schema(tags=["exports"])
class ClaimReviewView(ApiView):
    @extend_schema(
        responses={
            (200, "application/ld+json"): OpenApiResponse(
                {"type": "array", "items": {"type": "object", "additionalProperties": True}},
                description="A list of schema.org ClaimReview objects, empty while no claim is approved.",
            )
        },
        description="schema.org ClaimReview JSON-LD for every approved claim with a verdict, for Google's Fact Check "
        "tools.",
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
        reads.claims_read(request, article_id=pk)
        return respond(request, reviews, content_type="application/ld+json")


def _absolute(request, path: str | None) -> str | None:
    return request.build_absolute_uri(path) if path else None


@extend_schema(tags=["exports"])
class WebAnnotationView(ApiView):
    @extend_schema(
        responses={
            (200, "application/ld+json"): OpenApiResponse(OpenApiTypes.OBJECT, description="A W3C AnnotationPage.")
        },
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
            cached_iri=lambda snapshot: _absolute(request, snapshots.paths(snapshot.pk, snapshot.state)[1]),
        )
        reads.claims_read(request, article_id=pk)
        return respond(request, page, content_type=webannotation.MEDIA_TYPE)


@extend_schema(tags=["exports"])
class CorrectedTextView(ApiView):
    @extend_schema(
        responses=inline_serializer(
            "CorrectedText",
            {
                "article": serializers.IntegerField(),
                "version": serializers.IntegerField(),
                "body": serializers.CharField(),
                "changes": inline_serializer(
                    "Change",
                    {
                        "claim": serializers.IntegerField(),
                        "old_start": serializers.IntegerField(),
                        "old_end": serializers.IntegerField(),
                        "new_start": serializers.IntegerField(),
                        "new_end": serializers.IntegerField(),
                        "old_text": serializers.CharField(),
                        "new_text": serializers.CharField(),
                    },
                    many=True,
                ),
                "skipped": serializers.ListField(child=serializers.IntegerField()),
            },
        ),
        description="The body with every approved correction applied; offsets (code points) in the old and the new "
        "text.",
    )
    def get(self, request, pk: int):
        article = get_object_or_404(Article, pk=pk)
        return respond(request, corrected.corrected_document(article=article, claims=selectors.claims_for_export(pk)))


CSV_RESPONSE = {(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="One row per claim.")}


@extend_schema(tags=["exports"])
class ArticleClaimsCsvView(ApiView):
    @extend_schema(responses=CSV_RESPONSE)
    def get(self, request, pk: int):
        get_object_or_404(Article.objects.only("pk"), pk=pk)
        reads.claims_read(request, article_id=pk)
        return downloads.claims_csv_download(
            selectors.claims_created_between().filter(article_id=pk).order_by("start", "-end", "id"),
            f"article-{pk}-claims.csv",
        )


@extend_schema(tags=["exports"])
class ClaimsCsvView(ApiView):
    @extend_schema(parameters=[s.DateRangeSerializer], responses=CSV_RESPONSE)
    def get(self, request):
        dates = validated(s.DateRangeSerializer, request.query_params)
        name = f"claims-{dates.get('since') or 'start'}-{dates.get('until') or 'now'}.csv"
        reads.claims_read(request, created=selectors.created_bounds(dates.get("since"), dates.get("until")))
        return downloads.claims_csv_download(
            selectors.claims_created_between(dates.get("since"), dates.get("until")), name
        )
