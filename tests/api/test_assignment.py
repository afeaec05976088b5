"""Assignment through the API: PATCH assignee/reviewer by username, ?assignee= and ?reviewer= with `me`."""

import pytest
from rest_framework.test import APIClient

from notifications.models import Notification, Verb
from tests import workflow

pytestmark = pytest.mark.django_db


def session(user):
    client = APIClient()
    client.force_login(user)
    return client


def test_a_reviewer_assigns_by_username_and_every_representation_shows_it(editor, reviewer, admin_user):
    article = workflow.article(admin_user)
    response = session(admin_user).patch(
        f"/api/v1/articles/{article.pk}/", {"assignee": "editor", "reviewer": "reviewer"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert (response.json()["assignee"], response.json()["reviewer"]) == ("editor", "reviewer")
    listed = session(editor).get("/api/v1/articles/").json()["results"][0]
    assert (listed["assignee"], listed["reviewer"]) == ("editor", "reviewer")
    assert Notification.objects.filter(recipient=editor, verb=Verb.ASSIGNED_EDITOR).exists()
    cleared = session(reviewer).patch(f"/api/v1/articles/{article.pk}/", {"assignee": None}, format="json").json()
    assert (cleared["assignee"], cleared["reviewer"]) == (None, "reviewer")


def test_filters_by_assignee_and_reviewer_with_me(editor, reviewer, admin_user):
    mine = workflow.article(admin_user, title="Mine")
    workflow.article(admin_user, title="Other")
    session(admin_user).patch(
        f"/api/v1/articles/{mine.pk}/", {"assignee": "editor", "reviewer": "reviewer"}, format="json"
    )
    assert [a["title"] for a in session(editor).get("/api/v1/articles/?assignee=me").json()["results"]] == ["Mine"]
    assert [a["title"] for a in session(editor).get("/api/v1/articles/?reviewer=reviewer").json()["results"]] == [
        "Mine"
    ]
    assert session(reviewer).get("/api/v1/articles/?assignee=me").json()["results"] == []


def test_editors_cannot_assign_and_unknown_or_unqualified_people_are_named(editor, reviewer, admin_user, nobody):
    article = workflow.article(editor)
    refused = session(editor).patch(f"/api/v1/articles/{article.pk}/", {"assignee": "editor"}, format="json")
    assert refused.status_code == 403
    unknown = session(admin_user).patch(f"/api/v1/articles/{article.pk}/", {"assignee": "ghost"}, format="json")
    assert unknown.status_code == 400 and "assignee" in unknown.json()["errors"]
    wrong_role = session(admin_user).patch(f"/api/v1/articles/{article.pk}/", {"reviewer": "editor"}, format="json")
    assert wrong_role.status_code == 400 and "reviewer" in wrong_role.json()["errors"]
    not_a_name = session(admin_user).patch(f"/api/v1/articles/{article.pk}/", {"assignee": 7}, format="json")
    assert not_a_name.status_code == 400 and "assignee" in not_a_name.json()["errors"]
