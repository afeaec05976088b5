"""axe-core (WCAG 2.0/2.1/2.2 A and AA) finds nothing on any page, nor in the workspace's states."""

import pytest
from playwright.sync_api import expect

from tests.browser import pages
from tests.browser.a11y import assert_accessible
from tests.browser.helpers import _SELECTION_SPY, log_in, open_workspace, set_selection
from tests.factories import PASSWORD
from tests.suggestions.helpers import run_worker_job

# "__all__": list pages read from the replica that `./dev test` configures (it mirrors the test database).
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, databases="__all__")]


def test_every_page_passes_axe(page, live_server, editor, reviewer, admin_user):
    data = pages.build(editor, reviewer, admin_user)
    page.goto(f"{live_server.url}/login/")
    assert_accessible(page, "login page")
    page.fill("#id_username", admin_user.username)
    page.fill("#id_password", "wrong password")
    page.click("main button[type=submit]")
    expect(page.locator(".errorlist, .error").first).to_be_visible()
    assert_accessible(page, "login page with an error")

    log_in(page, live_server, admin_user, PASSWORD)
    for name, url in data["urls"].items():
        response = page.goto(live_server.url + url)
        assert response.status == (400 if name.endswith("with an error") else 200), name
        assert_accessible(page, name)

    page.goto(f"{live_server.url}/articles/new/")
    page.get_by_role("button", name="Create article").click()
    expect(page.locator("[aria-invalid=true]").first).to_be_visible()
    assert_accessible(page, "new article form with errors")

    # A checkbox group is a fieldset named by its legend; left empty, the group is marked and explained.
    page.goto(f"{live_server.url}/integrations/webhooks/")
    events = page.get_by_role("group", name="Events")
    expect(events.get_by_role("checkbox").first).to_be_visible()
    page.fill("#id_url", "https://cms.example/hook")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("group", name="Events")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, "webhook form with errors")


def test_workspace_states_pass_axe(page, live_server, editor, reviewer, admin_user):
    data = pages.build(editor, reviewer, admin_user)
    run_worker_job(data["article"])  # the Suggestions panel lists what the analysis found
    log_in(page, live_server, editor, PASSWORD)
    open_workspace(page, live_server, data["article"])
    expect(page.locator("#suggestions .suggestion").first).to_be_visible()
    assert_accessible(page, "workspace with suggestions listed")

    page.locator(f'#claim-list a[data-claim="{data["draft"].pk}"]').click()
    expect(page.locator("#claim-card")).to_have_attribute("data-claim-id", str(data["draft"].pk))
    assert_accessible(page, "claim card open")

    page.locator("#claim-card").get_by_role("button", name="Add source").click()
    expect(page.locator(".source-form")).to_be_visible()
    expect(page.locator(".source-form").get_by_label("URL", exact=True)).to_be_focused()  # the next step has the focus
    assert_accessible(page, "source form open")
    page.keyboard.press("Escape")  # closes the form; the focus goes back to the card, out of the field
    expect(page.locator(".source-form")).to_have_count(0)
    expect(page.locator("#claim-card")).to_be_focused()

    set_selection(page, "Ashgabat")
    page.keyboard.press("a")
    form = page.locator("#claim-form")
    expect(form).to_be_visible()
    assert_accessible(page, "claim form open")

    # The edit form, saved with the claim left empty.
    page.locator(f'#claim-list a[data-claim="{data["draft"].pk}"]').click()
    expect(page.locator("#claim-card")).to_have_attribute("data-claim-id", str(data["draft"].pk))
    page.locator("#claim-card").get_by_role("button", name="Edit claim").click()
    form.locator("#id_statement").fill("")
    form.get_by_role("button", name="Save", exact=True).click()
    invalid = form.locator("#id_statement")
    expect(invalid).to_have_attribute("aria-invalid", "true")
    # The field names its error message, which exists and is what the user sees next to it.
    described = invalid.get_attribute("aria-describedby")
    assert described and page.locator(f"#{described.split()[-1]}").is_visible()
    assert "This field is required." in page.locator(f"#{described.split()[-1]}").inner_text()
    assert invalid.evaluate("el => getComputedStyle(el).borderTopWidth") == "2px"
    expect(page.locator("#announcer")).to_have_text("Not saved: one field needs attention.")
    assert_accessible(page, "claim form with errors")


def test_actions_are_announced_in_one_short_sentence(page, live_server, editor, reviewer, admin_user):
    data = pages.build(editor, reviewer, admin_user)
    log_in(page, live_server, reviewer, PASSWORD)
    page.goto(f"{live_server.url}/articles/{data['article'].pk}/")
    # The side panel is no live region of its own: only the announcer speaks.
    assert page.locator("#detail[aria-live]").count() == 0
    page.locator(f'#claim-list a[data-claim="{data["submitted"].pk}"]').click()
    page.locator("#approve-claim").click()
    expect(page.locator("#claim-status")).to_have_text("Approved")
    expect(page.locator("#announcer")).to_have_text("Claim approved.")

    page.locator(f'#claim-list a[data-claim="{data["draft"].pk}"]').click()
    expect(page.locator("#claim-card")).to_have_attribute("data-claim-id", str(data["draft"].pk))
    page.locator("#claim-card textarea[name=text]").fill("Checked against the atlas.")
    page.locator("#claim-card").get_by_role("button", name="Comment").click()
    expect(page.locator("#comments")).to_contain_text("Checked against the atlas.")
    expect(page.locator("#announcer")).to_have_text("Comment added.")

    # A disabled sign-off says why in text, next to the button.
    expect(page.locator("#sign-off")).to_be_disabled()
    expect(page.locator("#sign-off")).to_have_accessible_description("Every claim must be approved first.")


@pytest.mark.parametrize("language", ["en-gb", "ru", "fa"])
def test_the_demo_workspace_passes_axe_in_every_language(page, live_server, demo, language):
    """The demo article with the worker's suggestions listed, a long quote's card open, the claim form open and a
    suggestion's "Checked before" open, in each interface language (Persian right to left)."""
    from django.contrib.auth import get_user_model

    from tests.browser.conftest import DEMO_PASSWORD

    editor = get_user_model().objects.get(username="editor")
    page.add_init_script(_SELECTION_SPY)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    log_in(page, live_server, editor, DEMO_PASSWORD)
    open_workspace(page, live_server, demo)
    expect(page.locator("#suggestions .suggestion").first).to_be_visible()
    assert_accessible(page, f"workspace with suggestions listed ({language})")

    # The long quote's highlight is named by its whole text; its kind and status describe it.
    quote = "Pezeshkian said Iran’s relationship with Russia is “sincere and strategic”"
    claim = demo.claims.get(exact=quote)
    mark = page.locator(f'#article-text mark.hl[data-claim="{claim.pk}"][tabindex="0"]')
    assert quote in mark.get_attribute("aria-label")
    mark.click()
    expect(page.locator("#claim-card")).to_have_attribute("data-claim-id", str(claim.pk))
    expect(page.locator("#checked-before h3")).to_be_visible()  # the card's archive box answered
    page.wait_for_load_state("networkidle")
    assert_accessible(page, f"long quote's card open ({language})")

    set_selection(page, "Kazakhstan, Kyrgyzstan, Tajikistan and Uzbekistan")
    page.keyboard.press("a")
    expect(page.locator("#claim-form #id_statement")).to_be_focused()
    page.wait_for_load_state("networkidle")
    assert_accessible(page, f"claim form open ({language})")
    page.keyboard.press("Escape")
    expect(page.locator("#claim-form")).to_have_count(0)

    first = page.locator("#suggestions .suggestion").first
    first.locator("details.checked-before-toggle > summary").click()
    expect(first.locator(".checked-before h3")).to_be_visible()
    assert_accessible(page, f"a suggestion's Checked before open ({language})")
