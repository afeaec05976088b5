"""The interface speaks the reader's language: Accept-Language first, then the switcher's remembered choice."""

import json
import re

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
    assert '<time datetime="2024-10-22">22 окт. 2024</time>' in page
    page = editor_client.get(reverse("article_detail", args=[article.pk]), HTTP_ACCEPT_LANGUAGE="fa").content.decode()
    assert '<time datetime="2024-10-22">۲۲ اکتبر ۲۰۲۴</time>' in page  # the Gregorian month, in Persian, Persian digits
    assert '<span class="count">۰</span>' in page  # Persian digits for counts
    page = editor_client.get(reverse("article_detail", args=[article.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<time datetime="2024-10-22">22 Oct 2024</time>' in page


# Day first, month by name: 11/10/2024 is 11 October to half the world and 10 November to the other half.
DATE_SHAPES = {
    "en": re.compile(r"^\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}(, \d\d:\d\d)?$"),
    "ru": re.compile(
        r"^\d{1,2} (янв\.|февр\.|мар\.|апр\.|мая|июн\.|июл\.|авг\.|сент\.|окт\.|нояб\.|дек\.) \d{4}(, \d\d:\d\d)?$"
    ),
    "fa": re.compile(r"^[۰-۹]{1,2} [\u0600-\u06ff]+ [۰-۹]{4}(، [۰-۹]{2}:[۰-۹]{2})?$"),
}


@pytest.mark.parametrize("language", ["en", "ru", "fa"])
def test_every_date_in_lists_and_pages_reads_day_month_name_year(client, editor, reviewer, admin_user, language):
    """The article list, the review queue, revisions, histories, notifications, tokens and webhooks: each date is
    a <time> with the ISO date for machines and "11 Oct 2024" (with the time where it matters) for people."""
    import datetime

    from annotations import services
    from integrations import services as integrations

    article = workflow.article(editor, published_at=datetime.date(2024, 10, 11))
    article = services.article_assign(article=article, user=admin_user, assignee=editor, reviewer=reviewer)
    claim = workflow.submitted_claim(article, editor)
    services.claim_request_changes(claim=claim, user=reviewer, comment="A source, please.")
    workflow.submitted_claim(article, editor, "Ashgatat")
    article.refresh_from_db()
    services.article_update(
        article=article, user=editor, version=article.version, changes={"published_at": datetime.date(2024, 10, 12)}
    )
    integrations.api_token_create(actor=admin_user, user=admin_user, name="CMS", scopes=["read"])
    integrations.webhook_create(actor=admin_user, url="https://cms.example/hook", events=["claim.approved"])
    pages = {
        editor: [
            "article_list",
            ("article_detail", article.pk),
            ("article_history", article.pk),
            ("revision_list", article.pk),
            ("claim_detail", claim.pk),
            ("claim_history", claim.pk),
            "notification_list",
        ],
        reviewer: ["review_queue", "notification_list"],
        admin_user: ["integrations:token_list", "integrations:webhook_list"],
    }
    seen = 0
    for user, names in pages.items():
        client.force_login(user)
        for name in names:
            url = reverse(name) if isinstance(name, str) else reverse(name[0], args=name[1:])
            page = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
            dates = re.findall(r'<time datetime="([^"]+)">([^<]+)</time>', page)
            assert dates, f"{name}: no date shown"
            for machine, shown in dates:
                assert DATE_SHAPES[language].match(shown), f"{name}: {shown!r}"
                assert re.match(r"^\d{4}-\d\d-\d\d(T\d\d:\d\d:\d\d\+00:00)?$", machine), (name, machine)
                seen += 1
            assert not re.search(r"\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b", page), f"{name}: a date in digits only"
            assert "2024-10-1" not in page.replace('datetime="2024-10-1', ""), f"{name}: an ISO date shown to people"
    assert seen >= 12


def test_a_date_names_its_month_in_the_interfaces_language():
    import datetime

    from django.utils import translation

    from annotations.templatetags.ui import day, day_text

    moment = datetime.datetime(2024, 5, 3, 9, 7, tzinfo=datetime.UTC)
    expected = {
        "en-gb": ("3 May 2024", "3 May 2024, 09:07"),
        "ru": ("3 мая 2024", "3 мая 2024, 09:07"),
        "fa": ("۳ مه ۲۰۲۴", "۳ مه ۲۰۲۴، ۰۹:۰۷"),
    }
    for language, (date_only, with_time) in expected.items():
        with translation.override(language):
            assert day_text(moment.date()) == date_only
            assert day_text(moment, with_time=True) == with_time
            assert day(moment, "time") == f'<time datetime="2024-05-03T09:07:00+00:00">{with_time}</time>'
            assert day(moment.date()) == f'<time datetime="2024-05-03">{date_only}</time>'
            assert day(None) == ""
    with translation.override("ru"):
        assert [day_text(datetime.date(2024, m, 1)).split()[1] for m in (1, 9, 11, 12)] == [
            "янв.",
            "сент.",
            "нояб.",
            "дек.",
        ]


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


def test_a_forms_error_count_is_written_in_the_interfaces_digits(editor_client):
    empty = {"title": "", "body": "", "body_format": "text"}  # two fields left empty
    page = editor_client.post(reverse("article_create"), empty, HTTP_ACCEPT_LANGUAGE="fa").content.decode()
    assert "ذخیره نشد: ۲ فیلد نیاز به اصلاح دارند." in page
    page = editor_client.post(reverse("article_create"), empty, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Не сохранено: 2 поля требуют внимания." in page
