"""GET /api/v1/notifications/ and POST /api/v1/notifications/read/ as a CMS or script sees them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from notifications import selectors, services
from notifications.models import Verb
from tests import workflow
from tests.api.conftest import make_token, token_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim(editor):
    return workflow.claim(workflow.article(editor), editor)


def sent_back(claim, reviewer, editor, text="Which 24?"):
    return services.notify(
        recipient_ids=[editor.pk],
        verb=Verb.CHANGES_REQUESTED,
        actor_id=reviewer.pk,
        article_id=claim.article_id,
        claim_id=claim.pk,
        text=text,
    )


def session(user):
    client = APIClient()
    client.force_login(user)
    return client


def test_the_list_has_the_documented_fields_unread_first(editor, reviewer, claim):
    (first,) = sent_back(claim, reviewer, editor, text="first")
    (second,) = sent_back(claim, reviewer, editor, text="second")
    services.notification_mark_read(user=editor, notification_ids=[second.pk])
    body = session(editor).get("/api/v1/notifications/").json()
    assert body["count"] == 2
    item = body["results"][0]
    assert item["id"] == first.pk and item["read"] is False
    assert {k: item[k] for k in ("verb", "actor", "article", "claim", "comment", "text")} == {
        "verb": "changes_requested",
        "actor": "reviewer",
        "article": claim.article_id,
        "claim": claim.pk,
        "comment": None,
        "text": "first",
    }
    assert item["created"] and item["sentence"].startswith("reviewer sent back your claim")
    assert body["results"][1]["read"] is True


def test_only_the_callers_own_notifications(editor, reviewer, claim):
    sent_back(claim, reviewer, editor)
    assert session(reviewer).get("/api/v1/notifications/").json()["count"] == 0


def test_mark_some_then_all_read(editor, reviewer, claim):
    (first,) = sent_back(claim, reviewer, editor)
    sent_back(claim, reviewer, editor)
    client = session(editor)
    assert client.post("/api/v1/notifications/read/", {"ids": [first.pk]}, format="json").json() == {
        "marked": 1,
        "unread": 1,
    }
    assert client.post("/api/v1/notifications/read/", {}, format="json").json() == {"marked": 1, "unread": 0}


def test_bad_ids_are_a_400_naming_the_field(editor):
    response = session(editor).post("/api/v1/notifications/read/", {"ids": ["x"]}, format="json")
    assert response.status_code == 400
    assert "ids" in response.json()["errors"]


def test_a_read_only_token_reads_but_cannot_mark_read(editor, reviewer, claim):
    sent_back(claim, reviewer, editor)
    client = token_client(make_token(editor))
    assert client.get("/api/v1/notifications/").status_code == 200
    assert client.post("/api/v1/notifications/read/", {}, format="json").status_code == 403
    assert selectors.unread_count(editor) == 1
    writable = token_client(make_token(editor, write=True))
    assert writable.post("/api/v1/notifications/read/", {}, format="json").status_code == 200


@pytest.mark.parametrize("who", ["anonymous", "nobody"])
def test_outsiders_are_refused(who, request):
    client = APIClient() if who == "anonymous" else session(request.getfixturevalue("nobody"))
    expected = 401 if who == "anonymous" else 403
    assert client.get("/api/v1/notifications/").status_code == expected
    assert client.post("/api/v1/notifications/read/", {}, format="json").status_code == expected


def test_the_list_takes_the_same_number_of_queries_for_1_and_100_rows(editor, reviewer, claim):
    client = session(editor)
    sent_back(claim, reviewer, editor)
    with CaptureQueriesContext(connection) as one:
        assert client.get("/api/v1/notifications/?page_size=200").json()["count"] == 1
    for _ in range(99):
        sent_back(claim, reviewer, editor)
    with CaptureQueriesContext(connection) as many:
        assert len(client.get("/api/v1/notifications/?page_size=200").json()["results"]) == 100
    assert len(many) == len(one)
