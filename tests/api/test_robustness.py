"""No request, however malformed, gets a 500: NUL characters, lone surrogates, huge or deep bodies, odd offsets."""

import json

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def post_raw(api, url, raw: bytes, content_type="application/json"):
    return api.generic("POST", url, raw, content_type=content_type)


@pytest.mark.parametrize("field", ["title", "body", "publication", "external_id"])
def test_nul_characters_are_400_naming_the_field(api, field):
    payload = {"title": "T", "body": "B"} | {field: "a\x00b"}
    response = api.post("/api/v1/articles/", payload, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]


@pytest.mark.parametrize("field", ["title", "body"])
def test_lone_surrogates_are_400_naming_the_field(api, field):
    raw = json.dumps({"title": "T", "body": "B"} | {field: "x\ud800y"}).encode()  # \ud800 escaped: valid JSON text
    response = post_raw(api, "/api/v1/articles/", raw)
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_surrogate_in_a_key_or_nested_value_is_400(api, article):
    assert post_raw(api, "/api/v1/articles/", b'{"\\udfff": 1, "title": "T", "body": "B"}').status_code == 400
    raw = b'{"quote": "Ashgatat", "sources": [{"url": "https://a.example/", "title": "\\ud83d"}]}'
    response = post_raw(api, f"/api/v1/articles/{article.pk}/claims/", raw)
    assert response.status_code == 400 and "sources" in response.json()["errors"]


def test_huge_body_is_413(api, settings):
    settings.API_MAX_BODY_BYTES = 10_000
    response = api.post("/api/v1/articles/", {"title": "T", "body": "x" * 20_000}, format="json")
    assert response.status_code == 413
    assert response.json()["detail"]


def test_deeply_nested_json_is_400(api):
    for depth in (50, 100_000):
        raw = ("[" * depth + "]" * depth).encode()
        response = post_raw(api, "/api/v1/articles/", raw)
        assert response.status_code == 400, depth


@pytest.mark.parametrize(
    "raw",
    [
        b"{",
        b"not json",
        b"\xff\xfe",
        b'{"title": NaN, "body": "x"}',
        b"[]",
        b'"text"',
        b"null",
        b"1" * 5000,
        b'{"title": 1e999, "body": 2}',
    ],
)
def test_malformed_json_is_400(api, raw):
    response = post_raw(api, "/api/v1/articles/", raw)
    assert response.status_code == 400


def test_wrong_content_type_is_415(api):
    assert (
        post_raw(api, "/api/v1/articles/", b"title=x", content_type="application/x-www-form-urlencoded").status_code
        == 415
    )


@pytest.mark.parametrize(
    "query",
    [
        "page=99999999999999999999999",
        "page=-1",
        "page_size=999999999",
        "updated_since=99999-01-01",
        "search=%00",
        "external_id=%00",
        "status=%ED%A0%80",
    ],
)
def test_odd_query_parameters_are_not_500(api, query):
    assert api.get(f"/api/v1/articles/?{query}").status_code in (200, 400, 404)


@pytest.mark.parametrize("path", ["a%00b", "%ED%A0%80", "x" * 5000])
def test_odd_external_ids_are_not_500(api, path):
    assert api.get(f"/api/v1/articles/by-external-id/{path}/").status_code in (400, 404)
    assert api.put(
        f"/api/v1/articles/by-external-id/{path}/", {"title": "t", "body": "b"}, format="json"
    ).status_code in (201, 400)


@pytest.mark.parametrize(
    "start, end", [(2**31, 2**31 + 1), (2**63, 2**64), (-(2**63), 5), (1.5, 3), (True, 3), (None, None)]
)
def test_absurd_offsets_are_400(api, article, start, end):
    response = api.post(f"/api/v1/articles/{article.pk}/claims/", {"start": start, "end": end}, format="json")
    assert response.status_code == 400


def test_huge_ids_in_urls_are_404(api):
    assert api.get(f"/api/v1/claims/{10**30}/").status_code == 404
    assert api.get(f"/api/v1/articles/{2**63}/").status_code == 404


def test_unknown_api_addresses_are_json_404_for_every_method(api):
    for method in ("get", "post", "patch", "delete"):
        response = getattr(api, method)("/api/v1/articles/not-a-number/")
        assert response.status_code == 404 and response.json() == {"detail": "Not found."}, method
    assert api.get("/api/v2/").status_code == 404


def test_errors_django_raises_before_the_api_view_are_json_too(editor, settings):
    # A form body over Django's own limit, read while the CSRF check looks for a token in it.
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    response = client.post("/api/v1/articles/", {"title": "x" * 500})
    assert response.status_code in (400, 403) and response["Content-Type"] == "application/json"


def test_django_error_handlers_answer_json_under_api_and_html_elsewhere(rf):
    from django.core.exceptions import SuspiciousOperation

    from factcheck.api import errors

    assert errors.bad_request(rf.get("/api/v1/articles/"), SuspiciousOperation()).status_code == 400
    assert errors.bad_request(rf.get("/api/v1/articles/"), SuspiciousOperation())["Content-Type"] == "application/json"
    assert errors.bad_request(rf.get("/articles/"), SuspiciousOperation())["Content-Type"].startswith("text/html")
