"""Every list, API and HTML, with a page or page size that names no page: a 4xx naming the parameter, never a 500.

The rule (factcheck/paging.py): `page` that is not a whole number of at least 1, and a `page_size` outside 1 to
200, are 400; a well-formed page past the end, however large, is 404. The API says it in its error shape
(`errors` keyed by the parameter), a page shows the message in the layout.
"""

import base64

import pytest
from django.test import Client

from annotations.models import Article
from integrations import services as integration_services
from suggestions import analysis
from tests.api.conftest import add_claim, make_token, token_client
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

HUGE = "317947150077727510364160"
BAD_PAGES = [
    (HUGE, 404),
    ("99", 404),
    ("0", 400),
    ("-1", 400),
    ("x", 400),
    ("1.5", 400),
    ("١", 400),  # a digit, but not an ASCII one
    ("9" * 5000, 404),  # past what int() converts by default
]
BAD_PAGE_SIZES = ["0", "-1", "x", "201", HUGE, "1e3"]

API_LISTS = [
    "/api/v1/articles/",
    "/api/v1/articles/{article}/claims/",
    "/api/v1/articles/{article}/claims/?fields=kind",
    "/api/v1/claims/{claim}/comments/",
    "/api/v1/articles/{article}/suggestions/",
    "/api/v1/search/?q=Ashgabat",
    "/api/v1/notifications/",
    "/api/v1/webhooks/",
    "/api/v1/webhooks/{webhook}/deliveries/",
]
HTML_PAGED_LISTS = [
    "/articles/",
    "/articles/{article}/history/",
    "/articles/{article}/revisions/",
    "/claims/{claim}/history/",
    "/articles/{article}/suggestions/",
    "/notifications/",
    "/search/?q=Ashgabat",
    "/search/saved/",
    "/integrations/tokens/",
    "/integrations/webhooks/",
]
HTML_KEYSET_LISTS = ["/review/", "/integrations/webhooks/{webhook}/"]


@pytest.fixture
def rows(admin_user, editor):
    article = ArticleFactory(created_by=editor, body="Putin met Pezeshkian in Ashgabat on Friday.")
    claim = add_claim(article, editor, "Ashgabat")
    analysis.analysis_run(article.pk)
    webhook, _secret = integration_services.webhook_create(
        actor=admin_user, url="https://cms.example/hook", events=["claim.approved"]
    )
    return {"article": article.pk, "claim": claim.pk, "webhook": webhook.pk}


@pytest.fixture
def admin_api(admin_user):
    return token_client(make_token(admin_user, write=True))


@pytest.fixture
def admin_page(admin_user):
    client = Client()
    client.force_login(admin_user)
    return client


def _with(url: str, rows: dict, query: str) -> str:
    url = url.format(**rows)
    return f"{url}{'&' if '?' in url else '?'}{query}"


@pytest.mark.parametrize("url", API_LISTS)
def test_api_lists_answer_their_first_page(admin_api, rows, url):
    for query in ("page=1", "page=", "page_size=1", "page_size=200", "page=last"):
        assert admin_api.get(_with(url, rows, query)).status_code == 200, query


@pytest.mark.parametrize("url", API_LISTS)
@pytest.mark.parametrize("page, status", BAD_PAGES)
def test_api_lists_refuse_a_page_that_is_not_there_naming_page(admin_api, rows, url, page, status):
    response = admin_api.get(_with(url, rows, f"page={page}"))
    assert response.status_code == status
    body = response.json()
    assert list(body["errors"]) == ["page"] and "page" in body["detail"]


@pytest.mark.parametrize("url", API_LISTS)
@pytest.mark.parametrize("size", BAD_PAGE_SIZES)
def test_api_lists_refuse_a_page_size_out_of_range_naming_it(admin_api, rows, url, size):
    response = admin_api.get(_with(url, rows, f"page_size={size}"))
    assert response.status_code == 400
    assert response.json()["errors"] == {"page_size": ["page_size must be a whole number from 1 to 200."]}


def test_the_claim_list_with_an_etag_checks_the_page_too(admin_api, rows):
    url = f"/api/v1/articles/{rows['article']}/claims/"
    etag = admin_api.get(url)["ETag"]
    response = admin_api.get(f"{url}?page={HUGE}", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 404 and list(response.json()["errors"]) == ["page"]


def test_a_page_past_the_end_says_which_page_is_the_last(admin_api, rows):
    response = admin_api.get("/api/v1/articles/?page=3")
    assert response.json()["detail"] == "page 3 is past the end of the list; the last page is 1."


@pytest.mark.parametrize("url", HTML_PAGED_LISTS)
def test_html_lists_show_their_first_page(admin_page, rows, url):
    assert admin_page.get(_with(url, rows, "page=1")).status_code == 200
    assert admin_page.get(_with(url, rows, "page=")).status_code == 200


@pytest.mark.parametrize("url", HTML_PAGED_LISTS)
@pytest.mark.parametrize("page, status", BAD_PAGES)
def test_html_lists_refuse_a_page_that_is_not_there_with_the_message(admin_page, rows, url, page, status):
    response = admin_page.get(_with(url, rows, f"page={page}"))
    assert response.status_code == status
    text = response.content.decode()
    assert 'data-field="page"' in text and "page" in text
    assert "the first page" in text.lower()


@pytest.mark.parametrize("url", HTML_KEYSET_LISTS)
@pytest.mark.parametrize(
    "cursor",
    [
        "not-a-cursor!",
        base64.urlsafe_b64encode(b"2024-02-30T00:00:00+00:00|1").decode(),  # a date that does not exist
        base64.urlsafe_b64encode(b"yesterday|1").decode(),
        base64.urlsafe_b64encode(f"2024-01-01T00:00:00+00:00|{HUGE}".encode()).decode(),
    ],
)
def test_keyset_lists_refuse_a_cursor_they_did_not_write(admin_page, rows, url, cursor):
    response = admin_page.get(_with(url, rows, f"after={cursor}"))
    assert response.status_code == 400
    assert 'data-field="after"' in response.content.decode()


def test_the_error_page_links_to_the_first_page_with_the_filters_kept(admin_page, rows):
    response = admin_page.get("/articles/?status=new&page=0")
    assert 'href="/articles/?status=new"' in response.content.decode()


def test_a_suggestion_accepted_on_the_last_page_shows_the_page_before(admin_page, rows, editor):
    """The page a form posts back may have been emptied by that very change: the panel shows the last page."""
    from suggestions.models import Suggestion

    suggestion = Suggestion.objects.filter(article_id=rows["article"]).first()
    assert suggestion is not None
    response = admin_page.post(
        f"/suggestions/{suggestion.pk}/dismiss/", {"page": "7"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="suggestions"
    )
    assert response.status_code == 200


def test_articles_past_a_capped_count_end_with_a_404(admin_api, rows, settings, monkeypatch):
    from factcheck.api.pagination import ApiPaginator

    monkeypatch.setattr(ApiPaginator, "cap", 1)
    ArticleFactory.create_batch(2, created_by=Article.objects.get(pk=rows["article"]).created_by)
    body = admin_api.get("/api/v1/articles/?page_size=1&page=3").json()
    assert body["count_capped"] and len(body["results"]) == 1
    response = admin_api.get("/api/v1/articles/?page_size=1&page=4")
    assert response.status_code == 404 and response.json()["detail"] == "page 4 is past the end of the list."
    assert admin_api.get(f"/api/v1/articles/?page_size=1&page={10**17}").status_code == 404
