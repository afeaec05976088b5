"""Keyboard users: a selection made without the mouse, then "a", opens the claim form."""

import pytest
from playwright.sync_api import Page, expect

from annotations.models import Claim
from tests.browser.helpers import assert_not_reloaded, open_workspace, set_selection, wait_until_selection_seen
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_form_with_a(page: Page, quote: str):
    expect(page.locator("#add-claim")).to_be_visible()
    page.keyboard.press("a")
    form = page.locator("#detail #claim-form")
    expect(form.locator("blockquote.quote")).to_have_text(quote)
    claim_field = form.get_by_label("Claim", exact=True)
    # Focus moved to the form and the key itself was not typed anywhere.
    expect(claim_field).to_be_focused()
    expect(claim_field).to_have_value(quote)
    expect(page.locator("#add-claim")).to_be_hidden()
    return form


def save_and_get(page: Page, form) -> Claim:
    form.get_by_role("button", name="Save claim").focus()
    page.keyboard.press("Enter")
    card = page.locator("#detail #claim-card")
    expect(card.locator(".saved")).to_have_text("Claim saved.")
    return Claim.objects.get(pk=int(card.get_attribute("data-claim-id")))


def test_selection_set_like_a_keyboard_selection_then_a_opens_the_form(live_server, login, editor):
    article = ArticleFactory(created_by=editor)
    quote = "leaders of 24 countries"
    page = login(editor)
    open_workspace(page, live_server, article)

    set_selection(page, quote, backwards=True)  # Shift+Left selections have their focus before their anchor
    form = open_form_with_a(page, quote)
    claim = save_and_get(page, form)
    assert (claim.start, claim.end) == (article.body.index(quote), article.body.index(quote) + len(quote))
    expect(page.locator(f'#article-text mark[data-claim="{claim.pk}"]')).to_have_text(quote)
    assert_not_reloaded(page)


def test_selection_extended_with_shift_arrow_keys(live_server, login, editor):
    body = "Crowds cheered 🎉 as the leaders arrived.\n\nSecond paragraph about Ashgatat and Ashgabat."
    article = ArticleFactory(created_by=editor, body=body)
    quote = "Ashgatat"
    page = login(editor)
    open_workspace(page, live_server, article)

    # Headless Chromium has no caret browsing (F7), so a collapsed caret cannot be extended; start from the
    # first character selected (what caret browsing plus one Shift+Right gives), then extend with the keys.
    page.evaluate(
        """(quote) => {
          const para = [...document.querySelectorAll("#article-text p.para")].find(p => p.textContent.includes(quote));
          const node = para.firstChild;
          const at = node.data.indexOf(quote);
          getSelection().setBaseAndExtent(node, at, node, at + 1);
        }""",
        quote,
    )
    expect(page.locator("#add-claim")).to_be_visible()
    for _ in quote[1:]:
        page.keyboard.press("Shift+ArrowRight")
    assert page.evaluate("() => getSelection().toString()") == quote
    wait_until_selection_seen(page, quote)
    form = open_form_with_a(page, quote)
    claim = save_and_get(page, form)
    assert (claim.start, claim.end, claim.exact) == (body.index(quote), body.index(quote) + len(quote), quote)
    assert_not_reloaded(page)
