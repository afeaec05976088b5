"""REST API of the archive, under /api/v1/. Thin: validate, call a selector or service, serialize.

POST fact-checks/import/          ClaimReview JSON-LD (object, array, DataFeed) or CSV; admin, or a writable token
GET  search/?q=...                claims and articles, with the search page's filters, paginated
GET  checked-before/?text=...     past fact-checks and approved claims like this text, best first
GET  claims/{id}/checked-before/  the same for one of our claims
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiTypes, extend_schema
from rest_framework import serializers
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from annotations import permissions
from annotations.models import Claim
from archive import claimreview, selectors, services
from archive.forms import SearchForm
from factcheck.api.models import ApiToken, Scope
from factcheck.api.pagination import Pagination
from factcheck.api.parsers import ERR_TOO_LARGE, PayloadTooLarge
from factcheck.api.permissions import ERR_SCOPE
from factcheck.api.views import PAGE_PARAMETERS, ApiView, paginated

ERR_IMPORT_ROLE = _("Importing fact-checks needs an admin, or an API token that may write.")
MAX_LIMIT = 20
IMPORT_MAX_BYTES = getattr(settings, "ARCHIVE_IMPORT_MAX_BYTES", 20 * 1024 * 1024)


class SearchPagination(Pagination):
    django_paginator_class = selectors.CappedPaginator


class ImportAccess(BasePermission):
    """An admin (session or token), or any newsroom member's writable token (a CMS importing its archive)."""

    message = ERR_IMPORT_ROLE

    def has_permission(self, request, view):
        if not permissions.can_edit(request.user):
            return False
        if isinstance(request.auth, ApiToken):
            if not request.auth.allows(Scope.WRITE):
                self.message = ERR_SCOPE % {"scope": Scope.WRITE}
                return False
            return True
        return permissions.can_admin(request.user)


class ImportErrorSerializer(serializers.Serializer):
    index = serializers.IntegerField(help_text="Position of the item in the array, feed or CSV (from 0).")
    problem = serializers.CharField()


class ImportResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    errors = ImportErrorSerializer(many=True)


class MatchSerializer(serializers.Serializer):
    claim_reviewed = serializers.CharField(help_text="The archived statement.")
    rating = serializers.CharField(help_text="Its verdict label.")
    url = serializers.CharField(help_text="The fact-check's URL: the imported url, or our claim's workspace URL.")
    date_published = serializers.DateField(allow_null=True)
    claim = serializers.IntegerField(allow_null=True, help_text="Our claim's id; null for an imported fact-check.")
    article = serializers.IntegerField(allow_null=True)
    headline = serializers.CharField(help_text="The fact-check's headline (ClaimReview name); empty for our claims.")
    score = serializers.FloatField(help_text="0..1: meaning and shared words together")
    similarity = serializers.FloatField(
        allow_null=True, help_text="Cosine similarity of the sentence embeddings; null until the entry is embedded."
    )
    shared_words = serializers.ListField(
        child=serializers.CharField(), help_text="The statement's words the text shares."
    )
    likely_match = serializers.BooleanField(help_text="The score passes the tuned threshold (see docs/archive.md).")


class MatchListSerializer(serializers.Serializer):
    results = MatchSerializer(many=True)


class SearchResultSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["claim", "article"])
    claim = serializers.IntegerField(allow_null=True)
    article = serializers.IntegerField()
    title = serializers.CharField(help_text="The claim's statement, or the article's title.")
    snippet = serializers.CharField(help_text="HTML: escaped text with the matching words in <mark>.")
    kind = serializers.CharField(allow_null=True)
    verdict = serializers.CharField(allow_null=True)
    state = serializers.CharField(allow_null=True)
    article_status = serializers.CharField()
    publication = serializers.CharField()
    published_at = serializers.DateField(allow_null=True)
    language = serializers.CharField()
    url = serializers.CharField(help_text="Where it opens in the workspace.")


def _match(request, m) -> dict:
    url = request.build_absolute_uri(m.url) if m.url.startswith("/") else m.url
    return {
        "claim_reviewed": m.claim_reviewed,
        "rating": m.rating,
        "url": url,
        "date_published": m.date_published,
        "claim": m.claim,
        "article": m.article,
        "headline": m.headline,
        "score": m.score,
        "similarity": m.similarity,
        "shared_words": list(m.shared_words),
        "likely_match": m.likely_match,
    }


def _limit(request) -> int:
    raw = request.query_params.get("limit", "5")
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_LIMIT:
        raise ValidationError({"limit": _("A whole number from 1 to %(max)s.") % {"max": MAX_LIMIT}})
    return int(raw)


@extend_schema(tags=["archive"])
class FactCheckImportView(ApiView):
    permission_classes = [ImportAccess]
    parser_classes = []  # the body is read raw: JSON-LD or CSV

    @extend_schema(
        request={
            "application/ld+json": OpenApiTypes.OBJECT,
            "application/json": OpenApiTypes.OBJECT,
            "text/csv": OpenApiTypes.STR,
        },
        responses=ImportResultSerializer,
        description="Import schema.org ClaimReview: one object, an array, or a DataFeed whose dataFeedElement items "
        "hold ClaimReviews; or CSV with the same names as columns (reviewRating.alternateName...). "
        "Idempotent by url. A bad item is listed in errors; the others import.",
    )
    def post(self, request):
        declared = request.META.get("CONTENT_LENGTH") or ""
        too_large = PayloadTooLarge(ERR_TOO_LARGE % {"limit": IMPORT_MAX_BYTES})
        if declared.isdigit() and int(declared) > IMPORT_MAX_BYTES:
            raise too_large
        # Not request.body: Django stops reading at DATA_UPLOAD_MAX_MEMORY_SIZE, well below this import's own limit.
        data = request._request.read(IMPORT_MAX_BYTES + 1)
        if len(data) > IMPORT_MAX_BYTES:
            raise too_large
        if not data.strip():
            raise ValidationError({"body": [_("Send ClaimReview JSON-LD or CSV in the request body.")]})
        try:
            result = services.fact_checks_import(data=data, content_type=request.content_type or "", user=request.user)
        except (ValueError, UnicodeDecodeError) as error:
            message = error.text(gettext) if isinstance(error, claimreview.InputError) else str(error)
            raise ValidationError({"body": [message]}) from None
        return Response(result.as_dict())


@extend_schema(tags=["archive"])
class SearchView(ApiView):
    @extend_schema(
        parameters=[
            OpenApiParameter(name, str)
            for name in (
                "q",
                "type",
                "kind",
                "verdict",
                "state",
                "status",
                "editor",
                "reviewer",
                "publication",
                "language",
                "sort",
            )
        ]
        + [
            OpenApiParameter("date_from", OpenApiTypes.DATE),
            OpenApiParameter("date_to", OpenApiTypes.DATE),
            *PAGE_PARAMETERS,
        ],
        responses=paginated(SearchResultSerializer, "SearchResultPage"),
        description="The search page's search: the same parameters, results in the same order.",
    )
    def get(self, request):
        form = SearchForm(request.query_params)
        if not form.is_valid():
            raise ValidationError(
                {name: [e["message"] for e in errors] for name, errors in form.errors.get_json_data().items()}
            )
        paginator = SearchPagination()
        page = paginator.paginate_queryset(selectors.search(form.cleaned_data), request, view=self)
        snippets = selectors.snippets(page, form.cleaned_data["q"])
        return paginator.get_paginated_response([self.result(request, doc, snippets[doc.pk]) for doc in page])

    @staticmethod
    def result(request, doc, snippet) -> dict:
        claim, article = doc.claim, doc.article
        return {
            "type": "claim" if claim else "article",
            "claim": claim.pk if claim else None,
            "article": article.pk,
            "title": claim.statement if claim else article.title,
            "snippet": str(snippet),
            "kind": claim.kind if claim else None,
            "verdict": claim.verdict.label if claim and claim.verdict else None,
            "state": claim.status if claim else None,
            "article_status": article.status,
            "publication": article.publication,
            "published_at": article.published_at,
            "language": article.language,
            "url": request.build_absolute_uri(
                reverse("claim_detail", args=[claim.pk]) if claim else reverse("article_detail", args=[article.pk])
            ),
        }


@extend_schema(tags=["archive"])
class CheckedBeforeView(ApiView):
    @extend_schema(
        parameters=[
            OpenApiParameter("text", str, required=True),
            OpenApiParameter("limit", int, description="1-20, default 5"),
            OpenApiParameter("language", str, description="BCP-47 code; detected when absent"),
        ],
        responses=MatchListSerializer,
    )
    def get(self, request):
        text = request.query_params.get("text", "").strip()
        if not text:
            raise ValidationError({"text": [_("Give the text to look for.")]})
        if len(text) > 2000:
            raise ValidationError({"text": [_("At most %(max)s characters.") % {"max": 2000}]})
        language = request.query_params.get("language", "")[:35]
        if "\x00" in text or "\x00" in language:  # PostgreSQL text cannot hold NUL: a 400, not a 500
            raise ValidationError(
                {"text" if "\x00" in text else "language": [_("Control character NUL is not allowed.")]}
            )
        matches = selectors.matches_for_text(text, language=language, limit=_limit(request))
        return Response({"results": [_match(request, m) for m in matches]})


@extend_schema(tags=["archive"])
class ClaimCheckedBeforeView(ApiView):
    @extend_schema(
        parameters=[OpenApiParameter("limit", int, description="1-20, default 5")], responses=MatchListSerializer
    )
    def get(self, request, pk: int):
        claim = get_object_or_404(Claim.objects.select_related("article"), pk=pk)
        matches = selectors.matches_for_claim(claim, limit=_limit(request))
        return Response({"results": [_match(request, m) for m in matches]})


urlpatterns = [
    path("fact-checks/import/", FactCheckImportView.as_view(), name="fact_check_import"),
    path("search/", SearchView.as_view(), name="search"),
    path("checked-before/", CheckedBeforeView.as_view(), name="checked_before"),
    path("claims/<int:pk>/checked-before/", ClaimCheckedBeforeView.as_view(), name="claim_checked_before"),
]
