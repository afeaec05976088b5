"""The Suggestions panel and the API: fragments, permissions, query counts."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from annotations.models import Claim, ClaimKind
from suggestions.models import Suggestion, SuggestionKind, SuggestionStatus
from tests.api.conftest import make_token, token_client
from tests.factories import ArticleFactory
from tests.suggestions.helpers import demo_article, run_worker_job

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def analysed(editor):
    article = demo_article(editor)
    run_worker_job(article)
    return article


def ashgatat(article):
    return Suggestion.objects.get(article=article, quote="Ashgatat")


def test_workspace_loads_the_panel_with_htmx(editor_client, analysed):
    html = editor_client.get(f"/articles/{analysed.pk}/").content.decode()
    assert f'hx-get="/articles/{analysed.pk}/suggestions/"' in html
    assert 'id="suggestions"' in html


def test_panel_as_a_page_and_as_the_fragment_it_swaps(editor_client, analysed):
    page = editor_client.get(f"/articles/{analysed.pk}/suggestions/")
    assert page.status_code == 200
    assert "<html" in page.content.decode() and "Did you mean <bdi>Ashgabat</bdi>?" in page.content.decode()
    fragment = editor_client.get(f"/articles/{analysed.pk}/suggestions/", headers={"HX-Request": "true"})
    html = fragment.content.decode()
    assert fragment.status_code == 200
    assert "<html" not in html
    assert html.lstrip().startswith('<section id="suggestions"')
    assert "Ashgatat" in html and "Did you mean <bdi>Ashgabat</bdi>?" in html
    assert "HX-Request" in fragment["Vary"]
    assert 'hx-trigger="every' not in html  # done: no more polling


def test_panel_polls_while_the_analysis_is_pending(editor_client, editor):
    article = demo_article(editor)
    html = editor_client.get(f"/articles/{article.pk}/suggestions/", headers={"HX-Request": "true"}).content.decode()
    assert "Analysing the text" in html
    assert 'hx-trigger="every 2s"' in html and f'hx-get="/articles/{article.pk}/suggestions/"' in html


def test_article_never_analysed_offers_to_analyse(editor_client, editor):
    article = ArticleFactory(created_by=editor)  # made directly, as before this feature
    html = editor_client.get(f"/articles/{article.pk}/suggestions/", headers={"HX-Request": "true"}).content.decode()
    assert "not been analysed yet" in html
    response = editor_client.post(f"/articles/{article.pk}/suggestions/analyse/", headers={"HX-Request": "true"})
    assert response.status_code == 200 and "Analysing the text" in response.content.decode()
    run_worker_job(article)
    assert Suggestion.objects.filter(article=article, quote="Ashgatat", correction="Ashgabat").exists()


def test_accept_from_the_panel_opens_the_new_claim(editor_client, analysed):
    suggestion = ashgatat(analysed)
    response = editor_client.post(f"/suggestions/{suggestion.pk}/accept/", headers={"HX-Request": "true"})
    claim = Claim.objects.get(article=analysed, exact="Ashgatat")
    assert response.status_code == 200
    html = response.content.decode()
    # The panel no longer offers it; the new claim's card, highlight and list entry arrive out of band.
    assert (
        html.lstrip().startswith("<section") and "Did you mean <bdi>Ashgabat</bdi>?" not in html.split('id="detail"')[0]
    )
    assert '<div id="detail" hx-swap-oob="innerHTML">' in html and f'data-claim-id="{claim.pk}"' in html
    assert re.search(rf'<mark class="hl kind-name[^"]*" data-claim="{claim.pk}"', html)
    assert (claim.kind, claim.correction) == (ClaimKind.NAME, "Ashgabat")
    again = editor_client.post(f"/suggestions/{suggestion.pk}/accept/", headers={"HX-Request": "true"})
    assert again.status_code == 422 and "already accepted" in again.content.decode()


def test_accept_without_javascript_redirects_to_the_claim(editor_client, analysed):
    response = editor_client.post(f"/suggestions/{ashgatat(analysed).pk}/accept/")
    assert response.status_code == 302 and response["Location"].startswith("/claims/")


def test_dismiss_from_the_panel_removes_it(editor_client, analysed):
    suggestion = ashgatat(analysed)
    response = editor_client.post(f"/suggestions/{suggestion.pk}/dismiss/", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert f'id="suggestion-{suggestion.pk}"' not in response.content.decode()
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.DISMISSED


def make_suggestions(article, n):
    Suggestion.objects.bulk_create(
        Suggestion(
            article=article,
            start=i,
            end=i + 1,
            quote=article.body[i],
            kind=SuggestionKind.NUMBER,
            reason_code="number.count",
            score=0.5,
            fingerprint=str(i),
        )
        for i in range(n)
    )


def test_panel_costs_the_same_with_1_or_100_suggestions_and_shows_them_a_page_at_a_time(editor_client, analysed):
    url = f"/articles/{analysed.pk}/suggestions/"
    headers = {"HX-Request": "true"}
    Suggestion.objects.filter(article=analysed).delete()
    make_suggestions(analysed, 1)
    editor_client.get(url, headers=headers)  # session and user caches warm
    with CaptureQueriesContext(connection) as few:
        assert editor_client.get(url, headers=headers).content.decode().count('class="suggestion kind-') == 1
    Suggestion.objects.filter(article=analysed).delete()
    make_suggestions(analysed, 100)
    with CaptureQueriesContext(connection) as many:
        html = editor_client.get(url, headers=headers).content.decode()
    assert len(many) == len(few)
    # 50 on the first page, under the heading with the kind's total; the next page reloads only the panel.
    assert html.count('class="suggestion kind-') == 50 and '<span class="count">100</span>' in html
    assert f'hx-get="{url}?page=2" hx-target="#suggestions"' in html
    second = editor_client.get(f"{url}?page=2", headers=headers).content.decode()
    shown = re.findall(r'id="suggestion-(\d+)"', html) + re.findall(r'id="suggestion-(\d+)"', second)
    assert len(set(shown)) == 100
    # Deciding one on page 2 answers with page 2 again.
    last = Suggestion.objects.filter(article=analysed).order_by("-start").first()
    assert f'id="suggestion-{last.pk}"' in second and 'name="page" value="2"' in second
    after = editor_client.post(f"/suggestions/{last.pk}/dismiss/", {"page": "2"}, headers=headers).content.decode()
    assert after.count('class="suggestion kind-') == 49 and f'id="suggestion-{last.pk}"' not in after
    assert '<span class="pager-current" aria-current="page">2</span>' in after


def test_api_list_query_count_does_not_grow_with_the_suggestions(editor, analysed, django_assert_num_queries):
    client = APIClient()
    client.force_authenticate(editor)
    url = f"/api/v1/articles/{analysed.pk}/suggestions/?page_size=200"
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    make_suggestions(analysed, 150)
    with django_assert_num_queries(len(few)):
        response = client.get(url)
    assert response.json()["count"] > 150


def test_api_lists_suggestions_with_span_kind_reason_score_and_correction(editor, analysed):
    client = token_client(make_token(editor))
    data = client.get(f"/api/v1/articles/{analysed.pk}/suggestions/").json()
    assert data["analysis"] == "done"
    item = next(s for s in data["results"] if s["quote"] == "Ashgatat")
    assert analysed.body[item["start"] : item["end"]] == "Ashgatat"
    assert (item["kind"], item["claim_kind"], item["correction"]) == ("name", "name", "Ashgabat")
    assert item["reason"].startswith("Did you mean Ashgabat?") and 0 < item["score"] <= 1
    assert set(item) >= {"start", "end", "quote", "kind", "reason", "score", "correction"}


def test_api_accept_and_dismiss(editor, analysed):
    client = token_client(make_token(editor, write=True))
    suggestion = ashgatat(analysed)
    response = client.post(f"/api/v1/suggestions/{suggestion.pk}/accept/")
    assert response.status_code == 201, response.content
    claim = response.json()
    assert (claim["kind"], claim["correction"], claim["status"]) == ("name", "Ashgabat", "draft")
    assert client.post(f"/api/v1/suggestions/{suggestion.pk}/accept/").status_code == 400

    other = Suggestion.objects.get(article=analysed, quote="leaders of 24 countries")
    response = client.post(f"/api/v1/suggestions/{other.pk}/dismiss/")
    assert response.status_code == 200 and response.json()["status"] == "dismissed"
    quotes = [s["quote"] for s in client.get(f"/api/v1/articles/{analysed.pk}/suggestions/").json()["results"]]
    assert "leaders of 24 countries" not in quotes and "Ashgatat" not in quotes


# One row per endpoint and caller: (anonymous, no role, editor, reviewer, admin, read-only token, writable token).
PAGES = [
    ("get", "/articles/{article}/suggestions/", [302, 403, 200, 200, 200]),
    ("post", "/articles/{article}/suggestions/analyse/", [302, 403, 302, 302, 302]),
    ("post", "/suggestions/{dismiss}/dismiss/", [302, 403, 302, 422, 422]),
    ("post", "/suggestions/{accept}/accept/", [302, 403, 302, 422, 422]),
]
API = [
    ("get", "/api/v1/articles/{article}/suggestions/", [401, 403, 200, 200, 200, 200, 200]),
    ("post", "/api/v1/suggestions/{dismiss}/dismiss/", [401, 403, 200, 400, 400, 403, 400]),
    ("post", "/api/v1/suggestions/{accept}/accept/", [401, 403, 201, 400, 400, 403, 400]),
]


@pytest.fixture
def callers(client, editor, nobody, reviewer, admin_user):
    def session(user):
        from django.test import Client

        c = Client()
        if user:
            c.force_login(user)
        return c

    return {"anonymous": None, "nobody": nobody, "editor": editor, "reviewer": reviewer, "admin": admin_user}, session


@pytest.mark.parametrize(("method", "path", "expected"), PAGES)
def test_page_permissions(callers, analysed, method, path, expected):
    users, session = callers
    url = path.format(
        article=analysed.pk,
        dismiss=Suggestion.objects.get(article=analysed, quote="October 22").pk,
        accept=ashgatat(analysed).pk,
    )
    got = [getattr(session(user), method)(url).status_code for user in users.values()]
    assert got == expected
    if expected[1] == 403 and "/accept/" in url:
        assert Claim.objects.filter(exact="Ashgatat").count() == 1  # only the editor's accept went through


@pytest.mark.parametrize(("method", "path", "expected"), API)
def test_api_permissions(callers, analysed, editor, method, path, expected):
    users, _ = callers
    url = path.format(
        article=analysed.pk,
        dismiss=Suggestion.objects.get(article=analysed, quote="October 22").pk,
        accept=ashgatat(analysed).pk,
    )
    got = []
    for user in users.values():
        client = APIClient()
        if user:
            client.force_authenticate(user)
        got.append(getattr(client, method)(url).status_code)
    for write in (False, True):
        got.append(getattr(token_client(make_token(editor, write=write)), method)(url).status_code)
    assert got == expected
