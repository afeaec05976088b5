"""Where each verdict went: every place a copy of a claim was sent, with the claim's version it got.

A copy is out of date when its version is older than what readers see now (annotations.models.PublishedClaim's
version): after a correction, the claim lists those destinations until each has the new version."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from annotations.models import Claim
from factcheck.api.models import ApiToken
from integrations.models import Webhook


class Channel(models.TextChoices):
    WEBHOOK = "webhook", _("Webhook")
    TOKEN = "token", _("API integration")
    FEED = "feed", _("Public ClaimReview feed")
    EMBED = "embed", _("Reader embed")
    MANUAL = "manual", _("Posted by hand")


class Destination(models.Model):
    """One place a claim went: a webhook endpoint, an API token, the public feed or embed (counted, not per
    reader), or a post an editor made by hand (a social post's address). `version` is the newest version of the
    claim it is known to have; `sent_count` how many copies went there."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=10, choices=Channel)
    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    url = models.URLField(max_length=2000, blank=True, help_text="Where a post made by hand is.")
    label = models.CharField(max_length=200, blank=True)
    version = models.PositiveIntegerField()
    sent_count = models.PositiveBigIntegerField(default=1)
    first_sent_at = models.DateTimeField()
    last_sent_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["claim", "-last_sent_at", "-id"]
        indexes = [models.Index(fields=["claim", "version"], name="destination_claim_version")]
        constraints = [
            models.UniqueConstraint(fields=["claim", "webhook"], name="destination_webhook_once"),
            models.UniqueConstraint(fields=["claim", "token"], name="destination_token_once"),
            models.UniqueConstraint(
                fields=["claim", "channel"],
                condition=Q(channel__in=["feed", "embed"]),
                name="destination_public_once",
            ),
            models.CheckConstraint(
                condition=Q(channel="webhook", webhook__isnull=False)
                | Q(channel="token", token__isnull=False)
                | Q(channel__in=["feed", "embed"])
                | Q(channel="manual", url__gt=""),
                name="destination_has_its_target",
            ),
        ]

    def __str__(self):
        return f"{self.get_channel_display()} v{self.version}"
