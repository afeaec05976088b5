"""The archive's API: import in every shape, search, checked-before; errors name the field."""

import json

import pytest

from archive.evaluation import DIRECTORY
from tests.archive import helpers
from tests.archive.test_claimreview import REVIEW, other

pytestmark = pytest.mark.django_db

IMPORT = "/api/v1/fact-checks/import/"


def post(client, body, content_type="application/json"):
    return client.generic(
        "POST", IMPORT, body if isinstance(body, (str, bytes)) else json.dumps(body), content_type=content_type
    )


@pytest.mark.parametrize(
    "body",
    [
        REVIEW,
        [REVIEW, other("https://checks.example/b")],
        {
            "@type": "DataFeed",
            "dataFeedElement": [
                {"@type": "DataFeedItem", "item": [REVIEW]},
                {"item": other("https://checks.example/b")},
            ],
        },
    ],
    ids=["object", "array", "datafeed"],
)
def test_import_accepts_every_json_shape_and_is_idempotent(admin_api, body):
    first = post(admin_api, body, "application/ld+json")
    assert first.status_code == 200, first.content
    n = 1 if isinstance(body, dict) and "dataFeedElement" not in body else 2
    assert first.json() == {"created": n, "updated": 0, "unchanged": 0, "errors": []}
    assert post(admin_api, body).json() == {"created": 0, "updated": 0, "unchanged": n, "errors": []}


def test_import_of_the_evaluation_feed_and_a_csv(admin_api):
    assert post(admin_api, (DIRECTORY / "factchecks.json").read_bytes()).json()["created"] == 70
    csv = "url,claimReviewed,reviewRating.alternateName\nhttps://x.example/1,The sky is green.,False\n,No url,True\n"
    assert post(admin_api, csv, "text/csv").json() == {
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "errors": [{"index": 1, "problem": "url: required (it identifies the fact-check)."}],
    }


@pytest.mark.parametrize("body, field", [("", "body"), ("{broken", "body"), ('"text"', "body")])
def test_import_of_something_else_is_400_naming_the_body(admin_api, body, field):
    response = post(admin_api, body)
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_checked_before_answers_best_first_with_the_documented_fields(admin_api):
    post(admin_api, (DIRECTORY / "factchecks.json").read_bytes())
    response = admin_api.get(
        "/api/v1/checked-before/", {"text": "Eurozone inflation hit 10.6% in October 2022.", "limit": 3}
    )
    assert response.status_code == 200
    results = response.json()["results"]
    assert len(results) == 3 and results[0]["score"] >= results[1]["score"] >= results[2]["score"]
    assert results[0] == {
        "claim_reviewed": "Inflation in the euro area reached 10.6 percent in October 2022.",
        "rating": "True",
        "url": "https://factcheck.example/checks/euro-inflation-october-2022",
        "date_published": "2022-11-18",
        "claim": None,
        "article": None,
        "headline": "",
        "score": results[0]["score"],
        "similarity": None,  # the worker has not embedded the archive yet: matched by its words
        "shared_words": ["Inflation", "euro", "area", "10.6", "percent", "October", "2022"],
        "likely_match": True,
    }


@pytest.mark.parametrize(
    "params, field",
    [
        ({}, "text"),
        ({"text": "x", "limit": "0"}, "limit"),
        ({"text": "x", "limit": "abc"}, "limit"),
        ({"text": "x" * 2001}, "text"),
    ],
)
def test_checked_before_rejects_bad_parameters_by_name(admin_api, params, field):
    response = admin_api.get("/api/v1/checked-before/", params)
    assert response.status_code == 400 and field in response.json()["errors"]


def test_claim_checked_before_gives_our_approved_claims_with_their_workspace_url(api, editor, reviewer):
    first = helpers.article(editor)
    original = helpers.approved(
        first, editor, reviewer, "Leaders of 24 countries", statement="Leaders of 24 countries attend the BRICS summit."
    )
    second = helpers.article(editor, title="Later")
    draft = helpers.claim(second, editor, "Leaders of 24 countries", statement="24 leaders attend the BRICS summit.")
    [result] = api.get(f"/api/v1/claims/{draft.pk}/checked-before/").json()["results"]
    assert (result["claim"], result["article"], result["url"]) == (
        original.pk,
        first.pk,
        f"http://testserver/claims/{original.pk}/",
    )
    assert api.get("/api/v1/claims/999999/checked-before/").status_code == 404


def test_search_api_uses_the_page_filters_and_paginates(api, editor, reviewer):
    article = helpers.article(editor)
    helpers.approved(
        article, editor, reviewer, "Leaders of 24 countries", statement="Leaders of 24 countries attend the summit."
    )
    response = api.get("/api/v1/search/", {"q": "summit", "type": "claims", "state": "approved", "page_size": 1})
    body = response.json()
    assert response.status_code == 200 and body["count"] == 1
    [result] = body["results"]
    assert (result["type"], result["title"], result["verdict"], result["state"]) == (
        "claim",
        "Leaders of 24 countries attend the summit.",
        "True",
        "approved",
    )
    assert "<mark>summit</mark>" in result["snippet"]
    bad = api.get("/api/v1/search/", {"kind": "poem", "date_from": "someday"})
    assert bad.status_code == 400 and set(bad.json()["errors"]) == {"kind", "date_from"}
