"""The interface speaks the reader's language: Accept-Language first, then the switcher's remembered choice."""

import json

import pytest
from django.urls import reverse

from tests import workflow

pytestmark = pytest.mark.django_db


def html_tag(response) -> str:
    text = response.content.decode()
    return text[text.index("<html") : text.index(">", text.index("<html")) + 1]


def test_accept_language_decides_before_a_choice(editor_client):
    response = editor_client.get(reverse("article_list"), HTTP_ACCEPT_LANGUAGE="ru,en;q=0.5")
    assert html_tag(response) == '<html lang="ru" dir="ltr">'
    assert "<h1>Статьи</h1>" in response.content.decode()
    response = editor_client.get(reverse("article_list"), HTTP_ACCEPT_LANGUAGE="fa-IR,fa;q=0.9")
    assert html_tag(response) == '<html lang="fa" dir="rtl">'
    assert "<h1>مقاله‌ها</h1>" in response.content.decode()
    response = editor_client.get(reverse("article_list"), HTTP_ACCEPT_LANGUAGE="de")
    assert html_tag(response) == '<html lang="en-gb" dir="ltr">'
    assert "<h1>Articles</h1>" in response.content.decode()


def test_the_switcher_remembers_the_choice_over_accept_language(editor_client):
    response = editor_client.post(reverse("set_language"), {"language": "fa", "next": reverse("review_queue")})
    assert response.status_code == 302 and response.url == reverse("review_queue")
    response = editor_client.get(reverse("article_list"), HTTP_ACCEPT_LANGUAGE="ru")
    assert html_tag(response) == '<html lang="fa" dir="rtl">'
    # The switcher shows the choice, each language named in itself.
    page = response.content.decode()
    assert '<option value="fa" lang="fa" selected>فارسی</option>' in page
    assert '<option value="ru" lang="ru">Русский</option>' in page


def test_the_switcher_works_before_logging_in(client):
    client.post(reverse("set_language"), {"language": "ru", "next": reverse("login")})
    page = client.get(reverse("login")).content.decode()
    assert "<h1>Войти</h1>" in page


def test_dates_and_numbers_follow_the_language(editor_client, editor):
    import datetime

    article = workflow.article(editor, published_at=datetime.date(2024, 10, 22))
    page = editor_client.get(reverse("article_detail", args=[article.pk]), HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "22 октября 2024" in page
    page = editor_client.get(reverse("article_detail", args=[article.pk]), HTTP_ACCEPT_LANGUAGE="fa").content.decode()
    assert "اکتبر" in page  # the Gregorian month, in Persian
    assert '<span class="count">۰</span>' in page  # Persian digits for counts
    page = editor_client.get(reverse("article_detail", args=[article.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "22 Oct 2024" in page


def test_the_javascript_catalogue_is_a_script_from_self_with_the_languages_messages(client):
    client.post(reverse("set_language"), {"language": "fa"})
    response = client.get(reverse("javascript_catalog"))
    assert response.status_code == 200 and "javascript" in response["Content-Type"]
    assert json.dumps("انتخاب‌شده: %(text)s") in response.content.decode()
    page = client.get(reverse("login")).content.decode()
    assert f'<script src="{reverse("javascript_catalog")}?l=fa" nonce=' in page
    assert "<script>" not in page


def test_free_text_fields_take_their_direction_from_their_content(editor_client, editor):
    article = workflow.article(editor)
    claim = workflow.claim(article, editor)
    page = editor_client.get(reverse("claim_edit", args=[claim.pk]), HTTP_HX_REQUEST="true").content.decode()
    for name in ("statement", "claimant", "rationale", "correction"):
        tag = page[page.index(f'name="{name}"') - 200 : page.index(f'name="{name}"') + 200]
        assert 'dir="auto"' in tag, name
    page = editor_client.get(reverse("article_create")).content.decode()
    title = page[page.index('name="title"') - 150 : page.index('name="title"') + 150]
    assert 'dir="auto"' in title
    url = page[page.index('name="url"') - 150 : page.index('name="url"') + 150]
    assert 'dir="auto"' not in url  # addresses keep the interface's direction
