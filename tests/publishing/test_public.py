"""The public corrections log and its Atom feed: no log-in, off unless PUBLIC_SITE, published data only."""

import xml.etree.ElementTree as ET

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from annotations import permissions, services
from annotations.models import Correction
from tests import workflow
from tests.factories import UserFactory
from tests.publishing.helpers import correct, published

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
SECRETS = (
    "Draft about Ashgatat, not checked yet",  # a draft claim's statement
    "Internal: ask the desk chief",  # a comment
    "A reader wrote in",  # the reopen reason (an internal note)
    "zed-editor-71",  # usernames
    "quill-reviewer-93",
    "@newsroom.example",  # e-mail addresses
)


@pytest.fixture
def public_site(settings):
    settings.PUBLIC_SITE = True
    settings.PUBLIC_BYLINE = "The Desk"


@pytest.fixture
def people(roles_and_ratings):
    editor = UserFactory(username="zed-editor-71")
    editor.groups.add(Group.objects.get(name=permissions.EDITOR))
    reviewer = UserFactory(username="quill-reviewer-93")
    reviewer.groups.add(Group.objects.get(name=permissions.REVIEWER))
    return editor, reviewer


@pytest.fixture
def corrected(people):
    editor, reviewer = people
    article, claim = published(editor, reviewer, title="Summit in Ashgabat")
    claim = correct(claim, editor, reviewer, note="We said mostly true; there were 22 leaders.")
    services.comment_create(claim=claim, user=editor, text="Internal: ask the desk chief")
    workflow.claim(article, editor, quote="conference in Ashgatat", statement="Draft about Ashgatat, not checked yet")
    return article, claim


def test_the_public_pages_are_off_unless_the_site_is_on(settings, corrected):
    settings.PUBLIC_SITE = False
    for name in ("publishing:corrections_log", "publishing:corrections_feed"):
        assert Client().get(reverse(name)).status_code == 404


def test_the_log_shows_each_correction_without_logging_in(public_site, corrected):
    article, _claim = corrected
    page = Client().get(reverse("publishing:corrections_log"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "We said mostly true; there were 22 leaders." in html
    assert article.title in html and article.url in html
    assert "Mostly true" in html and "False" in html and "22 leaders, not 24" in html
    assert "The Desk" in html
    for secret in SECRETS:
        assert secret not in html, secret


def test_the_atom_feed_carries_the_note_and_nothing_private(public_site, corrected):
    answer = Client().get(reverse("publishing:corrections_feed"))
    assert answer.status_code == 200 and answer["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(answer.content)
    (entry,) = feed.findall(f"{ATOM}entry")
    assert entry.find(f"{ATOM}title").text.startswith("Correction: ")
    assert "22 leaders." in entry.find(f"{ATOM}summary").text
    assert feed.find(f"{ATOM}author/{ATOM}name").text == "The Desk"
    text = answer.content.decode()
    for secret in SECRETS:
        assert secret not in text, secret


def test_user_text_is_escaped_on_the_log(public_site, people):
    editor, reviewer = people
    _article, claim = published(editor, reviewer)
    correct(claim, editor, reviewer, note='<script>alert("x")</script> fixed')
    html = Client().get(reverse("publishing:corrections_log")).content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html


def test_the_log_pages_newest_first(public_site, people):
    editor, reviewer = people
    for n in range(3):
        _article, claim = published(editor, reviewer, external_id=f"p{n}", title=f"Article {n}")
        correct(claim, editor, reviewer, note=f"Fix number {n}.")
    client = Client()
    html = client.get(reverse("publishing:corrections_log")).content.decode()
    assert html.index("Fix number 2.") < html.index("Fix number 1.") < html.index("Fix number 0.")
    assert client.get(reverse("publishing:corrections_log"), {"after": "nonsense"}).status_code == 400


def test_the_log_and_feed_read_as_many_queries_for_a_hundred_corrections_as_for_one(public_site, people):
    editor, reviewer = people
    article, claim = published(editor, reviewer)
    correct(claim, editor, reviewer)
    client = Client()
    urls = [reverse("publishing:corrections_log"), reverse("publishing:corrections_feed")]

    def counted():
        found = []
        for url in urls:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            found.append(len(captured))
        return found

    one = counted()
    template = Correction.objects.get()
    Correction.objects.bulk_create(
        [
            Correction(
                claim_id=claim.pk,
                article_id=article.pk,
                version=template.version,
                before=template.before,
                after=template.after,
                note=f"Fix {n}",
                created_by=reviewer,
                created=template.created,
            )
            for n in range(99)
        ]
    )
    assert counted() == one


def test_the_demo_has_a_published_article_with_a_correction_on_the_public_log(public_site, tmp_path, monkeypatch):
    from django.core.management import call_command

    from annotations.management.commands import load_demo
    from publishing.management.commands import load_demo_publishing

    monkeypatch.setenv("DEMO_PASSWORD", "demo-password-for-tests")
    monkeypatch.setattr(load_demo, "CREDENTIALS", tmp_path / "credentials")
    for _ in range(2):  # idempotent
        call_command("load_demo", stdout=(tmp_path / "out").open("w"))
    assert Correction.objects.count() == 1
    html = Client().get(reverse("publishing:corrections_log")).content.decode()
    assert escape(load_demo_publishing.NOTE) in html and escape(load_demo_publishing.TITLE) in html
    from publishing import selectors

    claim = Correction.objects.get().claim
    assert selectors.destinations_of(claim.pk).stale == 2  # the desk's post and the feed still have the old verdict
