"""The reader embed on a CMS's own page (tests/reader/cms.py: another origin, other markup, a strict CSP): every
published quote is marked, the card opens by mouse and keyboard and fits the screen, axe finds nothing, in English
and in Persian; an article that is not published shows nothing."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.a11y import assert_no_violations
from tests.reader import cms, published

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, databases="__all__")]

SHOTS = Path(__file__).resolve().parents[2] / "test-results" / "embed"
LAPTOP, PHONE = {"width": 1366, "height": 768}, {"width": 390, "height": 844}
CARD = "[data-factcheck-card-host] .card"


@pytest.fixture
def site(settings, live_server, editor, reviewer):
    """The desk's published English and Persian articles, an approved but unpublished one, and the CMS's pages."""
    settings.PUBLIC_SITE = True
    en = published.english(editor, reviewer, url="https://cms.example/summit")
    fa = published.persian(editor, reviewer)
    published.publish(
        editor,
        reviewer,
        body=published.EN_BODY,
        claims=published.EN_CLAIMS[:1],
        external_id="cms-draft",
        sign_off=False,
    )
    published.corrected(en[1][2], editor, reviewer, "We first printed the wrong spelling as correct.")
    with cms.serve(live_server.url) as base:
        yield {"cms": base, "en": en, "fa": fa}


def load(page, url: str, state: str = "marked") -> list[str]:
    """Open a CMS page and wait for the embed to finish; returns the console's errors and warnings from then on."""
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(url)
    expect(page.locator("script[data-factcheck-state]")).to_have_attribute("data-factcheck-state", state)
    return problems


def words(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def marked_text(page, claim_id: int) -> str:
    return words("".join(page.locator(f'mark[data-factcheck-claim="{claim_id}"]').all_text_contents()))


def assert_inside_viewport(page, locator, viewport: dict, claim_id: int | None = None) -> None:
    """The card is wholly on screen, and (given its claim) does not hide the quote it explains."""
    box = locator.bounding_box()
    assert box is not None
    assert box["x"] >= 0 and box["y"] >= 0, box
    assert box["x"] + box["width"] <= viewport["width"] and box["y"] + box["height"] <= viewport["height"], box
    if claim_id is not None:
        mark = page.locator(f'mark[data-factcheck-claim="{claim_id}"][role=button]').bounding_box()
        overlap = min(box["y"] + box["height"], mark["y"] + mark["height"]) - max(box["y"], mark["y"])
        assert overlap <= 0 or box["x"] >= mark["x"] + mark["width"] or box["x"] + box["width"] <= mark["x"], (
            box,
            mark,
        )


def focused_claim(page) -> str | None:
    return page.evaluate("() => document.activeElement && document.activeElement.getAttribute('data-factcheck-claim')")


def focus_is_in_card(page) -> bool:
    return page.evaluate(
        "() => { const host = document.querySelector('[data-factcheck-card-host]');"
        " return document.activeElement === host && !!host.shadowRoot.activeElement; }"
    )


def test_every_published_quote_is_marked_in_the_cms_page_and_opens_by_mouse(page, site):
    page.set_viewport_size(LAPTOP)
    problems = load(page, site["cms"] + "/en/summit")
    _, (leaders, grain, ashgatat) = site["en"]
    script = page.locator("script[data-factcheck-state]")
    expect(script).to_have_attribute("data-factcheck-marked", "3")
    expect(script).to_have_attribute("data-factcheck-missed", "")
    # As the page has them: across the span and the bold, with its own quote marks and spaces.
    assert marked_text(page, leaders.pk) == "leaders of 24 countries"
    assert page.locator(f'mark[data-factcheck-claim="{leaders.pk}"]').count() == 3
    assert marked_text(page, grain.pk) == "\u201cgrain exports rose by 12 percent\u201d"
    assert marked_text(page, ashgatat.pk) == "conference in Ashgatat"
    # The same words in the related links, and the advertisement, are not the article's claims.
    assert page.locator(".related mark, .ad mark").count() == 0
    assert_no_violations(page, "CMS page with the quotes marked")

    page.locator(f'mark[data-factcheck-claim="{leaders.pk}"]').nth(1).click()  # the bold "24" inside the quote
    card = page.get_by_role("dialog", name="Fact check")
    expect(card).to_be_visible()
    expect(card).to_contain_text("Mostly true")
    expect(card).to_contain_text("The organisers' list names 22 heads of state")
    expect(card.get_by_role("link", name="List of participants")).to_have_attribute(
        "href", "https://summit.example/participants"
    )
    expect(card.get_by_role("link", name="archived copy")).to_have_attribute(
        "href", "https://web.archive.org/web/2026/https://summit.example/participants"
    )
    expect(page.locator(f'mark[data-factcheck-claim="{leaders.pk}"][role=button]')).to_have_attribute(
        "aria-expanded", "true"
    )
    assert_inside_viewport(page, page.locator(CARD), LAPTOP, leaders.pk)
    assert_no_violations(page, "CMS page with a fact-check card open")

    page.locator(f'mark[data-factcheck-claim="{ashgatat.pk}"]').first.click()
    expect(card).to_contain_text("Incorrect")
    expect(card).to_contain_text("Ashgabat")
    expect(card).to_contain_text("We first printed the wrong spelling as correct.")
    assert_inside_viewport(page, page.locator(CARD), LAPTOP, ashgatat.pk)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "en-laptop.png")

    box = page.locator(CARD).bounding_box()
    assert box["x"] > 10
    page.mouse.click(5, 5)  # elsewhere on the page (left of the card): the card closes
    expect(card).to_be_hidden()
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p], problems
    assert not problems, problems


def test_the_card_opens_and_closes_from_the_keyboard(page, site):
    page.set_viewport_size(LAPTOP)
    load(page, site["cms"] + "/en/summit")
    _, (leaders, grain, _ashgatat) = site["en"]
    # Tab reaches each quote in reading order (past the page's own links).
    reached = []
    for _ in range(12):
        page.keyboard.press("Tab")
        if focused_claim(page):
            reached.append(int(focused_claim(page)))
        if len(reached) == 3:
            break
    assert reached[:2] == [leaders.pk, grain.pk]

    page.locator(f'mark[data-factcheck-claim="{grain.pk}"]').first.focus()
    page.keyboard.press("Enter")
    card = page.get_by_role("dialog", name="Fact check")
    expect(card).to_be_visible()
    expect(card).to_contain_text("False")
    expect(card).to_contain_text("The minister of agriculture")
    assert focus_is_in_card(page)
    page.keyboard.press("Escape")
    expect(card).to_be_hidden()
    assert focused_claim(page) == str(grain.pk)

    page.keyboard.press(" ")
    expect(card).to_be_visible()
    page.keyboard.press("Tab")  # the card's first control: its Close button
    page.keyboard.press("Enter")
    expect(card).to_be_hidden()
    assert focused_claim(page) == str(grain.pk)


def test_the_card_fits_a_phone(page, site):
    page.set_viewport_size(PHONE)
    load(page, site["cms"] + "/en/summit")
    _, (_leaders, grain, _ashgatat) = site["en"]
    page.locator(f'mark[data-factcheck-claim="{grain.pk}"]').first.click()
    expect(page.get_by_role("dialog", name="Fact check")).to_be_visible()
    assert_inside_viewport(page, page.locator(CARD), PHONE, grain.pk)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "en-phone.png")


def test_a_persian_page_is_marked_and_its_card_reads_right_to_left(page, site):
    _, (leaders, capital) = site["fa"]
    for name, viewport in (("laptop", LAPTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        load(page, site["cms"] + "/fa/summit")
        assert marked_text(page, leaders.pk) == "رهبران ۲۴ كشور"  # the page's Arabic kaf, marked all the same
        assert marked_text(page, capital.pk) == "عشق‌آباد پایتخت ترکمنستان است"
        page.locator(f'mark[data-factcheck-claim="{leaders.pk}"]').first.click()
        card = page.get_by_role("dialog", name="راستی‌آزمایی")
        expect(card).to_be_visible()
        expect(card).to_have_attribute("dir", "rtl")
        expect(card).to_have_attribute("lang", "fa")
        expect(card).to_contain_text("حکم")
        expect(card).to_contain_text("عمدتاً درست")
        expect(card.get_by_role("button", name="بستن")).to_be_visible()
        assert_inside_viewport(page, page.locator(CARD), viewport, leaders.pk)
        assert_no_violations(page, f"Persian CMS page, card open ({name})")
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SHOTS / f"fa-{name}.png")


def test_the_article_found_by_its_address(page, site):
    load(page, site["cms"] + "/en/by-address")
    expect(page.locator("script[data-factcheck-state]")).to_have_attribute("data-factcheck-marked", "3")


def test_a_quote_the_cms_edited_a_little_is_still_found_and_one_it_cut_is_reported(page, site):
    load(page, site["cms"] + "/en/edited")
    _, (leaders, grain, ashgatat) = site["en"]
    script = page.locator("script[data-factcheck-state]")
    expect(script).to_have_attribute("data-factcheck-marked", "2")
    expect(script).to_have_attribute("data-factcheck-missed", str(grain.pk))
    assert marked_text(page, leaders.pk) == "leaders of 24 countries"
    assert marked_text(page, ashgatat.pk) == "conference in Ashgabat"  # near match, its context intact
    assert page.locator(".related mark").count() == 0  # outside data-factcheck-root


def test_an_article_not_published_shows_nothing(page, site):
    problems = load(page, site["cms"] + "/en/draft", state="none")
    assert page.locator("mark").count() == 0
    assert page.locator("[data-factcheck-card-host]").count() == 0
    assert not [p for p in problems if "Refused" in p], problems
