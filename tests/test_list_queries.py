"""Every list page and API list: the same number of queries with 1 row as with 100, and at most one page shown.

Rows come from the archive generator (every status, state and kind, several editors and reviewers), so the
lists are filled the way a newsroom fills them.
"""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from annotations.demo.archive import EDITORS, REVIEWERS
from annotations.models import Article, Claim, ClaimStatus, Revision
from factcheck.api.models import ApiToken
from integrations.models import Webhook, WebhookDelivery
from tests import workflow

pytestmark = pytest.mark.django_db


def archive(articles: int) -> None:
    call_command(
        "generate_archive",
        "--articles",
        str(articles),
        "--claims-per-article",
        "3",
        "--seed",
        "5",
        "--no-progress",
        stdout=StringIO(),
        stderr=StringIO(),
    )


def count(client, url: str) -> tuple[int, str]:
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured), response.content.decode()


def logged_in(client, username: str):
    client.force_login(get_user_model().objects.get(username=username))
    return client


def pages(editor_id: int, status: str) -> list[str]:
    # Filters the first article matches, so that "1 row" is one row on every page.
    return [
        reverse("article_list"),
        f"{reverse('article_list')}?status={status}",
        f"{reverse('article_list')}?editor={editor_id}&date_from=2000-01-01&sort=title",
        f"{reverse('article_list')}?sort=-updated",
        "/api/v1/articles/",
        f"/api/v1/articles/?status={status}",
    ]


def test_article_lists_start_page_and_api_list_cost_the_same_with_1_or_100_articles(client):
    archive(1)
    first = Article.objects.get()
    logged_in(client, EDITORS[0])
    urls = pages(first.created_by_id, first.status)
    few = [count(client, url)[0] for url in urls]
    archive(99)
    assert Article.objects.count() == 100
    many = [count(client, url)[0] for url in urls]
    assert few == many


def test_the_review_queue_costs_the_same_with_1_or_100_submitted_claims(client):
    archive(1)
    logged_in(client, REVIEWERS[0])
    few, _ = count(client, reverse("review_queue"))
    archive(99)
    assert Claim.objects.filter(status=ClaimStatus.SUBMITTED).count() > 50
    many, html = count(client, reverse("review_queue"))
    assert few == many
    assert html.count('class="review-row') == 50 and 'rel="next"' in html


def test_the_article_list_shows_one_page_with_links_to_the_others(client):
    archive(120)
    _, html = count(logged_in(client, EDITORS[0]), reverse("article_list"))
    assert html.count("<tr>") - 1 == 50  # the header row and 50 articles
    assert "120 articles" in html and 'href="?page=3"' in html


def test_the_editor_filter_counts_each_claim_once(client, editor, editor2):
    article = workflow.article(editor, title="Four claims")
    for quote in ("leaders of 24 countries", "Ashgatat", "October 22", "The summit"):
        workflow.claim(article, editor2, quote)
    client.force_login(editor)
    _, html = count(client, f"{reverse('article_list')}?editor={editor2.pk}")
    table = html[html.index('<table class="articles">') :]
    row = re.search(r"Four claims.*?</tr>", table, flags=re.S).group(0)
    assert '<td class="num">4</td>' in row and "4 draft" in row


def test_revisions_page_costs_the_same_with_1_or_100_revisions_and_loads_two_texts(client, editor):
    article = workflow.article(editor)
    client.force_login(editor)
    url = reverse("revision_list", args=[article.pk])
    few, _ = count(client, url)
    Revision.objects.bulk_create(
        Revision(article=article, number=n, body=article.body + f" Edit {n}.", created_by=editor) for n in range(2, 101)
    )
    with CaptureQueriesContext(connection) as captured:
        html = client.get(url).content.decode()
    bodies = [q["sql"] for q in captured.captured_queries if '"annotations_revision"."body"' in q["sql"]]
    assert len(bodies) == 1 and "LIMIT" not in bodies[0]  # only the two compared revisions' texts
    many, html = count(client, url)
    assert few + 1 == many  # the second revision to compare with, found by number
    assert "<del>" in html and "Edit 99" in html and "100 revisions" in html


def test_history_page_costs_the_same_however_many_changes(client, editor):
    article = workflow.article(editor)
    client.force_login(editor)
    url = reverse("article_history", args=[article.pk])
    workflow.claim(article, editor, "Ashgatat")
    few, _ = count(client, url)
    for n in range(30):
        workflow.claim(article, editor, "leaders of 24 countries", claimant=f"Speaker {n}")
    many, _ = count(client, url)
    assert few == many


def test_history_pages_read_only_up_to_their_page_and_agree_with_pghistory(client, editor, reviewer):
    from pghistory.models import Events

    from annotations import selectors, services

    article = workflow.article(editor)
    first = workflow.claim(article, editor, "Ashgatat")
    services.comment_create(claim=first, user=reviewer, text="Which agency?")
    for n in range(60):
        workflow.claim(article, editor, "leaders of 24 countries", claimant=f"Speaker {n}")
    claims = list(Claim.objects.filter(article=article))
    theirs = {e.pgh_slug for qs in (Events.objects.references(article), Events.objects.references(claims)) for e in qs}
    events = selectors.HistoryEvents(article)
    assert len(events) == len(theirs) > 50
    assert {e.pgh_slug for e in events[: len(events)]} == theirs  # the same events as pghistory's own reading

    client.force_login(editor)
    url = reverse("article_history", args=[article.pk])
    with CaptureQueriesContext(connection) as captured:
        page = client.get(url).content.decode()
    assert 'href="?page=2"' in page  # the older changes are a link away
    newest = re.sub(r"<[^>]+>", "", page)
    reads = [q["sql"] for q in captured.captured_queries if "pgh_created_at DESC" in q["sql"]]
    assert len(reads) == 1 and "LIMIT 50)" in reads[0]  # the first page reads 50 rows a table, not the history
    last = re.sub(r"<[^>]+>", "", client.get(url, {"page": 2}).content.decode())
    assert newest.count("added the claim “leaders of 24 countries”") == 50  # the newest 50 events are these
    assert "added the claim “Ashgatat”" in last and "Ashgatat" not in newest
    assert "created the article" in last and "created the article" not in newest  # the oldest change, on the last page


def test_tokens_webhooks_and_deliveries_cost_the_same_with_1_or_100_rows(client, admin_user):
    client.force_login(admin_user)
    ApiToken.objects.create(user=admin_user, created_by=admin_user, name="t0", key_hash="h0", hint="fct_0")
    hook = Webhook.objects.create(
        url="https://hooks.example/0", created_by=admin_user, secret="whsec_x", events=["claim.approved"]
    )
    WebhookDelivery.objects.create(webhook=hook, event="claim.approved", payload={}, msg_id="msg_0")
    urls = [
        reverse("integrations:token_list"),
        reverse("integrations:webhook_list"),
        reverse("integrations:webhook_detail", args=[hook.pk]),
        "/api/v1/webhooks/",
        f"/api/v1/webhooks/{hook.pk}/deliveries/",
    ]
    few = [count(client, url)[0] for url in urls]
    ApiToken.objects.bulk_create(
        ApiToken(user=admin_user, created_by=admin_user, name=f"t{i}", key_hash=f"h{i}", hint="fct_x")
        for i in range(1, 100)
    )
    Webhook.objects.bulk_create(
        Webhook(url=f"https://hooks.example/{i}", created_by=admin_user, secret="whsec_x", events=["claim.approved"])
        for i in range(1, 100)
    )
    WebhookDelivery.objects.bulk_create(
        WebhookDelivery(webhook=hook, event="claim.approved", payload={}, msg_id=f"msg_{i}") for i in range(1, 100)
    )
    many = [count(client, url)[0] for url in urls]
    assert few == many


def test_a_claims_latest_changes_are_read_from_indexes_without_sorting_its_whole_history(editor, reviewer):
    # Every save of a claim shows its latest changes on the card: the read must not grow with the claim's history.
    from annotations import selectors, services

    article = workflow.article(editor)
    claim = workflow.claim(article, editor, "Ashgatat")
    services.comment_create(claim=claim, user=reviewer, text="Which agency?")
    services.source_create(claim=claim, user=editor, url="https://s.example/1")
    sql = selectors._events_sql(Claim)[0]
    with connection.cursor() as cursor:
        # A handful of rows, where sorting is cheapest: forbid it, so the plan shows whether an index gives the order.
        cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off; SET LOCAL enable_sort = off")
        cursor.execute("EXPLAIN " + sql, {"pk": claim.pk, "limit": 11})
        plan = "\n".join(row[0] for row in cursor.fetchall())
    for table in ("claimevent", "sourceevent", "commentevent"):
        assert f"{table}_newest" in plan and f"{table}_previous" in plan, plan
    assert "Sort" not in plan, plan
