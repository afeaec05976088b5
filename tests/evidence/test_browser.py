"""In Chromium: a hostile page's copy runs nothing in our origin: no script, no event handler, no meta refresh, no
form; its original only ever downloads."""

import pytest
from playwright.sync_api import expect

from annotations import services
from annotations.models import Article, Snapshot
from evidence import services as evidence
from tests import workflow
from tests.evidence.test_pages_and_api import HOSTILE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, databases="__all__")]


def settled(page):
    """Wait for the condition, not the clock: the document has loaded and the event loop has turned twice after it
    (a frame, then a task), so a handler or a 0 s refresh queued by the load would already have run."""
    page.wait_for_load_state("load")
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => setTimeout(done, 0)))")
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => setTimeout(done, 0)))")


def test_opening_a_hostile_pages_copy_runs_no_script(live_server, login, editor, site):
    claim = workflow.claim(workflow.article(editor), editor)
    source = services.source_create(claim=claim, user=editor, url=site.put("/hostile", HOSTILE), title="Hostile")
    snapshot = evidence.snapshot_take(Snapshot.objects.get(source=source).pk)
    articles = Article.objects.count()
    page = login(editor)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    page.goto(f"{live_server.url}/claims/{claim.pk}/")
    line = page.locator(f"#source-{source.pk}-snapshot")
    expect(line).to_contain_text("archived")
    line.get_by_role("link", name="text").click()
    expect(page.locator("#snapshot-text")).to_contain_text("12 million tonnes of cargo")
    settled(page)  # the page's load event has fired: its onload and a 0 s meta refresh would have run by now
    assert page.url == f"{live_server.url}/snapshots/{snapshot.pk}/text/"
    assert page.title() != "PWNED"
    assert page.evaluate("document.body.dataset.pwned") is None
    assert page.locator("#snapshot-text script, #snapshot-text form, #snapshot-text img").count() == 0

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the original file").click()
    assert download.value.suggested_filename.startswith(f"snapshot-{snapshot.pk}-")
    settled(page)
    assert page.url == f"{live_server.url}/snapshots/{snapshot.pk}/text/"  # still our page: nothing was rendered
    assert page.evaluate("document.body.dataset.pwned") is None and page.title() != "PWNED"

    # Even opened straight, the original is a download in a sandbox, never a page of our origin.
    response = page.request.get(f"{live_server.url}/snapshots/{snapshot.pk}/original/")
    assert response.headers["content-security-policy"] == "sandbox"
    assert response.headers["content-disposition"].startswith("attachment")
    assert dialogs == [] and Article.objects.count() == articles
