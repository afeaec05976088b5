"""The API docs page (Swagger UI, served from the app's own static files) under axe-core like every other page:
collapsed, an operation open, trying it out with its answer shown, the Authorize dialog and the schemas."""

import pytest
from playwright.sync_api import expect

from tests.browser.a11y import assert_no_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, databases="__all__")]


def test_api_docs_page_passes_axe_in_every_state(page, live_server):
    page.goto(f"{live_server.url}/api/docs/")
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible()
    assert_no_violations(page, "API docs")

    operation = page.locator("#operations-articles-v1_articles_list")
    operation.locator(".opblock-summary-control").click()
    expect(operation.locator(".opblock-body")).to_be_visible()
    assert_no_violations(page, "API docs, an operation open")

    operation.get_by_role("button", name="Try it out").click()
    operation.get_by_role("button", name="Execute").click()
    expect(operation.locator(".responses-wrapper .live-responses-table")).to_be_visible()
    assert_no_violations(page, "API docs, an operation tried out with its answer")

    page.locator(".swagger-ui .btn.authorize").first.click()
    dialog = page.locator(".swagger-ui .dialog-ux .modal-ux")
    expect(dialog).to_be_visible()
    assert_no_violations(page, "API docs, the Authorize dialog")
    dialog.locator(".close-modal").click()

    models = page.locator(".swagger-ui section.models")
    models.scroll_into_view_if_needed()
    if "is-open" not in (models.get_attribute("class") or ""):
        models.locator(".models-control").click()
    model = models.locator(".model-container").first
    expect(model).to_be_visible()
    model.locator(".model-box-control").first.click()
    assert_no_violations(page, "API docs, the schemas open")
