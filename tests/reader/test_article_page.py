"""The public page of one published article's fact-checks: where the ClaimReview feed points for an article
without an address of its own."""

import pytest
from django.utils.html import escape

from annotations import services
from tests import workflow
from tests.reader import published

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_site(settings):
    settings.PUBLIC_SITE = True
    settings.PUBLIC_BYLINE = "The Checking Desk"
    return settings


def test_the_page_shows_each_published_claim_with_its_verdict_sources_and_correction(
    client, public_site, editor, reviewer
):
    article, claims = published.english(editor, reviewer)
    published.corrected(claims[2], editor, reviewer, "We first gave the wrong spelling as correct.")
    services.comment_create(claim=claims[0], user=editor, text="Internal: ask the desk chief")
    workflow.claim(article, editor, quote="opened on Monday", statement="Draft, not checked yet")

    answer = client.get(f"/public/articles/{article.pk}/")
    html = answer.content.decode()
    assert answer.status_code == 200 and answer["Content-Language"] == "en"
    assert "Summit in Kazan" in html and "The Checking Desk" in html
    for claim in claims:
        assert f'id="claim-{claim.pk}"' in html and escape(claim.statement) in html
    assert "Mostly true" in html and "Customs data show a fall of 3 percent." in html
    assert "Claimed by" in html and "The minister of agriculture" in html
    assert "https://web.archive.org/web/2026/https://summit.example/participants" in html  # the archived copy
    assert "We first gave the wrong spelling as correct." in html
    for private in ("Internal: ask the desk chief", "Draft, not checked yet", "A reader wrote in", editor.username):
        assert private not in html, private


def test_the_page_speaks_the_article_s_language_and_direction(client, public_site, editor, reviewer):
    article, _claims = published.persian(editor, reviewer)
    answer = client.get(f"/public/articles/{article.pk}/")
    html = answer.content.decode()
    assert answer["Content-Language"] == "fa"
    assert 'lang="fa" dir="rtl"' in html and "منابع" in html  # "Sources", translated


def test_user_text_is_escaped(client, public_site, editor, reviewer):
    hostile = dict(published.EN_CLAIMS[1], statement='<script>alert("x")</script> rose', claimant="<b>Minister</b>")
    article, _claims = published.publish(editor, reviewer, body=published.EN_BODY, claims=[hostile], title="<i>T</i>")
    html = client.get(f"/public/articles/{article.pk}/").content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
    assert "<b>Minister</b>" not in html and "<i>T</i>" not in html


def test_an_article_not_published_is_a_404_and_the_page_revalidates(client, public_site, editor, reviewer):
    draft, _claims = published.english(editor, reviewer, sign_off=False, external_id="cms-draft")
    assert client.get(f"/public/articles/{draft.pk}/").status_code == 404
    article, _claims = published.persian(editor, reviewer)
    first = client.get(f"/public/articles/{article.pk}/")
    assert client.get(f"/public/articles/{article.pk}/", headers={"If-None-Match": first["ETag"]}).status_code == 304


def test_the_page_costs_the_same_queries_with_1_and_100_claims(client, public_site, editor, django_assert_num_queries):
    [row] = published.published_rows(1, user=editor)
    # The article, its claims, when they were corrected.
    with django_assert_num_queries(3):
        assert client.get(f"/public/articles/{row.article_id}/").status_code == 200
    rows = published.published_rows(100, per_article=100, user=editor)
    with django_assert_num_queries(3):
        html = client.get(f"/public/articles/{rows[0].article_id}/").content.decode()
    assert html.count('class="public-claim"') == 100
