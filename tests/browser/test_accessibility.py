"""axe-core (WCAG 2.0/2.1/2.2 A and AA) finds nothing on any page, nor in the workspace's states."""

import pytest
from playwright.sync_api import expect

from tests.browser import pages
from tests.browser.a11y import assert_no_violations
from tests.browser.helpers import log_in, open_workspace, set_selection
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_every_page_passes_axe(page, live_server, editor, reviewer, admin_user):
    data = pages.build(editor, reviewer, admin_user)
    page.goto(f"{live_server.url}/login/")
    assert_no_violations(page, "login page")
    page.fill("#id_username", admin_user.username)
    page.fill("#id_password", "wrong password")
    page.click("button[type=submit]")
    expect(page.locator(".errorlist, .error").first).to_be_visible()
    assert_no_violations(page, "login page with an error")

    log_in(page, live_server, admin_user, PASSWORD)
    for name, url in data["urls"].items():
        response = page.goto(live_server.url + url)
        assert response.ok, name
        assert_no_violations(page, name)

    page.goto(f"{live_server.url}/articles/new/")
    page.get_by_role("button", name="Create article").click()
    expect(page.locator("[aria-invalid=true]").first).to_be_visible()
    assert_no_violations(page, "new article form with errors")


def test_workspace_states_pass_axe(page, live_server, editor, reviewer, admin_user):
    data = pages.build(editor, reviewer, admin_user)
    log_in(page, live_server, editor, PASSWORD)
    open_workspace(page, live_server, data["article"])

    page.locator(f'#claim-list a[data-claim="{data["draft"].pk}"]').click()
    expect(page.locator("#claim-card")).to_have_attribute("data-claim-id", str(data["draft"].pk))
    assert_no_violations(page, "claim card open")

    page.locator("#claim-card").get_by_role("button", name="Add source").click()
    expect(page.locator(".source-form")).to_be_visible()
    assert_no_violations(page, "source form open")

    set_selection(page, "Ashgabat")
    page.keyboard.press("a")
    form = page.locator("#claim-form")
    expect(form).to_be_visible()
    assert_no_violations(page, "claim form open")

    form.locator("#id_claim").fill("")
    form.get_by_role("button", name="Save claim").click()
    expect(form.locator("#id_claim")).to_have_attribute("aria-invalid", "true")
    assert_no_violations(page, "claim form with errors")
