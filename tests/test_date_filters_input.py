"""Every date filter, API and HTML, with a date that does not exist: a 4xx naming the filter, never a 500; the
last real day is an ordinary filter."""

import pytest
from django.test import Client

from tests.api.conftest import make_token, token_client

pytestmark = pytest.mark.django_db

IMPOSSIBLE = ["2024-02-30", "2024-13-01", "yesterday", "99999-01-01", "0000-01-01", "2024-01-01T25:00"]

API_FILTERS = [
    ("/api/v1/articles/", "updated_since"),
    ("/api/v1/claims.csv", "since"),
    ("/api/v1/claims.csv", "until"),
    ("/api/v1/search/?q=Ashgabat", "date_from"),
    ("/api/v1/search/?q=Ashgabat", "date_to"),
]
HTML_FILTERS = [
    ("/articles/", "date_from"),
    ("/articles/", "date_to"),
    ("/search/?q=Ashgabat", "date_from"),
    ("/search/?q=Ashgabat", "date_to"),
    ("/integrations/exports/claims/", "since"),
    ("/integrations/exports/claims/", "until"),
]


def _with(url: str, name: str, value: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}{name}={value}"


@pytest.fixture
def admin_api(admin_user):
    return token_client(make_token(admin_user, write=True))


@pytest.fixture
def admin_page(admin_user):
    client = Client()
    client.force_login(admin_user)
    return client


@pytest.mark.parametrize("url, name", API_FILTERS)
@pytest.mark.parametrize("value", IMPOSSIBLE)
def test_api_date_filters_refuse_impossible_dates_naming_the_filter(admin_api, url, name, value):
    response = admin_api.get(_with(url, name, value))
    assert response.status_code == 400
    assert name in response.json()["errors"]


@pytest.mark.parametrize("url, name", API_FILTERS)
@pytest.mark.parametrize("value", ["2024-02-29", "9999-12-31", "0001-01-01"])
def test_api_date_filters_take_real_dates_to_the_last_day(admin_api, url, name, value):
    assert admin_api.get(_with(url, name, value)).status_code == 200


@pytest.mark.parametrize("url, name", HTML_FILTERS)
@pytest.mark.parametrize("value", IMPOSSIBLE)
def test_html_date_filters_refuse_impossible_dates_with_the_message_inline(admin_page, url, name, value):
    response = admin_page.get(_with(url, name, value))
    assert 400 <= response.status_code < 500
    text = response.content.decode()
    assert "Enter a valid date." in text
    assert name in text


@pytest.mark.parametrize("url, name", HTML_FILTERS)
@pytest.mark.parametrize("value", ["2024-02-29", "9999-12-31"])
def test_html_date_filters_take_real_dates(admin_page, url, name, value):
    assert admin_page.get(_with(url, name, value)).status_code == 200
