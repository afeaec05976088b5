"""My work, the start page: bounded panels with their totals, and the same queries for 1 or 100 rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from annotations import services
from tests import workflow

pytestmark = pytest.mark.django_db


def fill(editor, reviewer, admin_user, n: int) -> None:
    for i in range(n):
        article = workflow.article(admin_user, title=f"Article {i}")
        services.article_assign(article=article, user=admin_user, assignee=editor, reviewer=reviewer)
        sent = workflow.submitted_claim(article, editor, "leaders of 24 countries")
        services.claim_request_changes(claim=sent, user=reviewer, comment=f"Which 24? ({i})")
        workflow.submitted_claim(article, editor, "Ashgatat")


def queries(client, url: str) -> tuple[int, str]:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


@pytest.mark.parametrize("who", ["editor", "reviewer"])
def test_my_work_costs_the_same_with_1_or_100_rows_and_stays_bounded(client, editor, reviewer, admin_user, who):
    user = {"editor": editor, "reviewer": reviewer}[who]
    client.force_login(user)
    fill(editor, reviewer, admin_user, 1)
    few, _ = queries(client, reverse("my_work"))
    fill(editor, reviewer, admin_user, 99)
    many, html = queries(client, reverse("my_work"))
    assert many == few
    if who == "editor":
        assert html.count('href="/claims/') == 10  # the sent-back panel shows 10 of 100
        assert "All 100 assigned to me" in html and "Articles with claims sent back" in html
    else:
        assert "All 100 in the review queue" in html  # 100 claims wait for this reviewer; 10 are listed


def test_my_work_lists_the_reviewers_comment_and_waiting_reviews_assigned_first(client, editor, reviewer, admin_user):
    mine = workflow.article(admin_user, title="Assigned to me")
    services.article_assign(article=mine, user=admin_user, reviewer=reviewer)
    unassigned = workflow.article(admin_user, title="Nobody reviews")
    workflow.submitted_claim(unassigned, editor, "Ashgatat")
    workflow.submitted_claim(mine, editor, "leaders of 24 countries")
    client.force_login(reviewer)
    html = client.get(reverse("my_work")).content.decode()
    assert html.index("Assigned to me") < html.index("Nobody reviews")
    assert "you are the reviewer" in html and "no reviewer assigned" in html
    assert 'id="nav-reviews"' in html and '<span class="count"' in html


def test_totals_stop_at_their_cap_and_say_so(client, editor, reviewer, admin_user, monkeypatch):
    from annotations import selectors

    fill(editor, reviewer, admin_user, 4)
    panels = selectors.my_work(reviewer, limit=2, cap=3)
    assert (panels["reviews"].total, panels["reviews"].capped, len(panels["reviews"].items)) == (3, True, 2)
    assert (
        selectors.my_work(editor, cap=4)["assigned"].total,
        selectors.my_work(editor, cap=4)["assigned"].capped,
    ) == (4, False)
    monkeypatch.setattr(selectors, "MY_WORK_COUNT_CAP", 3)
    monkeypatch.setattr(selectors.review_count_for, "__kwdefaults__", {"cap": 3})
    monkeypatch.setattr(selectors.my_work, "__kwdefaults__", {"limit": 2, "cap": 3})
    client.force_login(reviewer)
    html = client.get(reverse("my_work")).content.decode()
    assert "All 3+ in the review queue" in html  # four wait; the count stopped at three
    assert 'aria-label="more than 3 waiting">3+</span>' in html  # the navigation's count
