"""Hostile text stays text, the Content-Security-Policy holds, and htmx POSTs need the CSRF token."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from annotations import services
from annotations.models import Claim, ClaimKind
from tests.browser.helpers import card_for, click_text, drag_select, open_workspace
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
BOTH = f"{SCRIPT} {IMG}"


def record_dialogs(page: Page) -> list[str]:
    dialogs: list[str] = []

    def on_dialog(dialog):
        dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return dialogs


def record_csp_reports(page: Page) -> list[str]:
    """Console messages about the CSP, and securitypolicyviolation events (caught before any page script)."""
    reports: list[str] = []
    page.on(
        "console",
        lambda msg: (
            reports.append(f"console {msg.type}: {msg.text}")
            if re.search(r"Content.Security.Policy", msg.text, re.I)
            else None
        ),
    )
    page.add_init_script(
        """window.__cspViolations = [];
        document.addEventListener("securitypolicyviolation",
          (e) => window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline")));"""
    )
    return reports


def assert_nothing_injected(page: Page) -> None:
    expect(page.locator('img[src="x"]')).to_have_count(0)
    expect(page.locator("img[onerror]")).to_have_count(0)
    # The only scripts are the ones the base template loads from /static/, and the translations' catalogue.
    expect(page.locator("script:not([src])")).to_have_count(0)
    sources = page.eval_on_selector_all("script", "els => els.map(e => new URL(e.src).pathname)")
    catalogue = reverse("javascript_catalog")
    assert sources and all(src.startswith("/static/") or src == catalogue for src in sources), sources
    assert page.evaluate("() => window.__cspViolations") == []


@pytest.fixture
def hostile_article(editor):
    body = f"Intro {SCRIPT} middle.\n\nThe quote was {IMG} at the end."
    article = services.article_create(user=editor, title=BOTH, body=body, publication=IMG)
    assert article.body == body  # kept literally, not parsed as markup
    start = body.index(IMG)
    claim = services.claim_create(
        article=article,
        user=editor,
        start=start,
        end=start + len(IMG),
        quote=IMG,
        statement=BOTH,
        claimant=IMG,
        kind=ClaimKind.NAME,
        rationale=f"{SCRIPT}\n{IMG}",
        correction=IMG,
    )
    services.source_create(
        claim=claim,
        user=editor,
        url="https://example.org/x?q=%3Cscript%3E",
        title=SCRIPT,
        publisher=IMG,
        excerpt=BOTH,
    )
    return article, claim


def test_hostile_text_is_shown_as_text(live_server, login, editor, hostile_article):
    article, claim = hostile_article
    page = login(editor)
    dialogs = record_dialogs(page)
    record_csp_reports(page)
    open_workspace(page, live_server, article)

    assert page.title() == f"{BOTH} · factcheck"
    expect(page.locator("h1")).to_have_text(BOTH)
    expect(page.locator(".article-head .meta")).to_contain_text(IMG)
    text = page.locator("#article-text")
    expect(text).to_contain_text(SCRIPT)
    expect(text).to_contain_text(IMG)
    expect(page.locator(f'#article-text mark[data-claim="{claim.pk}"]')).to_have_text(IMG)
    expect(page.locator("#claim-list .quote")).to_have_text(IMG)
    assert_nothing_injected(page)

    # The card, loaded over htmx.
    click_text(page, "onerror")
    card = card_for(page, claim.pk)
    expect(card.locator("blockquote.quote")).to_have_text(IMG)
    expect(card.locator(".claim-text")).to_have_text(BOTH)
    expect(card.locator(".claimant")).to_have_text(IMG)
    rationale = card.locator(".rationale")
    expect(rationale).to_have_text(f"{SCRIPT}{IMG}")  # textContent; the line break is a <br>
    expect(rationale.locator("br")).to_have_count(1)
    assert rationale.inner_text() == f"{SCRIPT}\n{IMG}"
    expect(card.locator(".correction ins")).to_have_text(IMG)
    expect(card.locator(".correction del")).to_have_text(IMG)
    source = card.locator("li.source")
    expect(source.locator(".source-title")).to_have_text(SCRIPT)
    expect(source.locator(".publisher")).to_have_text(IMG)
    expect(source.locator(".excerpt")).to_have_text(BOTH)
    expect(page.get_by_text(BOTH, exact=True).first).to_be_visible()
    assert_nothing_injected(page)

    # The edit forms put the same text back into attribute values and textareas, intact.
    card.get_by_role("button", name="Edit claim").click()
    form = page.locator("#detail #claim-form")
    expect(form.get_by_label("Claim", exact=True)).to_have_value(BOTH)
    expect(form.get_by_label("Claimant (who said it)")).to_have_value(IMG)
    expect(form.get_by_label("Correction")).to_have_value(IMG)
    expect(form.get_by_label("Rationale")).to_have_value(f"{SCRIPT}\n{IMG}")
    form.get_by_role("button", name="Cancel").click()
    card = card_for(page, claim.pk)
    card.locator("li.source").get_by_role("button", name="Edit").click()
    source_form = page.locator("#detail form.source-form")
    expect(source_form.get_by_label("Title")).to_have_value(SCRIPT)
    expect(source_form.get_by_label("Publisher")).to_have_value(IMG)
    assert_nothing_injected(page)

    # Saving the hostile values back through the browser round-trips them unchanged.
    source_form.get_by_role("button", name="Save source").click()
    expect(page.locator("#detail li.source .publisher")).to_have_text(IMG)
    assert_nothing_injected(page)

    # The history pages tell the same values as sentences and changed fields (built as safe HTML in Python).
    for url in (f"/articles/{article.pk}/history/", f"/claims/{claim.pk}/history/"):
        page.goto(live_server.url + url)
        entries = page.locator(".history-entry")
        expect(entries.filter(has_text=f"added the claim “{IMG}”")).to_have_count(1)
        assert_nothing_injected(page)
    expect(page.locator(".history-entry").filter(has_text=f"“{SCRIPT}”")).not_to_have_count(0)  # the source's title
    assert dialogs == []


def test_csp_header_and_no_violations_on_a_normal_page(live_server, login, editor):
    article = ArticleFactory(created_by=editor)
    page = login(editor)
    reports = record_csp_reports(page)
    response = open_workspace(page, live_server, article)

    csp = response.headers["content-security-policy"]
    script_src = re.search(r"script-src ([^;]*)", csp).group(1)
    assert "'nonce-" in script_src, csp
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp, csp
    nonce = re.search(r"'nonce-([^']+)'", script_src).group(1)
    # The page's scripts carry the nonce (the nonce attribute reads back empty from the DOM, so ask the property).
    nonces = page.eval_on_selector_all("script", "els => els.map(e => e.nonce)")
    assert nonces and set(nonces) == {nonce}

    # Everything the workspace does: select, open the form, save, open a card, edit, back.
    quote = "leaders of 24 countries"
    drag_select(page, quote)
    page.get_by_role("button", name="Add claim").click()
    page.locator("#detail #claim-form").get_by_role("button", name="Save claim").click()
    card = page.locator("#detail #claim-card")
    expect(card.locator(".saved")).to_have_text("Claim saved.")
    claim_id = int(card.get_attribute("data-claim-id"))
    click_text(page, "countries")
    expect(card.locator(".saved")).to_have_count(0)  # the card reloaded from the highlight has no "Claim saved."
    card_for(page, claim_id).get_by_role("button", name="Edit claim").click()
    page.locator("#detail #claim-form").get_by_role("button", name="Cancel").click()
    card_for(page, claim_id).get_by_role("button", name="Add source").click()
    expect(page.locator("#detail form.source-form")).to_be_visible()
    page.reload()
    expect(page.locator(f'#article-text mark[data-claim="{claim_id}"]')).to_be_visible()

    assert reports == []
    assert page.evaluate("() => window.__cspViolations") == []

    # The listeners do catch a violation: an inline script injected now is refused and reported.
    page.evaluate(
        """() => { const s = document.createElement("script"); s.textContent = "window.__ran = true";
                   document.body.append(s); }"""
    )
    page.wait_for_function("() => window.__cspViolations.length > 0")
    assert page.evaluate("() => window.__ran") is None


def test_post_without_csrf_token_is_refused(live_server, login, editor):
    article = ArticleFactory(created_by=editor)
    quote = "leaders of 24 countries"
    start = article.body.index(quote)
    page = login(editor)
    open_workspace(page, live_server, article)
    url = f"{live_server.url}/articles/{article.pk}/claims/new/"
    data = {
        "start": str(start),
        "end": str(start + len(quote)),
        "quote": quote,
        "statement": quote,
        "kind": ClaimKind.NUMBER,
    }

    # Same browser context, session cookie included, but no token: refused.
    refused = page.request.post(url, form=data, headers={"HX-Request": "true"}, max_redirects=0)
    assert refused.status == 403
    assert not Claim.objects.exists()

    # The same request with the token (as htmx sends it from hx-headers) is accepted.
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    accepted = page.request.post(url, form=data, headers={"HX-Request": "true", "X-CSRFToken": token}, max_redirects=0)
    assert accepted.status == 200, accepted.text()
    claim = Claim.objects.get()
    assert (claim.start, claim.end, claim.kind) == (start, start + len(quote), ClaimKind.NUMBER)
