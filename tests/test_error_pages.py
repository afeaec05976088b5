"""403, 404 and 500 in the app's layout: what happened and what to do, never a bare status line."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_review_queue_refusal_says_to_ask_for_the_reviewer_role(client, editor):
    client.force_login(editor)
    response = client.get(reverse("review_queue"))
    html = response.content.decode()
    assert response.status_code == 403
    assert "ask an admin for the Reviewer role" in html
    assert 'id="site-nav"' in html and "Go to My work" in html  # the app's layout, and a way on


def test_a_user_without_a_role_is_told_to_ask_for_one(client, nobody):
    client.force_login(nobody)
    html = client.get(reverse("my_work")).content.decode()
    assert "Ask an admin to give you the Editor, Reviewer or Admin role." in html


def test_a_missing_article_is_a_404_page_with_a_way_back(client, editor):
    client.force_login(editor)
    response = client.get(reverse("article_detail", args=[999999]))
    assert response.status_code == 404
    assert "There is nothing at this address" in response.content.decode()


def test_the_500_page_renders_without_a_request_context(rf):
    from django.views import defaults

    response = defaults.server_error(rf.get("/articles/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in html and "Your last action may not have been saved." in html
