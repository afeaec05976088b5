"""In Chromium: search, filter, save a search, open a result; then select a sentence that repeats an imported
fact-check, see it under "Checked before" and reuse it."""

import json

import pytest
from playwright.sync_api import expect

from archive import services as archive_services
from archive.models import Reuse
from tests.archive import helpers
from tests.archive.test_checked_before import BRICS
from tests.browser.helpers import open_workspace, set_selection

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, databases="__all__"),
]  # the start page reads from the replica


def test_search_filter_save_and_open_a_result(live_server, login, editor, reviewer):
    article = helpers.article(editor)
    claim = helpers.approved(
        article, editor, reviewer, "Leaders of 24 countries", statement="Leaders of 24 countries attend the summit."
    )
    helpers.claim(article, editor, "Ashgabat", kind="name", statement="The conference is in Ashgabat.")
    page = login(editor)
    page.goto(f"{live_server.url}/search/")
    page.get_by_label("Search", exact=True).fill("Ashgatat")
    page.get_by_role("button", name="Search", exact=True).click()
    results = page.locator("#search-results")
    expect(results.locator("#result-count")).to_have_text("2 results")  # the claim, and the article naming Ashgabat
    expect(results.locator(".result-claim mark")).to_have_text("Ashgabat")  # the spelling the text has

    page.get_by_label("Search", exact=True).fill("summit")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(results.locator("#result-count")).to_have_text("2 results")

    page.get_by_label("Claim state").select_option("approved")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(results.locator("#result-count")).to_have_text("1 result")
    assert "state=approved" in page.url

    page.get_by_label("Save as").fill("Approved summit claims")
    page.get_by_role("button", name="Save search").click()
    page.goto(f"{live_server.url}/")
    lists = page.locator("#my-lists")
    expect(lists.get_by_role("link", name="Approved summit claims")).to_be_visible()
    expect(lists.locator(".count")).to_have_text("1")
    lists.get_by_role("link", name="Approved summit claims").click()

    page.locator("#search-results .result-title").first.click()
    expect(page.locator("#claim-card")).to_have_attribute("data-claim-id", str(claim.pk))


def test_select_a_repeated_claim_see_it_checked_before_and_reuse_it(live_server, login, editor):
    archive_services.fact_checks_import(data=json.dumps(BRICS))
    article = helpers.article(editor)
    page = login(editor)
    open_workspace(page, live_server, article)
    set_selection(page, "Leaders of 24 countries will attend the BRICS summit in Kazan")
    page.get_by_role("button", name="Add claim").click()

    box = page.locator("#checked-before")
    match = box.locator("li.match", has_text=BRICS["claimReviewed"])
    expect(match).to_be_visible()
    expect(match).to_contain_text("Mostly true")
    expect(match).to_contain_text("Likely match")
    match.get_by_role("button", name="Reuse").click()

    card = page.locator("#detail #claim-card")
    expect(card).to_be_visible()
    claim = article.claims.get()
    expect(card).to_have_attribute("data-claim-id", str(claim.pk))
    expect(card.locator("dd.verdict")).to_have_text("Mostly true")
    expect(card.locator("#reused-from a")).to_have_attribute("href", BRICS["url"])
    assert Reuse.objects.get(claim=claim).url == BRICS["url"]
    assert list(claim.sources.values_list("url", flat=True)) == [BRICS["url"]]
