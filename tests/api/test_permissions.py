"""Who may call what: anonymous, roles, and token kinds (scopes, expired, revoked); sessions need CSRF."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from tests import workflow
from tests.api.conftest import make_token, token_client

pytestmark = pytest.mark.django_db

BODY = {"title": "T", "body": "Some text."}


def read(client, article):
    return client.get(f"/api/v1/articles/{article.pk}/").status_code


def write(client, article):
    return client.post("/api/v1/articles/", BODY, format="json").status_code


def webhooks_read(client, article):
    return client.get("/api/v1/webhooks/").status_code


def webhooks_write(client, article):
    return client.post(
        "/api/v1/webhooks/", {"url": "https://hooks.example/", "events": ["claim.approved"]}, format="json"
    ).status_code


def export(client, article):
    return client.get(f"/api/v1/articles/{article.pk}/claimreview/").status_code


def archive_import(client, article):
    body = {
        "@type": "ClaimReview",
        "url": "https://checks.example/1",
        "claimReviewed": "A claim.",
        "reviewRating": {"alternateName": "False"},
    }
    return client.post("/api/v1/fact-checks/import/", body, format="json").status_code


def archive_search(client, article):
    return client.get("/api/v1/search/", {"q": "leaders"}).status_code


def archive_checked_before(client, article):
    return client.get("/api/v1/checked-before/", {"text": "leaders of 24 countries"}).status_code


def archive_claim_checked_before(client, article):
    claim = article.claims.first() or workflow.claim(article, article.created_by, "leaders of 24 countries")
    return client.get(f"/api/v1/claims/{claim.pk}/checked-before/").status_code


def notifications_read(client, article):
    return client.get("/api/v1/notifications/").status_code


def notifications_mark_read(client, article):
    return client.post("/api/v1/notifications/read/", {}, format="json").status_code


CASES = [
    read,
    write,
    export,
    webhooks_read,
    webhooks_write,
    archive_import,
    archive_search,
    archive_checked_before,
    archive_claim_checked_before,
    notifications_read,
    notifications_mark_read,
]


def actor(kind, request):
    if kind == "anonymous":
        return APIClient()
    if kind == "no role (session)":
        client = APIClient()
        client.force_login(request.getfixturevalue("nobody"))
        return client
    role, token_kind = kind.split(" ", 1)
    user = request.getfixturevalue({"editor": "editor", "reviewer": "reviewer", "admin": "admin_user"}[role])
    if token_kind == "session":
        client = APIClient()
        client.force_login(user)
        return client
    scopes = {
        "read-only token": ["read"],
        "write-scope token": ["read", "write"],
        "admin-scope token": ["read", "admin"],
    }
    return token_client(
        make_token(
            user,
            scopes=scopes.get(token_kind, ["read", "write", "review", "admin"]),
            expired=token_kind == "expired token",
            revoked=token_kind == "revoked token",
        )
    )


# expected status for: read, write, export, webhooks_read, webhooks_write,
#   archive import (an admin, or any writable token), archive search, checked-before, a claim's checked-before,
#   one's notifications, marking them read (a write)
MATRIX = {
    "anonymous": (401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401),
    "no role (session)": (403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403),
    "editor read-only token": (200, 403, 200, 403, 403, 403, 200, 200, 200, 200, 403),
    "editor writable token": (
        200,
        201,
        200,
        403,
        403,
        200,
        200,
        200,
        200,
        200,
        200,
    ),  # every scope: the role still decides
    "editor expired token": (401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401),
    "editor revoked token": (401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401),
    "editor session": (200, 201, 200, 403, 403, 403, 200, 200, 200, 200, 200),
    "reviewer writable token": (200, 201, 200, 403, 403, 200, 200, 200, 200, 200, 200),
    "admin read-only token": (200, 403, 200, 403, 403, 403, 200, 200, 200, 200, 403),
    "admin write-scope token": (200, 201, 200, 403, 403, 200, 200, 200, 200, 200, 200),
    "admin admin-scope token": (200, 403, 200, 200, 201, 403, 200, 200, 200, 200, 403),
    "admin writable token": (200, 201, 200, 200, 201, 200, 200, 200, 200, 200, 200),
}


@pytest.mark.parametrize("kind", MATRIX)
def test_permission_matrix(kind, request, article):
    client = actor(kind, request)
    got = tuple(case(client, article) for case in CASES)
    assert got == MATRIX[kind]


def test_401_is_json_with_www_authenticate_not_a_login_redirect(client, article):
    response = client.get(f"/api/v1/articles/{article.pk}/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")
    assert response.json()["detail"]


def test_malformed_authorization_header_is_401(article):
    for header in ["Token", "Token a b", "Token \u00e9\u00e9", "Bearer nope"]:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=header)
        assert client.get("/api/v1/articles/").status_code == 401, header


def test_session_writes_need_the_csrf_token(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    refused = client.post("/api/v1/articles/", BODY, content_type="application/json")
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
    client.get("/api/docs/")  # any page sets the CSRF cookie
    page = client.get("/")
    token = page.cookies.get("csrftoken") or client.cookies.get("csrftoken")
    assert token is not None
    accepted = client.post("/api/v1/articles/", BODY, content_type="application/json", HTTP_X_CSRFTOKEN=token.value)
    assert accepted.status_code == 201


def test_token_requests_need_no_csrf(editor):
    client = APIClient(enforce_csrf_checks=True)
    client.credentials(HTTP_AUTHORIZATION=f"Token {make_token(editor, write=True)}")
    assert client.post("/api/v1/articles/", BODY, format="json").status_code == 201
