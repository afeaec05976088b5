"""Contract of /api/v1/articles/: fields, filters, upsert by external id, ETags, If-Match and versions."""

import pytest

from annotations.models import Article
from tests.api.conftest import add_claim
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

ARTICLE_FIELDS = {
    "id", "external_id", "title", "url", "publication", "published_at", "language", "body", "status", "claims",
    "assignee", "reviewer", "signed_off_by", "signed_off_at", "version", "created", "updated",
}  # fmt: skip
BODY = "Leaders of 24 countries met.\n\nThey met in Kazan."


def test_article_detail_has_every_documented_field_and_claim_counts(api, article, editor):
    add_claim(article, editor, "leaders of 24 countries")
    response = api.get(f"/api/v1/articles/{article.pk}/")
    assert response.status_code == 200
    data = response.json()
    assert set(data) == ARTICLE_FIELDS
    assert data["claims"] == {"total": 1, "draft": 1, "submitted": 0, "changes_requested": 0, "approved": 0}
    assert data["status"] == "in_progress"
    assert response["ETag"].startswith('"')


def test_create_article_with_external_id_returns_201_location_and_etag(api):
    response = api.post(
        "/api/v1/articles/",
        {
            "external_id": "cms-42",
            "title": " Summit ",
            "url": "https://news.example/s",
            "published_at": "2024-10-11",
            "body": BODY,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["external_id"] == "cms-42" and data["title"] == "Summit" and data["version"] == 1
    assert response["Location"] == f"/api/v1/articles/{data['id']}/"
    assert response["ETag"]


def test_create_article_errors_name_each_field(api):
    response = api.post(
        "/api/v1/articles/", {"title": "", "url": "not a url", "published_at": "yesterday"}, format="json"
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert {"title", "url", "published_at", "body"} <= set(errors)
    assert all(isinstance(messages, list) and messages for messages in errors.values())


def test_duplicate_external_id_is_refused_naming_the_field(api):
    api.post("/api/v1/articles/", {"external_id": "dup", "title": "A", "body": BODY}, format="json")
    response = api.post("/api/v1/articles/", {"external_id": "dup", "title": "B", "body": BODY}, format="json")
    assert response.status_code == 400
    assert "external_id" in response.json()["errors"]
    assert Article.objects.filter(title="B").count() == 0  # the article is not left behind without its id


def test_list_filters_by_status_external_id_updated_since_and_title(api, editor):
    a = ArticleFactory(created_by=editor, title="Putin meets Pezeshkian")
    ArticleFactory(created_by=editor, title="Weather")
    add_claim(a, editor, "leaders of 24 countries")
    api.patch(f"/api/v1/articles/{a.pk}/", {"external_id": "ext-a"}, format="json")

    def titles(query):
        response = api.get(f"/api/v1/articles/?{query}")
        assert response.status_code == 200, response.json()
        return [row["title"] for row in response.json()["results"]]

    assert titles("status=in_progress") == ["Putin meets Pezeshkian"]
    assert titles("external_id=ext-a") == ["Putin meets Pezeshkian"]
    assert titles("search=pezeshkian putin") == ["Putin meets Pezeshkian"]
    assert titles("updated_since=2999-01-01T00:00:00Z") == []
    assert sorted(titles("updated_since=2000-01-01T00:00:00Z")) == ["Putin meets Pezeshkian", "Weather"]
    bad = api.get("/api/v1/articles/?status=nonsense&updated_since=soon")
    assert bad.status_code == 400 and {"status", "updated_since"} <= set(bad.json()["errors"])


def test_list_is_paginated(api, editor):
    for _ in range(3):
        ArticleFactory(created_by=editor)
    first = api.get("/api/v1/articles/?page_size=2").json()
    assert first["count"] == 3 and len(first["results"]) == 2 and first["next"]
    assert api.get("/api/v1/articles/?page=99").status_code == 404


def test_patch_with_stale_if_match_is_412_and_current_etag_succeeds(api, article):
    etag = api.get(f"/api/v1/articles/{article.pk}/")["ETag"]
    changed = api.patch(f"/api/v1/articles/{article.pk}/", {"title": "New title"}, format="json", HTTP_IF_MATCH=etag)
    assert changed.status_code == 200 and changed.json()["title"] == "New title"
    assert changed["ETag"] != etag
    stale = api.patch(f"/api/v1/articles/{article.pk}/", {"title": "Lost update"}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert Article.objects.get(pk=article.pk).title == "New title"


def test_patch_with_stale_version_is_409(api, article):
    response = api.patch(f"/api/v1/articles/{article.pk}/", {"title": "x", "version": 99}, format="json")
    assert response.status_code == 409
    assert response.json()["current_version"] == 1


def test_get_with_if_none_match_is_304(api, article):
    etag = api.get(f"/api/v1/articles/{article.pk}/")["ETag"]
    assert api.get(f"/api/v1/articles/{article.pk}/", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_body_of_an_article_with_claims_cannot_change_through_patch(api, article, editor):
    add_claim(article, editor, "Ashgatat")
    response = api.patch(f"/api/v1/articles/{article.pk}/", {"body": "Completely different."}, format="json")
    assert response.status_code in (200, 400)
    if response.status_code == 400:  # before re-anchoring (issue 5) lands, the text is locked
        assert "body" in response.json()["errors"]


def test_delete_honours_if_match(api, article):
    assert api.delete(f"/api/v1/articles/{article.pk}/", HTTP_IF_MATCH='"stale"').status_code == 412
    etag = api.get(f"/api/v1/articles/{article.pk}/")["ETag"]
    assert api.delete(f"/api/v1/articles/{article.pk}/", HTTP_IF_MATCH=etag).status_code == 204
    assert api.get(f"/api/v1/articles/{article.pk}/").status_code == 404


def test_put_by_external_id_creates_then_is_idempotent(api):
    payload = {"title": "Summit", "body": BODY, "publication": "Tehran Times", "published_at": "2024-10-11"}
    created = api.put("/api/v1/articles/by-external-id/cms-7/", payload, format="json")
    assert created.status_code == 201, created.json()
    again = api.put("/api/v1/articles/by-external-id/cms-7/", payload, format="json")
    assert again.status_code == 200
    assert again.json()["version"] == created.json()["version"] == 1
    assert again["ETag"] == created["ETag"]
    changed = api.put("/api/v1/articles/by-external-id/cms-7/", payload | {"title": "Summit in Kazan"}, format="json")
    assert changed.json()["version"] == 2 and changed.json()["id"] == created.json()["id"]
    assert api.get("/api/v1/articles/by-external-id/cms-7/").json()["title"] == "Summit in Kazan"
    assert Article.objects.count() == 1


def test_put_by_external_id_honours_if_match(api):
    payload = {"title": "Summit", "body": BODY}
    assert (
        api.put("/api/v1/articles/by-external-id/new/", payload, format="json", HTTP_IF_MATCH='"x"').status_code == 412
    )
    etag = api.put("/api/v1/articles/by-external-id/new/", payload, format="json")["ETag"]
    stale = api.put(
        "/api/v1/articles/by-external-id/new/", payload | {"title": "B"}, format="json", HTTP_IF_MATCH='"old"'
    )
    assert stale.status_code == 412
    fresh = api.put("/api/v1/articles/by-external-id/new/", payload | {"title": "B"}, format="json", HTTP_IF_MATCH=etag)
    assert fresh.status_code == 200 and fresh.json()["title"] == "B"


def test_unknown_article_is_404_json(api):
    response = api.get("/api/v1/articles/999999/")
    assert response.status_code == 404 and response.json()["detail"]
    assert api.get("/api/v1/articles/by-external-id/none/").status_code == 404


def test_the_api_walks_past_its_count_cap(api, editor):
    from annotations.models import Article
    from factcheck.api import pagination
    from tests.factories import ArticleFactory

    ArticleFactory.create_batch(5, created_by=editor)
    original = pagination.ApiPaginator.cap
    pagination.ApiPaginator.cap = 2
    try:
        first = api.get("/api/v1/articles/?page_size=2").json()
        assert first["count"] == 2 and first["count_capped"] is True
        seen, url = [], "/api/v1/articles/?page_size=2"
        while url:
            page = api.get(url).json()
            seen += [a["id"] for a in page["results"]]
            url = page["next"]
        assert sorted(seen) == sorted(Article.objects.values_list("pk", flat=True))
    finally:
        pagination.ApiPaginator.cap = original
