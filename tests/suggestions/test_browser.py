"""The Suggestions panel in Chromium: the demo article's misspelt capital, accepted as a draft claim."""

import pytest
from playwright.sync_api import expect

from annotations.models import Claim, ClaimKind, ClaimStatus
from tests.browser.helpers import assert_not_reloaded, open_workspace
from tests.suggestions.helpers import demo_article, run_worker_job

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_accept_the_ashgatat_suggestion_on_the_demo_article(live_server, login, editor):
    article = demo_article(editor)
    page = login(editor)
    open_workspace(page, live_server, article)
    panel = page.locator("#suggestions")
    expect(panel).to_contain_text("Analysing the text")

    run_worker_job(article)  # the worker's turn; the panel polls and shows what it found

    item = panel.locator("li.suggestion", has_text="Ashgatat")
    expect(item).to_have_count(1, timeout=10_000)
    expect(item.locator("blockquote.quote")).to_have_text("Ashgatat")
    expect(item.locator(".reason")).to_contain_text("Did you mean Ashgabat?")
    expect(panel.locator("li.suggestion.kind-number", has_text="leaders of 24 countries")).to_have_count(1)

    item.get_by_role("button", name="Accept Ashgatat").click()

    card = page.locator("#detail #claim-card")
    expect(card).to_be_visible()
    expect(page.locator("#announcer")).to_have_text("Suggestion accepted: draft claim added.")  # one short sentence
    claim = Claim.objects.select_related("verdict").get(article=article, exact="Ashgatat")
    expect(card).to_have_attribute("data-claim-id", str(claim.pk))
    # The keyboard's place follows: the draft has its verdict and correction, so the next step is to submit it.
    expect(card.get_by_role("button", name="Submit for review")).to_be_focused()
    assert_not_reloaded(page)  # swapped in place, no page load
    expect(card.locator(".correction ins")).to_have_text("Ashgabat")
    expect(page.locator(f'#article-text mark[data-claim="{claim.pk}"]')).to_have_text("Ashgatat")
    assert (claim.kind, claim.status, claim.correction, claim.verdict.slug) == (
        ClaimKind.NAME,
        ClaimStatus.DRAFT,
        "Ashgabat",
        "incorrect",
    )
    # The accepted suggestion has left the panel; the others are still there.
    expect(page.locator("#suggestions li.suggestion", has_text="leaders of 24 countries")).to_have_count(1)
    expect(page.locator("#suggestions li.suggestion", has_text="Ashgatat")).to_have_count(0)

    number = page.locator("#suggestions li.suggestion", has_text="leaders of 24 countries")
    number.get_by_role("button", name="Dismiss leaders of 24 countries").click()
    expect(number).to_have_count(0)
    expect(page.locator("#announcer")).to_have_text("Suggestion dismissed.")
