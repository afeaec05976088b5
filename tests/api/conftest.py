from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from annotations import services
from factcheck.api.models import ApiToken, Scope
from integrations import services as integration_services


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # The users these tests make never log in with a password worth protecting; PBKDF2 would dominate the run.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def make_token(user, *, write=False, scopes=None, expired=False, revoked=False) -> str:
    """A read-only token, or with `write` one with every scope (the user's role still limits it)."""
    scopes = scopes or (Scope.values if write else [Scope.READ])
    token, raw = integration_services.api_token_create(actor=None, user=user, name="test", scopes=scopes)
    if expired:
        ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    if revoked:
        ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    return raw


def token_client(raw: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    return client


@pytest.fixture
def api(editor):
    """A writable token of the editor."""
    return token_client(make_token(editor, write=True))


@pytest.fixture
def reviewer_api(reviewer):
    return token_client(make_token(reviewer, write=True))


@pytest.fixture
def admin_api(admin_user):
    return token_client(make_token(admin_user, write=True))


def add_claim(article, user, quote, occurrence=0, **fields):
    start = -1
    for _ in range(occurrence + 1):
        start = article.body.index(quote, start + 1)
    return services.claim_create(article=article, user=user, start=start, end=start + len(quote), quote=quote, **fields)
