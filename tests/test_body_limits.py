"""Bodies just under and over the limits: the API answers 413 in its error shape saying the limit, a page's form
answers 413 with the limit as the form's error and the saved article as it was (factcheck/limits.py)."""

import json
import logging

import pytest
from django.test import Client

from annotations import services
from annotations.models import Article
from factcheck.limits import api_body_limit
from tests.api.conftest import make_token, token_client

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


@pytest.fixture
def api(editor):
    return token_client(make_token(editor, write=True))


def _article_json(size: int) -> str:
    """A JSON article body of exactly `size` bytes."""
    empty = json.dumps({"title": "T", "body": ""})
    return json.dumps({"title": "T", "body": "x" * (size - len(empty))})


def test_the_api_limit_is_the_lower_of_the_two(settings):
    assert api_body_limit() == settings.API_MAX_BODY_BYTES == 2 * MB
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    assert api_body_limit() == 1000


@pytest.mark.parametrize("size", [int(6.5 * MB), int(2.5 * MB) + 1, 2 * MB + 1])
def test_an_api_body_over_the_limit_is_413_saying_the_limit(api, size, caplog):
    with caplog.at_level(logging.ERROR):
        response = api.generic("POST", "/api/v1/articles/", _article_json(size), content_type="application/json")
    assert response.status_code == 413
    assert response.json() == {"detail": f"The request body is larger than {2 * MB} bytes."}
    assert not [r for r in caplog.records if r.exc_info], "no traceback is logged"
    assert not Article.objects.exists()


def test_an_api_body_just_under_the_limit_is_read(api, settings):
    settings.API_MAX_BODY_BYTES = 100_000  # the serializer's own 1,000,000 characters would refuse 2 MB first
    response = api.generic("POST", "/api/v1/articles/", _article_json(100_000), content_type="application/json")
    assert response.status_code == 201


def test_an_api_body_over_djangos_limit_is_413_for_every_write(api, article):
    big = json.dumps({"text": "x" * int(3 * MB)})
    for method, url in [
        ("PATCH", f"/api/v1/articles/{article.pk}/"),
        ("PUT", "/api/v1/articles/by-external-id/cms-1/"),
        ("POST", f"/api/v1/articles/{article.pk}/claims/"),
    ]:
        response = api.generic(method, url, big, content_type="application/json")
        assert response.status_code == 413 and "bytes" in response.json()["detail"], url


def test_a_large_form_body_sent_to_the_api_is_refused_before_it_is_read(editor, caplog):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    client.get("/articles/new/")  # the CSRF cookie, so that the check goes on to the body
    token = client.cookies["csrftoken"].value
    with caplog.at_level(logging.ERROR):
        response = client.post("/api/v1/articles/", {"title": "x" * int(3 * MB)}, HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 415 and response["Content-Type"] == "application/json"
    assert not [r for r in caplog.records if r.exc_info]


@pytest.fixture
def form_client(editor):
    client = Client(enforce_csrf_checks=True)  # the limit is met before the CSRF check reads the form
    client.force_login(editor)
    return client


def test_a_new_article_over_the_limit_is_a_form_error_naming_the_limit(form_client, caplog):
    with caplog.at_level(logging.ERROR):
        response = form_client.post("/articles/new/", {"title": "Big", "body": "x" * int(6.5 * MB)})
    assert response.status_code == 413
    text = response.content.decode()
    assert "is larger than the limit of 2.5\xa0MB" in text and "6.5\xa0MB" in text
    assert '<form method="post"' in text  # the form, to shorten and send again
    assert not Article.objects.exists()
    assert not [r for r in caplog.records if r.exc_info]


def test_an_edit_over_the_limit_keeps_what_was_saved(form_client, editor):
    article = services.article_create(user=editor, title="Saved title", body="Saved body.")
    response = form_client.post(f"/articles/{article.pk}/edit/", {"title": "New", "body": "y" * int(3 * MB)})
    assert response.status_code == 413
    text = response.content.decode()
    assert "is larger than the limit of" in text and 'value="Saved title"' in text
    article.refresh_from_db()
    assert (article.title, article.body, article.version) == ("Saved title", "Saved body.", 1)


def test_a_form_just_under_the_limit_is_saved(editor, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 200_000
    client = Client()
    client.force_login(editor)
    response = client.post("/articles/new/", {"title": "Fits", "body": "z" * 190_000})
    assert response.status_code == 302
    assert Article.objects.get().body == "z" * 190_000


def test_a_post_only_action_over_the_limit_is_the_413_page(form_client, editor):
    article = services.article_create(user=editor, title="T", body="Body text.")
    claim = services.claim_create(article=article, user=editor, start=0, end=4, quote="Body")
    response = form_client.post(f"/claims/{claim.pk}/delete/", {"filler": "x" * int(3 * MB)})
    assert response.status_code == 413
    assert "is larger than the limit of" in response.content.decode()
    assert article.claims.count() == 1


def _feed(size: int) -> str:
    """A ClaimReview feed of about `size` bytes (its items' padding is in a field the import ignores)."""
    item = {"@type": "ClaimReview", "url": "https://checks.example/{}", "claimReviewed": "The sky is green.",
            "reviewRating": {"alternateName": "False"}, "padding": "p" * 10_000}  # fmt: skip
    n = size // len(json.dumps(item)) + 1
    return json.dumps([{**item, "url": item["url"].format(i)} for i in range(n)])


def test_an_import_over_djangos_limit_but_within_its_own_is_read(admin_user, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100_000
    api = token_client(make_token(admin_user, write=True))
    response = api.generic("POST", "/api/v1/fact-checks/import/", _feed(300_000), content_type="application/json")
    assert response.status_code == 200, response.content[:300]
    assert response.json()["created"] > 25


def test_an_import_over_its_own_limit_is_413_saying_it(admin_user, monkeypatch):
    from archive import api as archive_api

    monkeypatch.setattr(archive_api, "IMPORT_MAX_BYTES", 50_000)
    api = token_client(make_token(admin_user, write=True))
    response = api.generic("POST", "/api/v1/fact-checks/import/", _feed(60_000), content_type="application/json")
    assert response.status_code == 413
    assert response.json() == {"detail": "The request body is larger than 50000 bytes."}


def test_a_page_without_the_form_partial_over_the_limit_is_the_413_page(editor):
    client = Client()
    client.force_login(editor)
    response = client.post("/login/", {"username": "x" * int(3 * MB)})
    assert response.status_code == 413
    assert "is larger than the limit of 2.5\xa0MB" in response.content.decode()
