"""The notifications page, marking read, e-mail settings, @mention lookup and password reset, as a user sees them."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from procrastinate.contrib.django.models import ProcrastinateJob

from notifications import selectors, services, tasks
from notifications.models import EmailFrequency, Notification, Verb
from tests import workflow

pytestmark = pytest.mark.django_db


def sent_back(claim, reviewer, editor, text="Which 24 countries?"):
    return services.notify(
        recipient_ids=[editor.pk],
        verb=Verb.CHANGES_REQUESTED,
        actor_id=reviewer.pk,
        article_id=claim.article_id,
        claim_id=claim.pk,
        text=text,
    )


@pytest.fixture
def claim(editor):
    return workflow.claim(workflow.article(editor), editor)


def test_the_page_lists_sentences_with_the_comment_and_a_link_to_the_claim(client, editor, reviewer, claim):
    sent_back(claim, reviewer, editor, text="<b>Which</b> 24?")
    client.force_login(editor)
    page = client.get(reverse("notification_list")).content.decode()
    # Names and quotes keep their own direction inside the sentence (<bdi>).
    assert (
        "<bdi>reviewer</bdi> sent back your claim “<bdi>leaders of 24 countries</bdi>” in “<bdi>Summit</bdi>”" in page
    )
    assert "&lt;b&gt;Which&lt;/b&gt; 24?" in page  # escaped
    assert f'href="/claims/{claim.pk}/"' in page
    assert re.search(r'id="nav-notifications"[^>]*>Notifications <span class="count"[^>]*>1</span>', page)


def test_the_navigation_counts_up_to_99_and_says_more(client, editor, reviewer, claim):
    client.force_login(editor)
    Notification.objects.bulk_create(
        Notification(
            recipient=editor, actor=reviewer, verb=Verb.CHANGES_REQUESTED, article_id=claim.article_id, claim=claim
        )
        for _ in range(99)
    )
    page = client.get(reverse("my_work")).content.decode()
    assert re.search(
        r'id="nav-notifications"[^>]*>Notifications <span class="count" aria-label="99 unread">99</span>', page
    )
    sent_back(claim, reviewer, editor)
    with CaptureQueriesContext(connection) as captured:
        page = client.get(reverse("my_work")).content.decode()
    assert re.search(r'<span class="count" aria-label="more than 99 unread">99\+</span>', page)
    counts = [q["sql"] for q in captured.captured_queries if "notifications_notification" in q["sql"]]
    assert len(counts) == 1 and "LIMIT 100" in counts[0]  # counted up to 100 rows, not all of them


def test_marking_one_read_returns_to_the_page_and_lowers_the_count(client, editor, reviewer, claim):
    (first,) = sent_back(claim, reviewer, editor)
    sent_back(claim, reviewer, editor)
    client.force_login(editor)
    response = client.post(reverse("notification_read"), {"ids": [first.pk], "next": "/notifications/"})
    assert response.status_code == 302 and response["Location"] == "/notifications/"
    assert selectors.unread_count(editor) == 1


def test_mark_all_read_says_how_many(client, editor, reviewer, claim):
    sent_back(claim, reviewer, editor)
    sent_back(claim, reviewer, editor)
    client.force_login(editor)
    page = client.post(reverse("notification_read"), follow=True).content.decode()
    assert "2 notifications marked read." in page
    assert selectors.unread_count(editor) == 0


def test_marking_read_never_redirects_to_another_site(client, editor):
    client.force_login(editor)
    response = client.post(reverse("notification_read"), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("notification_list")


def test_nonsense_ids_are_ignored_not_a_500(client, editor, reviewer, claim):
    sent_back(claim, reviewer, editor)
    client.force_login(editor)
    response = client.post(reverse("notification_read"), {"ids": ["x"]})
    assert response.status_code == 302
    assert selectors.unread_count(editor) == 0  # treated as "all", the button without ids


def test_the_list_takes_the_same_number_of_queries_for_1_and_100_rows(client, editor, reviewer, claim):
    client.force_login(editor)
    sent_back(claim, reviewer, editor)
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("notification_list")).status_code == 200
    for _ in range(99):
        sent_back(claim, reviewer, editor)
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("notification_list")).content.decode()
    assert len(many) == len(one)
    assert page.count('class="notification unread"') == 25 and "Page 1 of 4" in page


def test_settings_save_the_choice_and_say_so(client, editor):
    client.force_login(editor)
    page = client.post(reverse("notification_settings"), {"email": "daily"}, follow=True).content.decode()
    assert "Notification settings saved." in page
    assert selectors.email_frequency(editor) == EmailFrequency.DAILY
    assert re.search(r'<input type="radio" name="email" value="daily"[^>]* checked', page)


def test_an_unknown_choice_is_refused_in_place(client, editor):
    client.force_login(editor)
    response = client.post(reverse("notification_settings"), {"email": "hourly"})
    assert response.status_code == 422
    assert "Select a valid choice" in response.content.decode()


def test_mention_lookup_offers_people_by_the_start_of_their_name(client, editor, reviewer, nobody):
    client.force_login(editor)
    assert client.get(reverse("mention_search"), {"q": "re"}).json() == {
        "results": [{"username": "reviewer", "name": ""}]
    }
    assert [r["username"] for r in client.get(reverse("mention_search")).json()["results"]] == ["editor", "reviewer"]


def test_password_reset_sends_the_link_from_the_worker_and_it_works(client, editor, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": editor.email})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    assert mailoutbox == []  # not in the request
    job = ProcrastinateJob.objects.get(task_name="notifications.send_password_reset")
    assert "token" not in str(job.args)
    tasks.send_password_reset(**job.args)
    (mail,) = mailoutbox
    assert mail.to == [editor.email] and mail.subject == "[factcheck] Choose a new password"
    link = re.search(r"https?://testserver(/password-reset/\S+/)", mail.body).group(1)
    form = client.get(link, follow=True)
    assert "Choose a new password" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a-new-Pass-2024!", "new_password2": "a-new-Pass-2024!"},
        follow=True,
    )
    assert "Your new password is set" in done.content.decode()
    editor.refresh_from_db()
    assert editor.check_password("a-new-Pass-2024!")


def test_password_reset_for_an_unknown_address_looks_the_same_and_sends_nothing(client, editor, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": "nobody@else.example"}, follow=True)
    assert "Check your e-mail" in response.content.decode()
    assert not ProcrastinateJob.objects.filter(task_name="notifications.send_password_reset").exists()


def test_the_login_page_links_to_password_reset(client):
    assert reverse("password_reset") in client.get(reverse("login")).content.decode()


def test_a_page_of_the_list_is_read_in_the_order_of_its_index_without_sorting_them_all(editor, reviewer, claim):
    for _ in range(3):
        sent_back(claim, reviewer, editor)
    Notification.objects.filter(pk=Notification.objects.order_by("id").values("pk")[:1]).update(
        read_at="2026-01-01T00:00Z"
    )
    page = selectors.notifications_for(editor)[:25]
    sql, params = page.query.sql_with_params()
    with connection.cursor() as cursor:
        # A handful of rows, where sorting is cheapest: forbid it, so the plan shows whether an index gives the order.
        cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off; SET LOCAL enable_sort = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "notification_list" in plan and "Sort" not in plan, plan
    assert [n.read_at is None for n in page] == [True, True, False]  # unread first


def test_the_navigation_count_is_written_in_the_interfaces_digits_and_absent_at_zero(client, editor, reviewer, claim):
    client.force_login(editor)
    page = client.get(reverse("my_work"), HTTP_ACCEPT_LANGUAGE="fa").content.decode()
    nav = page[page.index('id="nav-notifications"') : page.index("</a>", page.index('id="nav-notifications"'))]
    assert 'class="count"' not in nav  # nothing unread: no "۰" badge
    Notification.objects.bulk_create(
        Notification(
            recipient=editor, actor=reviewer, verb=Verb.CHANGES_REQUESTED, article_id=claim.article_id, claim=claim
        )
        for _ in range(12)
    )
    page = client.get(reverse("my_work"), HTTP_ACCEPT_LANGUAGE="fa").content.decode()
    assert re.search(r'id="nav-notifications"[^>]*>[^<]+<span class="count" aria-label="[^"]+">۱۲</span>', page)
