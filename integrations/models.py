"""Webhook endpoints with every delivery attempt, and the group of users that exist to own API tokens.

The tokens themselves belong to the API's plumbing (factcheck.api.models); this app makes and revokes them.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# Users that exist only to own API tokens (a CMS, a script): no password, never a person.
INTEGRATION_GROUP = "API integration"


class Event(models.TextChoices):
    CLAIM_APPROVED = "claim.approved", _("A claim was approved")
    CLAIM_CHANGES_REQUESTED = "claim.changes_requested", _("Changes were requested on a claim")
    CLAIM_CORRECTED = "claim.corrected", _("A published claim was corrected")
    ARTICLE_CHECKED = "article.checked", _("An article was signed off as checked")
    ARTICLE_UPDATED = "article.updated", _("An article was changed")


class Webhook(models.Model):
    url = models.URLField(max_length=2000)
    events = models.JSONField(default=list, help_text="The events (a list of names) sent to this endpoint.")
    # Needed in the clear to sign each message; shown once, when the endpoint is registered.
    secret = models.CharField(max_length=100, editable=False)
    description = models.CharField(max_length=200, blank=True)
    active = models.BooleanField(default=True)
    disabled_reason = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self):
        return self.url


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    RETRYING = "retrying", _("Retrying")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")


class WebhookDelivery(models.Model):
    """One message to one endpoint; its `msg_id` stays the same across retries and resends."""

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=40, choices=Event)
    msg_id = models.CharField(max_length=40, unique=True)
    payload = models.JSONField()
    status = models.CharField(max_length=10, choices=DeliveryStatus, default=DeliveryStatus.PENDING)
    attempt_count = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["webhook", "-created"])]

    def __str__(self):
        return f"{self.event} → {self.webhook}"


class WebhookAttempt(models.Model):
    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="attempts")
    started_at = models.DateTimeField()
    duration_ms = models.PositiveIntegerField()
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    will_retry = models.BooleanField(default=False)

    class Meta:
        ordering = ["started_at", "id"]

    def __str__(self):
        return f"{self.response_status or self.error}"
