"""/api/v1/webhooks/: admins' tokens (or sessions) register endpoints and see and resend deliveries."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from factcheck.api.pagination import Pagination
from factcheck.api.permissions import AdminAccess
from factcheck.api.views import PAGE_PARAMETERS, ApiView, paginated, respond, validated
from integrations import selectors, services
from integrations.models import Event, Webhook, WebhookAttempt, WebhookDelivery


class WebhookSerializer(serializers.ModelSerializer):
    class Meta:
        model = Webhook
        fields = ["id", "url", "events", "description", "active", "disabled_reason", "created", "updated"]
        read_only_fields = fields


class WebhookCreatedSerializer(WebhookSerializer):
    secret = serializers.CharField(help_text="The signing secret (Standard Webhooks, `whsec_…`). Shown only now.")

    class Meta(WebhookSerializer.Meta):
        fields = [*WebhookSerializer.Meta.fields, "secret"]
        read_only_fields = fields


class WebhookInputSerializer(serializers.Serializer):
    url = serializers.URLField(max_length=2000)
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=Event.choices), min_length=1, max_length=len(Event.values)
    )
    description = serializers.CharField(max_length=200, required=False, allow_blank=True)


class WebhookPatchSerializer(WebhookInputSerializer):
    active = serializers.BooleanField(required=False)


class AttemptSerializer(serializers.ModelSerializer):
    class Meta:
        model = WebhookAttempt
        fields = ["started_at", "duration_ms", "response_status", "error", "will_retry"]
        read_only_fields = fields


class DeliverySerializer(serializers.ModelSerializer):
    attempts = AttemptSerializer(many=True)

    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "webhook",
            "event",
            "msg_id",
            "status",
            "attempt_count",
            "payload",
            "attempts",
            "created",
            "updated",
        ]
        read_only_fields = fields


@extend_schema(tags=["webhooks"])
class WebhookListView(ApiView):
    permission_classes = [AdminAccess]

    @extend_schema(
        operation_id="v1_webhooks_list",
        responses=paginated(WebhookSerializer, "PaginatedWebhookList"),
        parameters=PAGE_PARAMETERS,
    )
    def get(self, request):
        paginator = Pagination()
        page = paginator.paginate_queryset(Webhook.objects.order_by("-created", "-id"), request, view=self)
        return paginator.get_paginated_response(WebhookSerializer(page, many=True).data)

    @extend_schema(request=WebhookInputSerializer, responses={201: WebhookCreatedSerializer})
    def post(self, request):
        data = validated(WebhookInputSerializer, request.data)
        hook, _ = services.webhook_create(actor=request.user, **data)  # hook.secret is shown this once
        return Response(WebhookCreatedSerializer(hook).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["webhooks"])
class WebhookDetailView(ApiView):
    permission_classes = [AdminAccess]

    @extend_schema(responses=WebhookSerializer)
    def get(self, request, pk: int):
        return respond(request, WebhookSerializer(get_object_or_404(Webhook, pk=pk)).data)

    @extend_schema(request=WebhookPatchSerializer, responses=WebhookSerializer)
    def patch(self, request, pk: int):
        hook = get_object_or_404(Webhook, pk=pk)
        data = validated(WebhookPatchSerializer, request.data, partial=True)
        return respond(
            request, WebhookSerializer(services.webhook_update(actor=request.user, webhook=hook, changes=data)).data
        )

    @extend_schema(responses={204: None})
    def delete(self, request, pk: int):
        services.webhook_delete(actor=request.user, webhook=get_object_or_404(Webhook, pk=pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["webhooks"])
class DeliveryListView(ApiView):
    permission_classes = [AdminAccess]

    @extend_schema(responses=paginated(DeliverySerializer, "PaginatedDeliveryList"), parameters=PAGE_PARAMETERS)
    def get(self, request, pk: int):
        get_object_or_404(Webhook.objects.only("pk"), pk=pk)
        paginator = Pagination()
        page = paginator.paginate_queryset(selectors.deliveries(pk), request, view=self)
        return paginator.get_paginated_response(DeliverySerializer(page, many=True).data)


@extend_schema(tags=["webhooks"])
class DeliveryResendView(ApiView):
    permission_classes = [AdminAccess]

    @extend_schema(request=None, responses={202: DeliverySerializer})
    def post(self, request, pk: int):
        delivery = services.webhook_delivery_resend(
            actor=request.user, delivery=get_object_or_404(WebhookDelivery, pk=pk)
        )
        return Response(
            DeliverySerializer(selectors.deliveries(delivery.webhook_id).get(pk=delivery.pk)).data, status=202
        )
