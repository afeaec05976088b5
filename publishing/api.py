"""/api/v1/claims/{id}/destinations/: where the claim's verdict went, and which copies are out of date."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers

from annotations.models import Claim
from factcheck.api.pagination import Pagination
from factcheck.api.views import PAGE_PARAMETERS, ApiView, paginated
from publishing import selectors
from publishing.models import Channel


class DestinationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    channel = serializers.ChoiceField(
        choices=Channel.choices, help_text="webhook, token (an API integration), feed, embed, or manual (by hand)."
    )
    label = serializers.SerializerMethodField(help_text="The endpoint, the token's name, or the post's label.")
    url = serializers.CharField(help_text="The post's address (manual destinations); empty otherwise.")
    version = serializers.IntegerField(help_text="The claim's version this destination has.")
    stale = serializers.BooleanField(help_text="True while it has an older version than readers see now.")
    sent_count = serializers.IntegerField(help_text="Copies sent there (for the feed and the embed: answers served).")
    first_sent_at = serializers.DateTimeField()
    last_sent_at = serializers.DateTimeField(help_text="When it last received or fetched the claim.")

    def get_label(self, destination) -> str:
        return selectors.label_of(destination)


@extend_schema(tags=["claims"])
class ClaimDestinationListView(ApiView):
    @extend_schema(
        operation_id="v1_claims_destinations_list",
        parameters=PAGE_PARAMETERS,
        responses=paginated(DestinationSerializer, "PaginatedDestinationList"),
        description="Every place a copy of the claim went (webhook endpoints, API tokens, the public feed and "
        "embed, posts made by hand), those with an older version than readers see now first (`stale`).",
    )
    def get(self, request, pk: int):
        get_object_or_404(Claim.objects.only("pk"), pk=pk)
        paginator = Pagination()
        page = paginator.paginate_queryset(selectors.destinations_of(pk).rows, request, view=self)
        return paginator.get_paginated_response(DestinationSerializer(page, many=True).data)
