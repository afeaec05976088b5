"""Dates survive an edit: the browser shows them in the date inputs, so saving an untouched form keeps them."""

from datetime import date

import pytest
from playwright.sync_api import expect

from annotations import services
from tests import workflow
from tests.browser.helpers import card_for, open_workspace

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_saving_untouched_edit_forms_keeps_the_article_and_source_dates(live_server, login, editor):
    article = workflow.article(editor, published_at=date(2024, 10, 11))
    claim = workflow.claim(article, editor)
    source = services.source_create(
        claim=claim, user=editor, url="https://example.org/kazan", accessed_at=date(2024, 10, 12)
    )
    page = login(editor)

    page.goto(f"{live_server.url}/articles/{article.pk}/edit/")
    expect(page.locator("#id_published_at")).to_have_value("2024-10-11")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"{live_server.url}/articles/{article.pk}/")
    article.refresh_from_db()
    assert article.published_at == date(2024, 10, 11)

    open_workspace(page, live_server, article)
    page.locator(f'#claim-list a[data-claim="{claim.pk}"]').first.click()
    card = card_for(page, claim.pk)
    item = card.locator(f"#source-{source.pk}")
    item.get_by_role("button", name="Edit").click()
    expect(item.locator('input[name="accessed_at"]')).to_have_value("2024-10-12")
    item.get_by_role("button", name="Save source").click()
    expect(card.locator(f"#source-{source.pk} .meta")).to_contain_text("accessed 12 Oct 2024")
    source.refresh_from_db()
    assert source.accessed_at == date(2024, 10, 12)


@pytest.mark.parametrize(
    ("language", "shown"), [("en-gb", "11 Oct 2024"), ("ru", "11 окт. 2024"), ("fa", "۱۱ اکتبر ۲۰۲۴")]
)
def test_the_article_list_names_the_month_in_the_interfaces_language(live_server, login, editor, language, shown):
    """Never 11/10/2024, which half the world reads as 10 November."""
    workflow.article(editor, published_at=date(2024, 10, 11))
    page = login(editor)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page.goto(f"{live_server.url}/articles/")
    cell = page.locator("main table time")
    expect(cell).to_have_text(shown)
    expect(cell).to_have_attribute("datetime", "2024-10-11")
    box = cell.bounding_box()
    assert box and box["height"] < 30, f"the date wraps onto {box} (one line is about 20 px)"
