"""Making a claim from a sentence with the keyboard alone: focus a paragraph, S/W to select, A to add."""

import pytest
from playwright.sync_api import expect

from annotations.models import Claim
from tests import workflow
from tests.browser.helpers import open_workspace, wait_until_selection_seen

# "__all__": list pages read from the replica that `./dev test` configures (it mirrors the test database).
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, databases="__all__")]

BODY = (
    "The summit starts on October 22, with the leaders of 24 countries. Putin arrived on Friday.\n\n"
    "The conference in Ashgatat opened; Ashgabat is the capital of Turkmenistan."
)


def selected(page) -> str:
    return page.evaluate("() => getSelection().toString()")


def test_sentence_then_words_then_a_makes_a_claim(live_server, login, editor):
    article = workflow.article(editor, BODY)
    page = login(editor)
    open_workspace(page, live_server, article)
    first, second = page.locator("#article-text p.para").all()
    expect(first).to_have_attribute("tabindex", "0")  # in the Tab order

    first.focus()
    page.keyboard.press("s")
    assert selected(page) == "The summit starts on October 22, with the leaders of 24 countries."
    expect(page.locator("#announcer")).to_have_text(
        "Selected: The summit starts on October 22, with the leaders of 24 countries."
    )
    page.keyboard.press("s")
    assert selected(page) == "Putin arrived on Friday."
    page.keyboard.press("Shift+S")
    assert selected(page) == "The summit starts on October 22, with the leaders of 24 countries."

    second.focus()
    for _ in range(3):
        page.keyboard.press("w")
    assert selected(page) == "The conference in"
    page.keyboard.press("Shift+W")
    assert selected(page) == "The conference"
    wait_until_selection_seen(page, "The conference")
    page.keyboard.press("a")
    form = page.locator("#claim-form")
    expect(form.locator("blockquote.quote")).to_have_text("The conference")
    form.get_by_role("button", name="Save claim").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#claim-card .saved")).to_have_text(
        "Claim saved.", timeout=15_000
    )  # a save on a loaded machine
    expect(page.locator("#announcer")).to_have_text("Claim saved.")
    claim = Claim.objects.get()
    start = BODY.index("The conference")
    assert (claim.start, claim.end, claim.exact) == (start, start + len("The conference"), "The conference")


def test_the_claim_form_saves_in_place_when_submitted_the_moment_it_appears(live_server, login, editor):
    """A fast keyboard user presses Enter as soon as the form shows: it must save in the page, not navigate.

    A MutationObserver runs right after the form enters the page (before any timer), so it submits the form
    earlier than any person could. htmx must already have taken the form over by then.
    """
    article = workflow.article(editor, BODY)
    page = login(editor)
    open_workspace(page, live_server, article)
    page.evaluate(
        """() => new MutationObserver((records, observer) => {
          const form = document.querySelector("form#claim-form");
          if (form) { observer.disconnect(); form.requestSubmit(); }
        }).observe(document.getElementById("detail"), { childList: true, subtree: true })"""
    )
    second = page.locator("#article-text p.para").nth(1)
    second.focus()
    page.keyboard.press("w")
    page.keyboard.press("w")
    wait_until_selection_seen(page, "The conference")
    page.keyboard.press("a")
    expect(page.locator("#claim-card .saved")).to_have_text("Claim saved.")
    assert page.evaluate("() => window.__noReload === true"), "the form was submitted without htmx"
    assert Claim.objects.get(article=article).exact == "The conference"
