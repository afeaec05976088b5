"""On a 390x844 phone: no page scrolls sideways, and a claim goes from a tap to saved."""

import pytest
from playwright.sync_api import expect

from annotations.models import Claim
from tests.browser import pages
from tests.browser.helpers import log_in, open_workspace, set_selection
from tests.factories import PASSWORD

# "__all__": list pages read from the replica that `./dev test` configures (it mirrors the test database).
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, databases="__all__")]

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True, "has_touch": True}


@pytest.fixture
def phone(browser):
    context = browser.new_context(**PHONE)
    yield context.new_page()
    context.close()


def sideways(page) -> dict:
    """How far the page reaches beyond the screen, and the elements that stick out."""
    return page.evaluate(
        """() => {
          const width = document.documentElement.clientWidth;
          const wide = [...document.querySelectorAll("body *")]
            .filter(el => el.getBoundingClientRect().right > width + 1 && getComputedStyle(el).position !== "fixed")
            .filter(el => !el.closest("[hidden], details:not([open]) > :not(summary)"))
            .slice(0, 5).map(el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + "." + el.className);
          return { scrollWidth: document.documentElement.scrollWidth, width, wide };
        }"""
    )


def test_no_page_scrolls_sideways_on_a_phone(phone, live_server, editor, reviewer, admin_user):
    data = pages.build(editor, reviewer, admin_user)
    phone.goto(f"{live_server.url}/login/")
    assert sideways(phone)["scrollWidth"] <= 390, sideways(phone)
    log_in(phone, live_server, admin_user, PASSWORD)
    for name, url in data["urls"].items():
        assert phone.goto(live_server.url + url).status == (400 if name.endswith("with an error") else 200), name
        result = sideways(phone)
        assert result["scrollWidth"] <= 390, (name, result)

    # The navigation collapses behind a menu button and opens on a tap.
    phone.goto(f"{live_server.url}/")
    nav = phone.locator("#site-nav")
    expect(nav).to_be_hidden()
    phone.get_by_role("button", name="Menu").tap()
    expect(nav).to_be_visible()
    expect(nav.get_by_role("link", name="Review queue")).to_be_visible()
    assert sideways(phone)["scrollWidth"] <= 390

    # The open claim card and the claim form fit too.
    phone.goto(f"{live_server.url}/articles/{data['article'].pk}/")
    phone.locator(f'#article-text mark[data-claim="{data["submitted"].pk}"]').first.tap()
    expect(phone.locator("#claim-card")).to_have_attribute("data-claim-id", str(data["submitted"].pk))
    expect(phone.locator("#claim-card")).to_be_in_viewport()  # the tapped highlight's card scrolls into view
    assert sideways(phone)["scrollWidth"] <= 390, sideways(phone)


def test_a_claim_from_tap_to_save_on_a_phone(phone, live_server, editor, reviewer, admin_user):
    data = pages.build(editor, reviewer, admin_user)
    log_in(phone, live_server, editor, PASSWORD)
    open_workspace(phone, live_server, data["article"])

    # A long press selects text on a phone; the selection then looks like any other.
    set_selection(phone, "Turkmenistan")
    expect(phone.locator("#add-claim")).to_be_visible()
    assert sideways(phone)["scrollWidth"] <= 390, sideways(phone)  # the button stays on the screen
    set_selection(phone, "Ashgabat")
    phone.locator("#add-claim").tap()
    form = phone.locator("#claim-form")
    expect(form.locator("blockquote.quote")).to_have_text("Ashgabat")
    assert sideways(phone)["scrollWidth"] <= 390, sideways(phone)
    form.locator("#id_statement").fill("The capital is spelt Ashgabat.")
    form.locator("#id_kind").select_option("name")
    form.get_by_role("button", name="Save claim").tap()
    expect(phone.locator("#claim-card .claim-text")).to_have_text("The capital is spelt Ashgabat.")
    claim = Claim.objects.get(statement="The capital is spelt Ashgabat.")
    expect(phone.locator(f'#article-text mark[data-claim="{claim.pk}"]')).to_have_text("Ashgabat")
    expect(phone.locator("#claim-card")).to_be_in_viewport()
