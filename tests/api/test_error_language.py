"""API errors follow Accept-Language like the pages: a Russian or Persian client reads the problem in its language,
under the field it concerns."""

import pytest

from tests.api.conftest import make_token, token_client
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

BODY = "The summit starts in Kazan. The summit ends in Kazan on Thursday."


@pytest.fixture
def repeated(editor):
    return ArticleFactory(created_by=editor, body=BODY)


def post_claim(api, article, data, language):
    return api.post(f"/api/v1/articles/{article.pk}/claims/", data, format="json", HTTP_ACCEPT_LANGUAGE=language)


def test_a_quote_not_in_the_article_is_refused_in_russian_under_quote(api, repeated):
    response = post_claim(api, repeated, {"quote": "in Moscow"}, "ru")
    assert response.status_code == 400
    assert response.json() == {
        "detail": "В запросе есть ошибки; см. `errors`.",
        "errors": {"quote": ["Такой цитаты в статье нет."]},
    }


def test_an_ambiguous_quote_says_how_often_it_occurs_in_persian(api, repeated):
    response = post_claim(api, repeated, {"quote": "in Kazan"}, "fa")
    assert response.status_code == 400
    assert response.json()["errors"]["quote"] == [
        "این نقل‌قول ۲ بار در مقاله آمده است؛ برای انتخاب یکی، prefix یا suffix بلندتر یا start و end را بفرستید."
    ]


def test_serializer_errors_name_the_field_in_russian(api, repeated):
    response = post_claim(api, repeated, {"start": 4}, "ru")
    assert response.status_code == 400
    assert response.json()["errors"] == {"end": ["Укажите и start, и end — или только цитату."]}
    # DRF's own messages come from its catalogue.
    response = post_claim(api, repeated, {"start": "four", "end": 10}, "ru")
    assert response.json()["errors"]["start"] == ["Введите правильное число."]


def test_an_unknown_field_in_the_claim_list_is_named_in_russian(api, repeated):
    response = api.get(f"/api/v1/articles/{repeated.pk}/claims/?fields=id,colour", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 400
    (message,) = response.json()["errors"]["fields"]
    assert message.startswith("Неизвестное поле: colour. Выберите из: id,")


def test_token_and_scope_errors_in_persian_and_english_by_default(editor, repeated):
    bad = token_client("not-a-token")
    assert bad.get("/api/v1/articles/", HTTP_ACCEPT_LANGUAGE="fa").json() == {
        "detail": "توکن نامعتبر، منقضی یا باطل‌شده است."
    }
    assert bad.get("/api/v1/articles/").json() == {"detail": "Invalid, expired or revoked token."}
    reader = token_client(make_token(editor))
    response = post_claim(reader, repeated, {"quote": "summit"}, "ru")
    assert response.status_code == 403
    assert response.json() == {"detail": "У этого API-токена нет области «write»."}


def test_a_malformed_body_and_an_unknown_address_in_russian(api):
    response = api.generic(
        "POST", "/api/v1/articles/", "{not json", content_type="application/json", HTTP_ACCEPT_LANGUAGE="ru"
    )
    assert response.status_code == 400
    assert response.json()["detail"].startswith("Тело запроса — не корректный JSON: ")
    assert api.get("/api/v1/no-such-thing/", HTTP_ACCEPT_LANGUAGE="ru").json() == {"detail": "Не найдено."}


def test_a_claimreview_import_reports_its_problems_in_russian(admin_user):
    client = token_client(make_token(admin_user, write=True))
    csv = "url,claimReviewed,reviewRating.alternateName\nhttps://x.example/1,The sky is green.,False\n,No url,True\n"
    answer = client.generic(
        "POST", "/api/v1/fact-checks/import/", csv, content_type="text/csv", HTTP_ACCEPT_LANGUAGE="ru"
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["errors"] == [{"index": 1, "problem": "url: обязателен (по нему опознаётся проверка фактов)."}]
    broken = client.generic(
        "POST", "/api/v1/fact-checks/import/", "{broken", content_type="application/json", HTTP_ACCEPT_LANGUAGE="fa"
    )
    assert broken.status_code == 400
    assert broken.json()["errors"]["body"][0].startswith("پرونده نه JSON است و نه CSV با ردیف سرستون.")
