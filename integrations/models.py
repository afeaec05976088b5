"""API tokens, the CMS's ids for articles, and webhook endpoints with every delivery attempt."""

import hashlib

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def hash_token(raw: str) -> str:
    # Tokens are 256 random bits: a fast hash is enough, and lets the lookup use an index.
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def usable(self):
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))


class Scope(models.TextChoices):
    """What a token may do, on top of what its user's role allows."""

    READ = "read", "read: everything the user may see"
    WRITE = "write", "write: articles, claims, sources, comments, submitting"
    REVIEW = "review", "review: approve, request changes, reopen, sign off"
    ADMIN = "admin", "admin: webhooks"


# Users that exist only to own API tokens (a CMS, a script): no password, never a person.
INTEGRATION_GROUP = "API integration"


def default_scopes() -> list[str]:
    return [Scope.READ]


class ApiToken(models.Model):
    """A token for an integration. It acts as its user, limited further to its scopes."""

    PREFIX = "fct_"
    DEFAULT_LIFETIME_DAYS = 365

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="What uses the token, e.g. “CMS sync”.")
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    hint = models.CharField(max_length=12, editable=False, help_text="The first characters, to recognise the token.")
    scopes = ArrayField(models.CharField(max_length=10, choices=Scope), default=default_scopes)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self):
        return f"{self.name} ({self.hint}…)"

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    def allows(self, scope: str) -> bool:
        return scope in self.scopes


class Event(models.TextChoices):
    CLAIM_APPROVED = "claim.approved", _("A claim was approved")
    CLAIM_CHANGES_REQUESTED = "claim.changes_requested", _("Changes were requested on a claim")
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


class ThrottleWindow(models.Model):
    """The API requests one caller (token, user or address) made in the last throttle period, shared by every
    web process. Written by factcheck.api.throttling in one atomic call per lease (one or more requests)."""

    key = models.CharField(max_length=200, primary_key=True)
    hits = ArrayField(models.FloatField(), default=list, help_text="Unix times of the requests let through.")

    class Meta:
        verbose_name = "API throttle window"

    def __str__(self):
        return self.key
