"""Correcting a published verdict in the browser: the approve form asks for the public note where the reviewer
works, and the claim then lists where the old verdict still stands, each ticked off as it is updated.

Boxes are measured as the person sees them (inside the window, not covered, no sideways scroll), at a laptop
and a phone size; PUBLISHING_SHOTS=folder also saves each state as a PNG to look at."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from publishing import services as publishing_services
from tests.browser.a11y import assert_accessible
from tests.browser.helpers import log_in
from tests.factories import PASSWORD
from tests.publishing.helpers import corrected_draft, published

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = [(1366, 768), (1920, 1080), (390, 844)]
SHOTS = os.environ.get("PUBLISHING_SHOTS")
NOTE = "We said mostly true. The summit had 22 leaders, so the claim is false."

_BOX = """(selector) => {
  const el = document.querySelector(selector);
  if (!el) return null;
  const r = el.getBoundingClientRect();
  const x = Math.min(Math.max(r.left + r.width / 2, 0), window.innerWidth - 1);
  const y = Math.min(Math.max(r.top + Math.min(r.height, 20) / 2, 0), window.innerHeight - 1);
  const top = document.elementFromPoint(x, y);
  return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width, height: r.height,
           W: document.documentElement.clientWidth, H: window.innerHeight,
           onTop: !!top && (el === top || el.contains(top)),
           sideways: document.scrollingElement.scrollWidth > document.documentElement.clientWidth + 1 };
}"""


def seen(page, selector: str, *, control: bool = True) -> list[str]:
    """What is wrong with how `selector` shows: empty when it lies inside the window and on top, and (a control)
    offers at least a 24 px target (WCAG 2.5.8)."""
    box = page.evaluate(_BOX, selector)
    if box is None:
        return [f"{selector}: missing"]
    problems = []
    if box["height"] == 0 or (control and (box["width"] < 24 or box["height"] < 24)):
        problems.append(f"{selector}: {box['width']:.0f}x{box['height']:.0f} px")
    if box["top"] < -0.5 or box["bottom"] > box["H"] + 0.5 or box["left"] < -0.5 or box["right"] > box["W"] + 0.5:
        problems.append(f"{selector}: outside the window ({box})")
    if not box["onTop"]:
        problems.append(f"{selector}: covered")
    if box["sideways"]:
        problems.append("the page scrolls sideways")
    return problems


def shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=False)


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_a_reviewer_approves_a_correction_with_a_note_and_ticks_off_the_old_copies(
    browser, live_server, editor, reviewer, settings, size
):
    settings.PUBLIC_SITE = True
    _article, claim = published(editor, reviewer)
    publishing_services.copies_sent("feed", [(claim.pk, claim.version)])
    post = publishing_services.destination_add(
        claim=claim, user=editor, url="https://social.example/desk/status/1", label="Our post on Social"
    )
    claim = corrected_draft(claim, editor, reviewer)

    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = log_in(context.new_page(), live_server, reviewer, PASSWORD)
    page.goto(f"{live_server.url}/claims/{claim.pk}/")
    form = page.locator("#correction-form")
    expect(form).to_be_visible()
    form.locator("textarea").scroll_into_view_if_needed()  # where the reviewer scrolls to on the card
    problems = seen(page, "#correction-form textarea") + seen(page, "#correction-form button[type=submit]")
    shot(page, f"approve-with-note-{size[0]}")
    assert problems == []
    assert_accessible(page, "the approve form asking for a correction note")

    page.fill(f"#correction-note-{claim.pk}", NOTE)
    page.click("#approve-claim")
    expect(page.locator("#claim-status")).to_have_text("Approved")
    expect(page.locator("#corrections")).to_contain_text(NOTE)
    summary = page.locator("#stale-summary")
    expect(summary).to_have_text("2 destinations still have the old version.")
    page.locator("#destinations").scroll_into_view_if_needed()
    shot(page, f"destinations-{size[0]}")
    assert_accessible(page, "the card after a correction, with where the verdict went")
    ticked = f"#destination-{post.pk}-updated"
    assert seen(page, "#stale-summary", control=False) + seen(page, ticked) == []
    page.click(ticked)
    expect(summary).to_have_text("1 destination still has the old version.")
    expect(page.locator(ticked)).to_have_count(0)

    public = context.new_page()
    public.goto(f"{live_server.url}/public/corrections/")
    expect(public.locator("#corrections-log")).to_contain_text(NOTE)
    assert seen(public, ".public-correction .correction-note", control=False) == []
    shot(public, f"public-log-{size[0]}")
    assert_accessible(public, "the public corrections log")
    public.goto(f"{live_server.url}/public/articles/{claim.article_id}/")
    expect(public.locator(f"#claim-{claim.pk} .correction-note")).to_contain_text(NOTE)
    assert seen(public, f"#claim-{claim.pk} .statement", control=False) == []
    shot(public, f"public-article-{size[0]}")
    assert_accessible(public, "the public page of the article's fact-checks")
    context.close()
