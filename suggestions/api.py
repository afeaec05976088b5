"""REST API for suggestions, under /api/v1/. Thin: find the object, call a service, serialize.

GET  articles/{id}/suggestions/     open suggestions (paginated like every list), with the analysis state; each
                                    one's `reason` is a sentence in the request's language, beside its code and params
POST suggestions/{id}/accept/       201, the draft claim it became
POST suggestions/{id}/dismiss/      200, the dismissed suggestion

Authentication, roles and the error shape are the project's API defaults (settings.REST_FRAMEWORK).
"""

from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from annotations.api import representations
from annotations.api.serializers import ClaimSerializer
from annotations.models import Article
from factcheck.api.pagination import Pagination
from factcheck.api.views import PAGE_PARAMETERS, ApiView
from suggestions import selectors, services
from suggestions.models import CLAIM_KIND, Suggestion


class SuggestionSerializer(serializers.ModelSerializer):
    claim_kind = serializers.SerializerMethodField(help_text="The kind of claim accepting it creates.")
    reason = serializers.SerializerMethodField(
        help_text="Why it is worth checking, as a sentence in the request's language (Accept-Language; English by "
        "default)."
    )
    reason_code = serializers.CharField(
        help_text="The reason as a stable code, e.g. `number.money`, `name.did_you_mean`."
    )
    reason_params = serializers.JSONField(
        help_text="What the reason's sentence names (a spelling, a speaker, a count); `details` holds the rules "
        "behind a `name.did_you_mean`."
    )

    class Meta:
        model = Suggestion
        fields = [
            "id",
            "article",
            "start",
            "end",
            "quote",
            "kind",
            "claim_kind",
            "reason",
            "reason_code",
            "reason_params",
            "score",
            "correction",
            "claimant",
            "status",
        ]
        read_only_fields = fields

    def get_claim_kind(self, obj) -> str:
        return CLAIM_KIND[obj.kind]

    def get_reason(self, obj) -> str:
        return obj.reason_text()


class SuggestionPageSerializer(serializers.Serializer):
    analysis = serializers.ChoiceField(
        choices=["none", "pending", "done", "failed"], help_text="Poll until it is not pending."
    )
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = SuggestionSerializer(many=True)


@extend_schema(tags=["suggestions"])
class ArticleSuggestionListView(ApiView):
    @extend_schema(
        responses=SuggestionPageSerializer,
        parameters=PAGE_PARAMETERS,
    )
    def get(self, request, pk: int):
        get_object_or_404(Article.objects.only("pk"), pk=pk)
        state = selectors.analysis_get(pk)
        paginator = Pagination()
        page = paginator.paginate_queryset(selectors.suggestions_open(pk), request, view=self)
        response = paginator.get_paginated_response(SuggestionSerializer(page, many=True).data)
        response.data = {"analysis": state.state if state else "none", **response.data}
        return response


@extend_schema(tags=["suggestions"])
class SuggestionAcceptView(ApiView):
    @extend_schema(
        request=None, responses={201: ClaimSerializer}, description="Turn the suggestion into a draft claim."
    )
    def post(self, request, pk: int):
        claim = services.suggestion_accept(suggestion=get_object_or_404(Suggestion, pk=pk), user=request.user)
        location = reverse("api:claim_detail", args=[claim.pk])
        return Response(representations.claim(claim.pk), status=201, headers={"Location": location})


@extend_schema(tags=["suggestions"])
class SuggestionDismissView(ApiView):
    @extend_schema(
        request=None,
        responses=SuggestionSerializer,
        description="Not proposed again while the text there is unchanged.",
    )
    def post(self, request, pk: int):
        suggestion = services.suggestion_dismiss(suggestion=get_object_or_404(Suggestion, pk=pk), user=request.user)
        return Response(SuggestionSerializer(suggestion).data)


urlpatterns = [
    path("articles/<int:pk>/suggestions/", ArticleSuggestionListView.as_view(), name="article_suggestions"),
    path("suggestions/<int:pk>/accept/", SuggestionAcceptView.as_view(), name="suggestion_accept"),
    path("suggestions/<int:pk>/dismiss/", SuggestionDismissView.as_view(), name="suggestion_dismiss"),
]
