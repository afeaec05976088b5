"""The workspace as a person sees it: the open card, the claim form and "Checked before" get the room to be read.

Nothing here asks whether an element merely exists: each step measures boxes in the window as it is after the
user's own action (a click on a highlight, "a" on a selection, a click on "Checked before?"), and the test never
scrolls anything itself. For each window size and interface language it checks that
- the box that scrolls the opened thing shows at least half the window, or all of the thing;
- its heading, its first field and its save button (for the form) lie inside the window and are not covered;
- nothing scrolls sideways: not the page, the article or the side panel;
- on wide screens the clicked highlight stays in sight beside the open card.
Every figure is collected first, so a failure lists every size and state at once.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import DEMO_PASSWORD
from tests.browser.helpers import _SELECTION_SPY, log_in, set_selection

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, databases="__all__")]

SIZES = [(1280, 720), (1366, 768), (1440, 900), (1920, 1080), (390, 844)]
WIDE = 1000  # from this width on, the article and the panel stand side by side
LANGUAGES = ["en-gb", "ru", "fa"]
CARD_QUOTE = "leaders of 24 countries"  # the card: changes requested, with a comment and a source
SHOTS = os.environ.get("LAYOUT_SHOTS")  # a folder: each state measured is also saved there as a PNG to look at
CHECKED_QUOTE = "I hope we will finalize this agreement"  # a suggestion the demo archive has fact-checks for
NEW_QUOTE = "Kazakhstan, Kyrgyzstan, Tajikistan and Uzbekistan"  # no claim on it yet

# Measures `selector` and the box that scrolls it; `parts` are selectors (inside it) that must be seen.
_MEASURE = """([selector, parts]) => {
  const el = document.querySelector(selector);
  if (!el) return { missing: selector };
  const H = window.innerHeight, W = document.documentElement.clientWidth;
  const name = (n) => n === document.scrollingElement ? "page" : n.tagName.toLowerCase() + (n.id ? "#" + n.id : "") +
    (typeof n.className === "string" && n.className ? "." + n.className.trim().split(/\\s+/).join(".") : "");
  let box = document.scrollingElement;
  for (let n = el; n && n !== document.body && n !== document.documentElement; n = n.parentElement) {
    const clips = /(auto|scroll|hidden)/.test(getComputedStyle(n).overflowY);
    if (clips && n.scrollHeight > n.clientHeight + 1) { box = n; break; }
  }
  const r = box === document.scrollingElement ? { top: 0, bottom: H } : box.getBoundingClientRect();
  const top = box === document.scrollingElement ? 0 : r.top + box.clientTop;
  const visible = Math.max(0, Math.min(top + box.clientHeight, H) - Math.max(top, 0));
  const own = el.getBoundingClientRect();
  const whole = own.top >= -0.5 && own.bottom <= H + 0.5 &&
    (box === document.scrollingElement || (own.top >= top - 0.5 && own.bottom <= top + box.clientHeight + 0.5));
  // A part is seen when it lies inside the window and inside every box that clips it, and is on top there.
  const seen = (part) => {
    const p = el.matches(part) ? el : el.querySelector(part);
    if (!p) return "missing";
    const b = p.getBoundingClientRect();
    if (b.height === 0) return "not shown";
    if (b.top < -0.5 || b.bottom > H + 0.5 || b.left < -0.5 || b.right > W + 0.5)
      return "outside the window (top " + Math.round(b.top) + ", bottom " + Math.round(b.bottom) + ")";
    for (let a = p.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowY === "visible") continue;
      const c = a.getBoundingClientRect();
      const inside = c.top + a.clientTop;
      if (b.top < inside - 0.5 || b.bottom > inside + a.clientHeight + 0.5) return "scrolled out of " + name(a);
    }
    const x = Math.min(Math.max(b.left + 4, 0), W - 1), y = (b.top + b.bottom) / 2;
    const hit = document.elementFromPoint(x, y);
    if (hit && !p.contains(hit) && !hit.contains(p)) return "covered by " + name(hit);
    return "";
  };
  const panel = document.querySelector("aside.panel");
  const pane = document.querySelector(".article-pane");
  return {
    box: name(box), shown: Math.round(visible), height: Math.round(box.clientHeight),
    content: Math.round(box.scrollHeight),
    element: Math.round(own.height), whole: whole, window: H,
    elementShown: Math.round(Math.max(0, Math.min(own.bottom, top + box.clientHeight, H) - Math.max(own.top, top, 0))),
    parts: Object.fromEntries(parts.map(p => [p, seen(p)])),
    pageWidth: document.scrollingElement.scrollWidth, clientWidth: document.scrollingElement.clientWidth,
    panelWidth: panel ? panel.scrollWidth : 0, panelClient: panel ? panel.clientWidth : 0,
    paneWidth: pane ? pane.scrollWidth : 0, paneClient: pane ? pane.clientWidth : 0,
  };
}"""

# Waits until the layout stops moving (swaps settled, the archive answered, scrolling into view done).
_SETTLED = """() => new Promise((resolve) => {
  const boxes = () => [...document.querySelectorAll("#detail, #claim-list, #suggestions, aside.panel, .article-pane")];
  const shot = () => JSON.stringify([document.scrollingElement.scrollTop, document.scrollingElement.scrollHeight,
    ...boxes().map(e => [e.scrollTop, e.scrollHeight, e.clientHeight])]);
  let before = shot(), same = 0, frames = 0;
  const check = () => {
    const now = shot();
    same = now === before ? same + 1 : 0;
    before = now;
    if (same >= 5 || ++frames > 240) resolve(); else requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})"""


def settle(page: Page) -> None:
    page.wait_for_load_state("networkidle")
    page.evaluate(_SETTLED)


def measure(page: Page, selector: str, parts: list[str], shot: str = "") -> dict:
    settle(page)
    if SHOTS and shot:
        page.screenshot(path=str(Path(SHOTS) / f"{shot}.png"))
    return page.evaluate(_MEASURE, [selector, parts])


def problems_of(state: str, m: dict) -> list[str]:
    if "missing" in m:
        return [f"{state}: {m['missing']} is not on the page"]
    found = []
    if not (m["whole"] or m["shown"] >= m["window"] / 2):
        found.append(f"{state}: {m['box']} shows {m['shown']} px of {m['content']} px (window {m['window']} px)")
    found += [f"{state}: {part} is {why}" for part, why in m["parts"].items() if why]
    if m["pageWidth"] > m["clientWidth"]:
        found.append(f"{state}: the page scrolls sideways ({m['pageWidth']} px in {m['clientWidth']} px)")
    if m["panelWidth"] > m["panelClient"] + 1:
        found.append(f"{state}: the side panel scrolls sideways ({m['panelWidth']} px in {m['panelClient']} px)")
    if m["paneWidth"] > m["paneClient"] + 1:
        found.append(f"{state}: the article scrolls sideways ({m['paneWidth']} px in {m['paneClient']} px)")
    return found


def figure(state: str, m: dict) -> str:
    if "missing" in m:
        return f"  {state:<28} missing"
    return (
        f"  {state:<24} {m['elementShown']:>5} px of its {m['element']:>5} px seen, in {m['box']:<18}"
        f" (shows {m['shown']:>4} of {m['content']:>5} px)"
    )


def highlight_beside_card(page: Page, quote_claim: str) -> str:
    """On a wide screen the clicked highlight stays in the window, not under the card."""
    mark = page.locator(f'#article-text mark.hl[data-claim="{quote_claim}"]').first.bounding_box()
    card = page.locator("#detail").bounding_box()
    size = page.viewport_size
    if not mark or mark["y"] < 0 or mark["y"] + mark["height"] > size["height"]:
        return f"the highlight left the window ({mark})"
    overlap = min(mark["x"] + mark["width"], card["x"] + card["width"]) - max(mark["x"], card["x"])
    if overlap > 0 and min(mark["y"] + mark["height"], card["y"] + card["height"]) > max(mark["y"], card["y"]):
        return "the card covers the highlight"
    return ""


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_open_card_form_and_checked_before_get_room_at_every_size(page, live_server, demo, language):
    from django.contrib.auth import get_user_model

    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)

    editor = get_user_model().objects.get(username="editor")
    claim = demo.claims.get(exact=CARD_QUOTE)
    page.add_init_script(_SELECTION_SPY)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    log_in(page, live_server, editor, DEMO_PASSWORD)
    url = f"{live_server.url}/articles/{demo.pk}/"

    problems, figures = [], []
    for width, height in SIZES:
        size = f"{width}x{height}"
        page.set_viewport_size({"width": width, "height": height})
        page.goto(url)
        expect(page.locator("#suggestions .suggestion").first).to_be_attached()  # the worker's suggestions loaded
        if SHOTS:
            settle(page)
            page.screenshot(path=str(Path(SHOTS) / f"{language}-{size}-start.png"))

        # A click on the highlight opens its card.
        page.locator(f'#article-text mark.hl[data-claim="{claim.pk}"]').first.click()
        expect(page.locator("#claim-card")).to_have_attribute("data-claim-id", str(claim.pk))
        m = measure(
            page, "#claim-card", ["#claim-card-heading", "#claim-card blockquote.quote"], f"{language}-{size}-card"
        )
        figures.append(figure(f"{size} card", m))
        problems += problems_of(f"{size} card", m)
        if width >= WIDE and (why := highlight_beside_card(page, str(claim.pk))):
            problems.append(f"{size} card: {why}")

        # "a" on a selection opens the claim form, its first field focused.
        set_selection(page, NEW_QUOTE)
        page.keyboard.press("a")
        expect(page.locator("#claim-form #id_statement")).to_be_focused()
        m = measure(
            page, "#claim-form", ["#id_statement", "#claim-form button[type=submit].primary"], f"{language}-{size}-form"
        )
        figures.append(figure(f"{size} claim form", m))
        problems += problems_of(f"{size} claim form", m)
        page.keyboard.press("Escape")
        expect(page.locator("#claim-form")).to_have_count(0)

        # "Checked before?" under a suggestion that the archive knows, low in the panel.
        first = page.locator("#suggestions .suggestion").filter(has_text=CHECKED_QUOTE)
        first.locator("details.checked-before-toggle > summary").click()
        expect(first.locator(".checked-before h3")).to_be_attached()
        first_id = first.get_attribute("id")
        m = measure(
            page,
            f"#{first_id} details.checked-before-toggle .checked-before",
            [".checked-before h3", ".checked-before .matches > li:first-child"],
            f"{language}-{size}-checked-before",
        )
        figures.append(figure(f"{size} checked before", m))
        problems += problems_of(f"{size} checked before", m)

    print(f"\nBox heights ({language}):\n" + "\n".join(figures))
    assert not problems, f"{language}:\n" + "\n".join(problems) + "\n\nFigures:\n" + "\n".join(figures)
