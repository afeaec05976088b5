"""The review workflow in two browsers: an editor and a reviewer working on the same claim."""

import pytest
from playwright.sync_api import expect

from annotations.models import Article, ArticleStatus, Claim, ClaimStatus, Rating
from tests import workflow
from tests.browser.helpers import log_in
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def logged_in(browser, live_server, user):
    """A browser context of its own, so two people work side by side."""
    return log_in(browser.new_context().new_page(), live_server, user, PASSWORD)


def open_claim(page, live_server, claim):
    page.goto(f"{live_server.url}/articles/{claim.article_id}/")
    page.locator(f'#claim-list a[data-claim="{claim.pk}"]').click()
    expect(page.locator("#claim-card")).to_have_attribute("data-claim-id", str(claim.pk))


def test_submit_send_back_revise_resubmit_approve_and_sign_off(browser, live_server, editor, reviewer):
    article = workflow.article(editor)
    claim = workflow.claim(article, editor, kind="number", verdict=Rating.objects.get(slug="mostly-true"))
    from annotations import services

    services.source_create(claim=claim, user=editor, url="https://example.org/kremlin", title="Kremlin")
    ed = logged_in(browser, live_server, editor)
    rv = logged_in(browser, live_server, reviewer)

    # The editor submits.
    open_claim(ed, live_server, claim)
    ed.click("#submit-claim")
    expect(ed.locator("#claim-status")).to_have_text("Submitted")
    expect(ed.locator("#article-status")).to_have_text("In review")

    # The reviewer finds it in the queue and sends it back with a comment, in place.
    rv.goto(f"{live_server.url}/review/")
    row = rv.locator(f"#review-{claim.pk}")
    row.locator("[data-role=send-back-comment]").fill("Which 24? Name the source of the figure.")
    row.locator("[data-action=send-back]").click()
    expect(rv.locator(f"#review-{claim.pk} .done")).to_contain_text("Changes requested by reviewer")

    # The editor sees it on the start page, revises and resubmits.
    ed.goto(f"{live_server.url}/")
    expect(ed.locator("#sent-back")).to_contain_text("leaders of 24 countries")
    expect(ed.locator("#sent-back")).to_contain_text("Which 24? Name the source of the figure.")
    ed.locator("#sent-back a").first.click()
    expect(ed.locator("#comments")).to_contain_text("Which 24? Name the source of the figure.")
    ed.get_by_role("button", name="Edit claim").click()
    ed.wait_for_load_state("networkidle")  # the card's lazy parts have landed before the form is filled
    ed.fill("#id_rationale", "The Kremlin's aide Ushakov gave the figure of 24 heads of state.")
    ed.get_by_role("button", name="Save").click()
    # The save answers in about 0.1 s alone, but now and then took over 5 s on a loaded 2-core machine.
    expect(ed.locator("#claim-card .rationale")).to_contain_text("Ushakov", timeout=20_000)
    ed.click("#submit-claim")
    expect(ed.locator("#claim-status")).to_have_text("Submitted")

    # The reviewer approves from the queue with the keyboard, then signs the article off.
    rv.goto(f"{live_server.url}/review/")
    rv.keyboard.press("j")
    expect(rv.locator(f"#review-{claim.pk}")).to_be_focused()
    rv.keyboard.press("a")
    expect(rv.locator(f"#review-{claim.pk} .done")).to_contain_text("Approved by reviewer")
    rv.goto(f"{live_server.url}/articles/{article.pk}/")
    rv.click("#sign-off")
    expect(rv.locator(".signed-off")).to_contain_text("Signed off by reviewer")
    expect(rv.locator("#article-status")).to_have_text("Checked")

    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.APPROVED
    assert Article.objects.get(pk=article.pk).status == ArticleStatus.CHECKED
    # The editor's card now shows the approval and the claim is locked.
    open_claim(ed, live_server, claim)
    expect(ed.locator("#claim-card")).to_contain_text("Approved claims are locked.")
    expect(ed.get_by_role("button", name="Edit claim")).to_have_count(0)
    ed.locator("#timeline summary").click()
    expect(ed.locator("#timeline")).to_contain_text("reviewer approved the claim “leaders of 24 countries”")


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080), (390, 844)])
def test_a_correction_is_approved_from_the_queue_with_its_public_note(browser, live_server, editor, reviewer, size):
    from annotations.models import Correction
    from tests.publishing.helpers import corrected_draft, published

    _article, claim = published(editor, reviewer)
    claim = corrected_draft(claim, editor, reviewer)
    rv = browser.new_context(viewport={"width": size[0], "height": size[1]}).new_page()
    log_in(rv, live_server, reviewer, PASSWORD)
    rv.goto(f"{live_server.url}/review/")
    row = rv.locator(f"#review-{claim.pk}")
    note = row.get_by_label("Public correction note")
    # The note's field is there to be seen: a real box, as wide as the row's text, not a sliver.
    box, row_box = note.bounding_box(), row.bounding_box()
    assert box["height"] >= 40 and box["width"] >= 0.6 * row_box["width"], (box, row_box)
    assert rv.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    # "a" on the row cannot approve a correction without its note: the browser asks for it.
    rv.keyboard.press("j")
    expect(row).to_be_focused()
    rv.keyboard.press("a")
    expect(note).to_be_focused()
    assert not Correction.objects.exists()

    note.fill("We said mostly true; 22 leaders came, so it is false.")
    row.get_by_role("button", name="Approve the correction").click()
    expect(rv.locator(f"#review-{claim.pk} .done")).to_contain_text("Approved by reviewer")
    assert Correction.objects.get(claim=claim).note == "We said mostly true; 22 leaders came, so it is false."
    rv.context.close()
