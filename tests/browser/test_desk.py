"""The desk, end to end in three browsers: an admin assigns, the editor works with the keyboard alone, the
reviewer hears about it (in the app and by e-mail), sends it back mentioning @editor, and bulk-approves."""

import pytest
from playwright.sync_api import expect

from annotations.models import Claim, ClaimStatus
from tests import workflow
from tests.browser.helpers import log_in, set_selection
from tests.factories import PASSWORD
from tests.notifications.test_services import run_email_jobs

# The article list and the review queue read from the replica (a mirror of the test database).
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, databases="__all__")]

QUOTE = "leaders of 24 countries"


def logged_in(browser, live_server, user):
    page = browser.new_context().new_page()
    page.add_init_script(
        "document.addEventListener('selectionchange', () => { window.__lastSelectionChange = String(getSelection()); "
        "});"
    )
    return log_in(page, live_server, user, PASSWORD)


def test_assign_draft_and_submit_by_keyboard_notify_send_back_with_mention_fix_and_bulk_approve(
    browser, live_server, editor, reviewer, admin_user, mailoutbox
):
    article = workflow.article(admin_user)
    other = workflow.submitted_claim(article, admin_user, "October 22")  # a second claim for the bulk approval

    # The admin assigns the editor and the reviewer from the article list (a bulk action on one selected row).
    ad = logged_in(browser, live_server, admin_user)
    ad.goto(f"{live_server.url}/articles/")
    ad.locator(f'input[data-bulk-item][value="{article.pk}"]').check()
    ad.select_option("#bulk-assignee", label="editor")
    ad.select_option("#bulk-reviewer", label="reviewer")
    ad.get_by_role("button", name="Assign selected").click()
    expect(ad.locator(".messages")).to_contain_text("1 article assigned")

    # The editor sees it under My work and opens it.
    ed = logged_in(browser, live_server, editor)
    expect(ed.locator("#my-articles")).to_contain_text(article.title)
    expect(ed.locator("#nav-notifications .count")).to_have_text("1")  # "admin assigned you as editor"
    ed.locator("#my-articles a", has_text=article.title).click()
    ed.wait_for_url(f"{live_server.url}/articles/{article.pk}/")

    # Keyboard alone: select the phrase as caret browsing would, press a, fill the form, save.
    set_selection(ed, QUOTE)
    ed.keyboard.press("a")
    claim_field = ed.locator("#claim-form").get_by_label("Claim", exact=True)
    expect(claim_field).to_be_focused()
    ed.keyboard.press("Tab")  # claimant
    ed.keyboard.press("Tab")  # kind
    expect(ed.locator("#claim-form #id_kind")).to_be_focused()
    ed.keyboard.press("ArrowDown")  # Number
    ed.keyboard.press("Tab")  # verdict
    ed.keyboard.press("ArrowDown")
    form_kind = ed.locator("#claim-form #id_kind").input_value()
    assert form_kind == "number"
    ed.locator("#claim-form button[type=submit]").focus()
    ed.keyboard.press("Enter")
    card = ed.locator("#detail #claim-card")
    expect(card.locator(".saved")).to_have_text("Claim saved.")
    # The next step has the focus: adding a source.
    add_source = ed.get_by_role("button", name="Add source")
    expect(add_source).to_be_focused()
    ed.keyboard.press("Enter")
    url_field = ed.locator("#new-source").get_by_label("URL", exact=True)
    expect(url_field).to_be_focused()
    ed.keyboard.type("https://example.org/kremlin")
    ed.keyboard.press("Enter")
    submit = ed.locator("#submit-claim")
    expect(submit).to_be_focused()
    ed.keyboard.press("Enter")
    expect(ed.locator("#claim-status")).to_have_text("Submitted")
    claim = Claim.objects.get(article=article, exact=QUOTE)
    assert claim.status == ClaimStatus.SUBMITTED and claim.verdict is not None

    # Escape closes the card and focus returns to the claim's highlight; j/k walk the highlights.
    ed.wait_for_load_state("networkidle")  # the submission's swaps have all landed (they replace the highlight)
    ed.keyboard.press("Escape")
    expect(ed.locator("#claim-card")).to_have_count(0)
    mark = ed.locator(f'#article-text mark[data-claim="{claim.pk}"][tabindex="0"]')
    expect(mark).to_be_focused()
    expect(mark).to_have_accessible_name(f"Claim: {QUOTE}")
    expect(mark).to_have_accessible_description("number, submitted")

    # The assigned reviewer is told, in the app and (once the worker ran) by e-mail.
    rv = logged_in(browser, live_server, reviewer)
    expect(rv.locator("#nav-notifications .count")).to_have_text("2")  # assigned as reviewer, and the submission
    run_email_jobs()
    subjects = [m.subject for m in mailoutbox if m.to == [reviewer.email]]
    assert f"[factcheck] editor submitted the claim “{QUOTE}” in “Summit” for review" in subjects
    rv.goto(f"{live_server.url}/notifications/")
    rv.get_by_role("link", name=f"editor submitted the claim “{QUOTE}” in “Summit” for review").click()
    expect(rv.locator("#claim-card")).to_have_attribute("data-claim-id", str(claim.pk))

    # The reviewer sends it back, mentioning @editor with the autocompletion.
    rv.locator("#claim-card details.send-back summary").click()
    comment = rv.locator(f"#send-back-comment-{claim.pk}")
    comment.focus()
    rv.keyboard.type("Which 24? @edi")
    expect(rv.locator(".mention-menu").get_by_role("option")).to_have_count(
        1
    )  # the answer for "@edi", not an earlier, wider one
    expect(rv.locator(".mention-menu").get_by_role("option", name="@editor")).to_be_visible()
    rv.keyboard.press("Enter")
    expect(comment).to_have_value("Which 24? @editor ")
    rv.keyboard.type("please name the source.")
    rv.locator("#send-back-claim").click()
    expect(rv.locator("#claim-status")).to_have_text("Changes requested")

    # The editor is notified (the mention), fixes the claim and resubmits.
    ed.goto(f"{live_server.url}/notifications/")
    note = ed.get_by_role("link", name=f"reviewer mentioned you on the claim “{QUOTE}” in “Summit”")
    expect(note).to_be_visible()
    expect(ed.locator("#notification-list")).to_contain_text("Which 24? @editor please name the source.")
    note.click()
    ed.wait_for_url(f"{live_server.url}/claims/{claim.pk}/")
    ed.get_by_role("button", name="Edit claim").click()
    ed.fill("#id_rationale", "The Kremlin aide Ushakov named 24 heads of state.")
    ed.get_by_role("button", name="Save", exact=True).click()
    expect(ed.locator("#claim-card .rationale")).to_contain_text("Ushakov")
    ed.wait_for_load_state("networkidle")  # the save's swaps have all landed (they replace the submit button)
    ed.click("#submit-claim")
    expect(ed.locator("#claim-status")).to_have_text("Submitted")

    # The reviewer bulk-approves both claims from the queue.
    rv.goto(f"{live_server.url}/review/")
    rv.locator("input[data-bulk-all]").check()
    rv.get_by_role("button", name="Approve selected").click()
    expect(rv.locator(".bulk-result")).to_contain_text("2 approved")
    assert set(Claim.objects.filter(pk__in=[claim.pk, other.pk]).values_list("status", flat=True)) == {
        ClaimStatus.APPROVED
    }
