from django.db.models import Prefetch, QuerySet

from factcheck.api.models import ApiToken
from integrations.models import Webhook, WebhookAttempt, WebhookDelivery


def tokens() -> QuerySet[ApiToken]:
    return ApiToken.objects.select_related("user", "created_by").order_by("-created", "-id")


def webhooks() -> QuerySet[Webhook]:
    return Webhook.objects.select_related("created_by").order_by("-created", "-id")


def deliveries(webhook_id: int) -> QuerySet[WebhookDelivery]:
    return (
        WebhookDelivery.objects.filter(webhook_id=webhook_id)
        .prefetch_related(Prefetch("attempts", queryset=WebhookAttempt.objects.order_by("started_at", "id")))
        .order_by("-created", "-id")
    )
