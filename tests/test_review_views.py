import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from annotations import services
from annotations.models import ClaimStatus
from tests import workflow

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_review_queue_and_article_list_make_the_same_queries_for_many_rows(client, editor, reviewer):
    client.force_login(reviewer)
    article = workflow.article(editor)
    workflow.submitted_claim(article, editor)
    client.get(reverse("review_queue"))  # warm the session
    few = (queries_for(client, reverse("review_queue")), queries_for(client, reverse("article_list")))
    for n in range(30):
        other = workflow.article(editor, title=f"Article {n}")
        workflow.submitted_claim(other, editor)
        workflow.submitted_claim(other, editor, "Ashgatat")
    many = (queries_for(client, reverse("review_queue")), queries_for(client, reverse("article_list")))
    assert few == many
    first_page = client.get(reverse("review_queue")).content.decode()
    assert first_page.count('class="review-row') == 50
    next_url = re.search(r'href="([^"]+)" rel="next"', first_page).group(1).replace("&amp;", "&")
    second_page = client.get(reverse("review_queue") + next_url).content.decode()
    assert second_page.count('class="review-row') == 11
    assert 'rel="next"' not in second_page and "61 waiting" in second_page


def test_review_queue_lists_oldest_first_and_filters(client, editor, editor2, reviewer):
    client.force_login(reviewer)
    first = workflow.submitted_claim(workflow.article(editor, title="First"), editor)
    second = workflow.submitted_claim(workflow.article(editor2, title="Second"), editor2, "Ashgatat")
    html = client.get(reverse("review_queue")).content.decode()
    assert html.index(f'id="review-{first.pk}"') < html.index(f'id="review-{second.pk}"')
    html = client.get(reverse("review_queue"), {"editor": editor2.pk}).content.decode()
    assert f'id="review-{second.pk}"' in html and f'id="review-{first.pk}"' not in html
    fragment = client.get(
        reverse("review_queue"), {"kind": "number"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="review-list"
    )
    assert fragment.content.decode().lstrip().startswith('<ol class="review-list" id="review-list">')
    assert fragment["Vary"].count("HX-Request") == 1


def test_approving_in_the_queue_replaces_the_row(client, editor, reviewer):
    claim = workflow.submitted_claim(workflow.article(editor), editor)
    client.force_login(reviewer)
    response = client.post(
        reverse("claim_approve", args=[claim.pk]), {"version": claim.version}, HTTP_HX_TARGET=f"review-{claim.pk}", **HX
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<li class="review-row status-approved" id="review-{claim.pk}"')
    assert "Approved by <bdi>reviewer</bdi>" in html


def test_a_stale_approval_in_the_queue_says_why(client, editor, reviewer):
    claim = workflow.submitted_claim(workflow.article(editor), editor)
    stale = claim.version
    services.claim_update(claim=claim, user=editor, version=stale, changes={"rationale": "more"})
    client.force_login(reviewer)
    response = client.post(
        reverse("claim_approve", args=[claim.pk]), {"version": stale}, HTTP_HX_TARGET=f"review-{claim.pk}", **HX
    )
    assert response.status_code == 409
    assert "changed meanwhile by editor" in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED


def test_sending_back_without_a_comment_is_refused_in_place(client, editor, reviewer):
    claim = workflow.submitted_claim(workflow.article(editor), editor)
    client.force_login(reviewer)
    response = client.post(reverse("claim_request_changes", args=[claim.pk]), {"comment": " "}, **HX)
    assert response.status_code == 422
    assert "Say what needs to change." in response.content.decode()


def test_editor_start_page_shows_claims_sent_back_to_them_with_the_comment(client, editor, reviewer):
    article = workflow.article(editor, title="Kazan summit")
    claim = workflow.submitted_claim(article, editor)
    services.claim_request_changes(claim=claim, user=reviewer, comment="Which 24?")
    client.force_login(editor)
    html = client.get(reverse("my_work")).content.decode()
    assert "Claims sent back to me" in html and f'href="/claims/{claim.pk}/"' in html
    assert "“Which 24?”" in html


def test_article_list_filters_by_status_editor_and_date(client, editor, editor2):
    workflow.article(editor, title="Old news", published_at="2024-01-01")
    fresh = workflow.article(editor2, title="Fresh news", published_at="2024-10-11")
    workflow.claim(fresh, editor2)
    client.force_login(editor)

    def table(**params):
        html = client.get(reverse("article_list"), params).content.decode()
        return html[html.index('<table class="articles">') :]

    assert "Fresh news" in table(status="in_progress") and "Old news" not in table(status="in_progress")
    assert "Old news" in table(editor=editor.pk) and "Fresh news" not in table(editor=editor.pk)
    assert "Fresh news" in table(date_from="2024-06-01") and "Old news" not in table(date_from="2024-06-01")


def test_history_page_lists_changes_to_the_article_and_its_claims(client, editor, reviewer):
    article = workflow.article(editor)
    claim = workflow.submitted_claim(article, editor)
    services.claim_approve(claim=claim, user=reviewer)
    client.force_login(editor)
    html = client.get(reverse("article_history", args=[article.pk])).content.decode()
    # Names and quotes are what people typed: each keeps its own direction (<bdi>) inside the sentence.
    assert "<bdi>editor</bdi> created the article “<bdi>Summit</bdi>”" in html
    assert "<bdi>editor</bdi> added the claim “<bdi>leaders of 24 countries</bdi>”" in html
    assert (
        "<bdi>editor</bdi> added the source “<bdi>Source</bdi>” to the claim “<bdi>leaders of 24 countries</bdi>”"
        in html
    )
    assert "<bdi>reviewer</bdi> approved the claim “<bdi>leaders of 24 countries</bdi>”" in html
    assert '<th scope="row">status</th><td class="before">Submitted</td><td class="after">Approved</td>' in html
