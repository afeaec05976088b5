"""Contract of the claim endpoints: anchoring by quote or offsets, nested sources, ETags, workflow, comments."""

import pytest

from annotations.models import Claim, Rating, Source
from tests.api.conftest import add_claim
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

CLAIM_FIELDS = {
    "id", "article", "quote", "prefix", "suffix", "start", "end", "anchor_state", "claim", "kind", "claimant",
    "verdict", "verdict_label", "rationale", "correction", "sources", "status", "created_by", "updated_by",
    "reviewed_by", "submitted_at", "reviewed_at", "version", "created", "updated",
}  # fmt: skip
SOURCE = {
    "url": "https://en.wikipedia.org/wiki/Ashgabat",
    "title": "Ashgabat",
    "publisher": "Wikipedia",
    "accessed_at": "2024-10-12",
}
BODY = "The summit starts in Kazan. The summit ends in Kazan on Thursday."
FIRST, SECOND = BODY.index("in Kazan"), BODY.rindex("in Kazan")


@pytest.fixture
def repeated(editor):
    return ArticleFactory(created_by=editor, body=BODY)


def claims_url(article):
    return f"/api/v1/articles/{article.pk}/claims/"


def test_create_by_quote_alone_finds_it_and_stores_the_selector(api, article):
    response = api.post(
        claims_url(article),
        {"quote": "Ashgatat", "kind": "name", "verdict": "incorrect", "correction": "Ashgabat"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert set(data) == CLAIM_FIELDS
    start = article.body.index("Ashgatat")
    assert (data["start"], data["end"], data["quote"]) == (start, start + 8, "Ashgatat")
    assert data["prefix"] == article.body[start - 32 : start]
    assert data["verdict"] == "incorrect" and data["verdict_label"] == "Incorrect"
    assert data["created_by"] == "editor" and data["status"] == "draft" and data["anchor_state"] == "exact"


def test_ambiguous_quote_is_refused_listing_every_candidate(api, repeated):
    response = api.post(claims_url(repeated), {"quote": "in Kazan"}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert "quote" in body["errors"]
    assert [(c["start"], c["end"]) for c in body["candidates"]] == [(FIRST, FIRST + 8), (SECOND, SECOND + 8)]
    assert not Claim.objects.exists()


@pytest.mark.parametrize("context", [{"prefix": "ends "}, {"suffix": " on Thursday"}, {"prefix": "The summit ends "}])
def test_prefix_or_suffix_chooses_among_occurrences(api, repeated, context):
    response = api.post(claims_url(repeated), {"quote": "in Kazan", **context}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["start"] == SECOND


def test_start_and_end_alone_or_with_a_matching_quote(api, repeated):
    assert api.post(claims_url(repeated), {"start": 4, "end": 10}, format="json").json()["quote"] == "summit"
    mismatch = api.post(claims_url(repeated), {"start": 4, "end": 10, "quote": "Kazan"}, format="json")
    assert mismatch.status_code == 400 and "quote" in mismatch.json()["errors"]


@pytest.mark.parametrize(
    "anchor, field",
    [
        ({"start": 5}, "end"),
        ({"start": 10, "end": 5}, "end"),
        ({"start": 0, "end": 10**6}, "end"),
        ({"start": 0, "end": 10**30}, "end"),
        ({"start": -1, "end": 3}, "start"),
        ({"start": "x", "end": 3}, "start"),
        ({"quote": "not in the text"}, "quote"),
        ({}, "quote"),
    ],
)
def test_bad_anchors_are_400_naming_the_field(api, repeated, anchor, field):
    response = api.post(claims_url(repeated), anchor, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_sources_are_written_with_the_claim_and_replaced_by_patch(api, article):
    created = api.post(
        claims_url(article), {"quote": "Ashgatat", "sources": [SOURCE, {"url": "https://b.example/"}]}, format="json"
    )
    assert created.status_code == 201, created.json()
    claim = created.json()
    first, second = claim["sources"]
    assert first["title"] == "Ashgabat" and first["accessed_at"] == "2024-10-12"
    patched = api.patch(
        f"/api/v1/claims/{claim['id']}/",
        {
            "sources": [
                {"id": first["id"], "url": SOURCE["url"], "title": "Ashgabat (city)"},
                {"url": "https://c.example/"},
            ]
        },
        format="json",
        HTTP_IF_MATCH=created["ETag"],
    )
    assert patched.status_code == 200, patched.json()
    sources = patched.json()["sources"]
    assert [s["title"] for s in sources] == ["Ashgabat (city)", ""]
    assert [s["url"] for s in sources][1] == "https://c.example/"
    assert not Source.objects.filter(pk=second["id"]).exists()


def test_invalid_nested_source_names_its_position_and_field(api, article):
    response = api.post(claims_url(article), {"quote": "Ashgatat", "sources": [SOURCE, {"url": "nope"}]}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["sources"]["1"]["url"]  # by position in the list
    assert not Claim.objects.exists()


def test_source_of_another_claim_cannot_be_updated(api, article, editor):
    other = add_claim(article, editor, "Ashgabat")
    theirs = Source.objects.create(claim=other, url="https://x.example/", created_by=editor)
    mine = add_claim(article, editor, "Ashgatat")
    response = api.patch(
        f"/api/v1/claims/{mine.pk}/", {"sources": [{"id": theirs.pk, "url": "https://y.example/"}]}, format="json"
    )
    assert response.status_code == 400 and response.json()["errors"]["sources"]["0"]["id"]


def test_patch_claim_fields_and_if_match(api, article, editor):
    claim = add_claim(article, editor, "Ashgatat")
    etag = api.get(f"/api/v1/claims/{claim.pk}/")["ETag"]
    ok = api.patch(
        f"/api/v1/claims/{claim.pk}/", {"rationale": "Misspelt.", "kind": "name"}, format="json", HTTP_IF_MATCH=etag
    )
    assert ok.status_code == 200 and ok.json()["rationale"] == "Misspelt."
    assert (
        api.patch(f"/api/v1/claims/{claim.pk}/", {"rationale": "x"}, format="json", HTTP_IF_MATCH=etag).status_code
        == 412
    )
    assert api.patch(f"/api/v1/claims/{claim.pk}/", {"rationale": "x", "version": 1}, format="json").status_code == 409
    verdict = api.patch(f"/api/v1/claims/{claim.pk}/", {"kind": "factual", "verdict": "incorrect"}, format="json")
    assert verdict.status_code == 400 and "verdict" in verdict.json()["errors"]
    anchor = api.patch(f"/api/v1/claims/{claim.pk}/", {"start": 0}, format="json")
    assert anchor.status_code == 400 and "start" in anchor.json()["errors"]


def test_delete_claim_with_if_match(api, article, editor):
    claim = add_claim(article, editor, "Ashgatat")
    assert api.delete(f"/api/v1/claims/{claim.pk}/", HTTP_IF_MATCH='"old"').status_code == 412
    assert api.delete(f"/api/v1/claims/{claim.pk}/").status_code == 204
    assert api.get(f"/api/v1/claims/{claim.pk}/").status_code == 404


def test_claim_list_of_an_article(api, article, editor):
    add_claim(article, editor, "Ashgabat")
    add_claim(article, editor, "leaders of 24 countries")
    response = api.get(claims_url(article))
    assert response.status_code == 200
    assert [c["quote"] for c in response.json()["results"]] == ["leaders of 24 countries", "Ashgabat"]
    assert api.get("/api/v1/articles/999999/claims/").status_code == 404


# The review workflow, through the same services as the UI


def ready_claim(article, user):
    claim = add_claim(
        article, user, "leaders of 24 countries", kind="number", verdict=Rating.objects.get(slug="mostly-true")
    )
    Source.objects.create(claim=claim, url="https://en.wikipedia.org/wiki/2024_BRICS_summit", created_by=user)
    return claim


def test_submit_approve_and_reopen(api, reviewer_api, article, editor):
    claim = ready_claim(article, editor)
    submitted = api.post(f"/api/v1/claims/{claim.pk}/submit/", {}, format="json")
    assert submitted.status_code == 200, submitted.json()
    assert submitted.json()["status"] == "submitted"
    approved = reviewer_api.post(
        f"/api/v1/claims/{claim.pk}/approve/", {}, format="json", HTTP_IF_MATCH=submitted["ETag"]
    )
    assert approved.status_code == 200, approved.json()
    assert approved.json()["status"] == "approved" and approved.json()["reviewed_by"] == "reviewer"
    locked = api.patch(f"/api/v1/claims/{claim.pk}/", {"rationale": "late edit"}, format="json")
    assert locked.status_code == 400
    no_reason = reviewer_api.post(f"/api/v1/claims/{claim.pk}/reopen/", {}, format="json")
    assert no_reason.status_code == 400 and "reason" in no_reason.json()["errors"]
    reopened = reviewer_api.post(f"/api/v1/claims/{claim.pk}/reopen/", {"reason": "New figures"}, format="json")
    assert reopened.status_code == 200 and reopened.json()["status"] == "draft"


def test_submit_without_verdict_names_the_missing_fields(api, article, editor):
    claim = add_claim(article, editor, "leaders of 24 countries")
    response = api.post(f"/api/v1/claims/{claim.pk}/submit/", {}, format="json")
    assert response.status_code == 400
    assert {"verdict", "sources"} <= set(response.json()["errors"])


def test_editor_cannot_approve_and_reviewer_cannot_approve_own_claim(api, reviewer_api, reviewer, article):
    claim = ready_claim(article, reviewer)
    reviewer_api.post(f"/api/v1/claims/{claim.pk}/submit/", {}, format="json")
    assert api.post(f"/api/v1/claims/{claim.pk}/approve/", {}, format="json").status_code == 403
    own = reviewer_api.post(f"/api/v1/claims/{claim.pk}/approve/", {}, format="json")
    assert own.status_code == 403 and "someone else" in own.json()["detail"]


def test_request_changes_needs_a_comment_and_adds_it(api, reviewer_api, article, editor):
    claim = ready_claim(article, editor)
    api.post(f"/api/v1/claims/{claim.pk}/submit/", {}, format="json")
    assert reviewer_api.post(f"/api/v1/claims/{claim.pk}/request-changes/", {}, format="json").status_code == 400
    response = reviewer_api.post(
        f"/api/v1/claims/{claim.pk}/request-changes/", {"comment": "Cite the Kremlin."}, format="json"
    )
    assert response.status_code == 200 and response.json()["status"] == "changes_requested"
    comments = api.get(f"/api/v1/claims/{claim.pk}/comments/").json()["results"]
    assert [(c["author"], c["kind"], c["text"]) for c in comments] == [
        ("reviewer", "changes_requested", "Cite the Kremlin.")
    ]


def test_comments_can_be_added(api, article, editor):
    claim = add_claim(article, editor, "Ashgatat")
    created = api.post(f"/api/v1/claims/{claim.pk}/comments/", {"text": "Checking with the desk."}, format="json")
    assert created.status_code == 201 and created.json()["author"] == "editor"
    assert api.post(f"/api/v1/claims/{claim.pk}/comments/", {"text": " "}, format="json").status_code == 400


def test_stale_workflow_action_is_412_with_if_match_and_409_with_version(api, article, editor):
    claim = ready_claim(article, editor)
    assert api.post(f"/api/v1/claims/{claim.pk}/submit/", {}, format="json", HTTP_IF_MATCH='"x"').status_code == 412
    assert api.post(f"/api/v1/claims/{claim.pk}/submit/", {"version": 99}, format="json").status_code == 409


def test_sign_off_after_every_claim_is_approved(api, reviewer_api, article, editor):
    claim = ready_claim(article, editor)
    api.post(f"/api/v1/claims/{claim.pk}/submit/", {}, format="json")
    assert reviewer_api.post(f"/api/v1/articles/{article.pk}/sign-off/", {}, format="json").status_code == 400
    reviewer_api.post(f"/api/v1/claims/{claim.pk}/approve/", {}, format="json")
    signed = reviewer_api.post(f"/api/v1/articles/{article.pk}/sign-off/", {}, format="json")
    assert (
        signed.status_code == 200
        and signed.json()["status"] == "checked"
        and signed.json()["signed_off_by"] == "reviewer"
    )
