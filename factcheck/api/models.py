"""API tokens and the throttle's windows: the API's own tables, beneath every app that serves an API.

They lived in the integrations app until issue 24; `factcheck/api/migrations/` took the tables over and renamed
them (`api_apitoken`, `api_throttlewindow`), keeping every row. The pages and commands that make and revoke tokens
stay in integrations, which imports this module.
"""

import hashlib

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone


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


class ThrottleWindow(models.Model):
    """The API requests one caller (token, user or address) made in the last throttle period, shared by every
    web process. Written by factcheck.api.throttling in one atomic call per lease (one or more requests).
    Unlogged, its column stored uncompressed, and written by the `factcheck_throttle_take` function: see
    migrations/0002_own_tables.py."""

    key = models.CharField(max_length=200, primary_key=True)
    hits = ArrayField(models.FloatField(), default=list, help_text="Unix times of the requests let through.")

    class Meta:
        verbose_name = "API throttle window"

    def __str__(self):
        return self.key
