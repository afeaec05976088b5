"""Every text field the API and the forms take, at its maximum length and one character more: the maximum is no
error of that field, one more is a 4xx naming it; neither is a 500 (e.g. a limit above the column's)."""

import pytest
from django.test import Client
from rest_framework import serializers

from annotations import services
from annotations.api import serializers as s
from integrations.api import WebhookInputSerializer
from tests.api.conftest import make_token, token_client

pytestmark = pytest.mark.django_db

BODY = "Putin met Pezeshkian in Ashgabat on Friday. " + "a" * 10_000 + " The end."


def _value(field, length: int) -> str:
    """Text of `length` characters that the field would otherwise accept."""
    if isinstance(field, serializers.URLField):
        return "https://example.org/" + "p" * (length - len("https://example.org/"))
    if isinstance(field, serializers.RegexField):  # the language tag
        return (
            "en" + "-abcdefgh" * ((length - 2) // 9) + ("-" + "b" * ((length - 2) % 9 - 1) if (length - 2) % 9 else "")
        )
    return "Q" * length


def _text_fields(serializer_class):
    for name, field in serializer_class().fields.items():
        if isinstance(field, serializers.CharField) and field.max_length and not field.read_only:
            yield name, field


ARTICLE = {"title": "T", "body": "B"}
HOOK = {"url": "https://cms.example/hook", "events": ["claim.approved"]}
# (label, method, address, serializer, a valid body the field is added to)
API_WRITES = [
    ("article create", "post", "/api/v1/articles/", s.ArticleInputSerializer, ARTICLE),
    ("article patch", "patch", "/api/v1/articles/{article}/", s.ArticlePatchSerializer, {}),
    ("article upsert", "put", "/api/v1/articles/by-external-id/cms-9/", s.ArticleUpsertSerializer, ARTICLE),
    ("claim create", "post", "/api/v1/articles/{article}/claims/", s.ClaimCreateSerializer, {"start": 0, "end": 5}),
    ("claim patch", "patch", "/api/v1/claims/{claim}/", s.ClaimPatchSerializer, {}),
    ("source", "patch", "/api/v1/claims/{claim}/", s.SourceInputSerializer, {"url": "https://example.org/a"}),
    ("comment", "post", "/api/v1/claims/{claim}/comments/", s.CommentInputSerializer, {}),
    ("request changes", "post", "/api/v1/claims/{claim}/request-changes/", s.RequestChangesSerializer, {}),
    ("webhook", "post", "/api/v1/webhooks/", WebhookInputSerializer, HOOK),
]  # fmt: skip
API_CASES = [
    pytest.param(method, url, serializer, base, name, field.max_length, id=f"{label}.{name}")
    for label, method, url, serializer, base in API_WRITES
    for name, field in _text_fields(serializer)
]


@pytest.fixture
def rows(editor):
    article = services.article_create(user=editor, title="T", body=BODY)
    claim = services.claim_create(article=article, user=editor, start=0, end=5, quote="Putin")
    return {"article": article.pk, "claim": claim.pk}


@pytest.mark.parametrize("method, url, serializer, base, name, limit", API_CASES)
def test_api_text_fields_take_their_maximum_and_refuse_one_more(
    rows, admin_user, method, url, serializer, base, name, limit
):
    api = token_client(make_token(admin_user, write=True))
    field = serializer().fields[name]
    for length, too_long in ((limit, False), (limit + 1, True)):
        payload = {**base, name: _value(field, length)}
        if serializer is s.SourceInputSerializer:
            payload = {"sources": [payload]}
        if name in {"quote", "prefix", "suffix"}:  # anchor by the quote instead
            payload = {"quote": "a" * 10_000, **{k: v for k, v in payload.items() if k not in {"start", "end"}}}
        if name == "quote" and not too_long:
            payload["quote"] = "a" * limit
        response = getattr(api, method)(url.format(**rows), payload, format="json")
        assert response.status_code < 500, (length, response.content[:300])
        errors = response.json().get("errors", {}) if response.status_code >= 400 else {}
        named = name in errors or "sources" in errors
        if too_long:
            assert response.status_code == 400 and named, (length, response.content[:300])
        else:
            assert not named, (length, response.content[:300])
        if method == "put":  # a second upsert of the same id updates; start each case afresh
            api.delete(f"/api/v1/articles/{response.json().get('id', 0)}/") if response.status_code in (
                200,
                201,
            ) else None


CLAIM = {"start": 0, "end": 5, "quote": "Putin", "kind": "factual"}
# HTML forms: (label, address, valid fields, field, maximum)
HTML_FORMS = [
    ("article", "/articles/new/", {"title": "T", "body": "B"}, "title", 300),
    ("article", "/articles/new/", {"title": "T", "body": "B"}, "publication", 200),
    ("article", "/articles/new/", {"title": "T", "body": "B"}, "url", 2000),
    ("article", "/articles/new/", {"title": "T", "body": "B"}, "language", 16),
    ("article", "/articles/new/", {"title": "T", "body": "B"}, "body", 1_000_000),
    ("claim", "/articles/{article}/claims/new/", CLAIM, "claimant", 200),
    ("claim", "/articles/{article}/claims/new/", CLAIM, "statement", 10_000),
    ("claim", "/articles/{article}/claims/new/", CLAIM, "rationale", 100_000),
    ("claim", "/articles/{article}/claims/new/", CLAIM, "correction", 10_000),
    ("source", "/claims/{claim}/sources/new/", {"url": "https://example.org/a"}, "excerpt", 100_000),
    ("source", "/claims/{claim}/sources/new/", {"url": "https://example.org/a"}, "title", 300),
    ("source", "/claims/{claim}/sources/new/", {"url": "https://example.org/a"}, "publisher", 200),
    ("source", "/claims/{claim}/sources/new/", {}, "url", 2000),
    ("comment", "/claims/{claim}/comments/", {}, "text", 10_000),
    ("saved search", "/search/saved/new/", {"query": "q=x"}, "name", 100),
    ("saved search", "/search/saved/new/", {"name": "n"}, "query", 2000),
    ("token", "/integrations/tokens/", {"user": "ME", "scopes": ["read"]}, "name", 100),
    ("webhook", "/integrations/webhooks/", HOOK, "description", 200),
    ("webhook", "/integrations/webhooks/", HOOK, "url", 2000),
]


def _html_value(field: str, length: int) -> str:
    if field == "url":
        return "https://example.org/" + "p" * (length - len("https://example.org/"))
    if field == "language":
        return ("en-" + "abcdefgh-" * 2)[:length].rstrip("-").ljust(length, "c")
    if field == "query":
        return "q=" + "w" * (length - 2)
    return "Q" * length


@pytest.mark.parametrize(
    "url, base, field, limit", [pytest.param(*row[1:], id=f"{row[0]}.{row[3]}") for row in HTML_FORMS]
)
def test_html_form_fields_take_their_maximum_and_refuse_one_more(rows, editor, admin_user, url, base, field, limit):
    user = admin_user if url.startswith("/integrations/") else editor
    client = Client()
    client.force_login(user)
    base = {k: user.pk if v == "ME" else v for k, v in base.items()}
    for length, too_long in ((limit, False), (limit + 1, True)):
        response = client.post(url.format(**rows), {**base, field: _html_value(field, length)}, HTTP_HX_REQUEST="true")
        assert response.status_code < 500, length
        text = response.content.decode()
        shown = f'has-error" data-field="{field}"' in text or f'field-error" data-field="{field}"' in text
        shown = shown or f"Ensure this value has at most {limit:,}".replace(",", "") in text.replace(",", "")
        if too_long:
            assert 400 <= response.status_code < 500 and shown, (length, response.status_code, text[:500])
        else:
            assert response.status_code in (200, 201, 302), (length, response.status_code, text[:1500])
