"""Shared steps for the browser tests: open the workspace, select article text, click inside highlights.

Article text is found by its characters, not by offsets: the helpers walk the text nodes of #article-text
(marks split them), find the quote in their concatenation and build DOM Ranges over it. Positions in
JavaScript are UTF-16 code units, which is exactly what Range offsets want; the tests then compare what the
server stored with Python's code point offsets.
"""

from playwright.sync_api import Page, expect

# Defines locate(quote, occurrence) -> {startNode, startOffset, endNode, endOffset} inside #article-text.
_LOCATE_JS = """
function locate(quote, occurrence) {
  const root = document.getElementById("article-text");
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes = [];
  let text = "";
  for (let n = walker.nextNode(); n; n = walker.nextNode()) { nodes.push([n, text.length]); text += n.data; }
  let index = -1;
  for (let k = 0; k <= occurrence; k++) {
    index = text.indexOf(quote, index + 1);
    if (index < 0) throw new Error("text not in the article: " + quote);
  }
  // A start boundary belongs to the node holding the next character, an end boundary to the previous one.
  function point(pos, isEnd) {
    for (const [n, s] of nodes) {
      const e = s + n.data.length;
      if (isEnd ? (s < pos && pos <= e) : (s <= pos && pos < e)) return [n, pos - s];
    }
    throw new Error("no text node at " + pos);
  }
  function range(from, to) {
    const r = document.createRange();
    const [sn, so] = point(from, false);
    const [en, eo] = point(to, true);
    r.setStart(sn, so);
    r.setEnd(en, eo);
    return r;
  }
  function units(pos) {  // UTF-16 length of the code point at pos
    const c = text.codePointAt(pos);
    return c > 0xffff ? 2 : 1;
  }
  function lastStart(end) {  // start of the code point ending at end
    const c = text.charCodeAt(end - 1);
    return (c >= 0xdc00 && c <= 0xdfff) ? end - 2 : end - 1;
  }
  return { text, index, range, units, lastStart };
}
"""


def _rect(r):
    return {"left": r["left"], "right": r["right"], "top": r["top"], "bottom": r["bottom"]}


def char_rects(page: Page, quote: str, occurrence: int = 0) -> dict:
    """Viewport rectangles of the first and the last character of `quote` in the article text."""
    return page.evaluate(
        "([quote, occurrence]) => {"
        + _LOCATE_JS
        + """
        const loc = locate(quote, occurrence);
        const start = loc.index, end = loc.index + quote.length;
        const box = (r) => { const b = r.getClientRects()[0] || r.getBoundingClientRect();
                             return { left: b.left, right: b.right, top: b.top, bottom: b.bottom }; };
        const measure = () => JSON.stringify({
          first: box(loc.range(start, start + loc.units(start))),
          last: box(loc.range(loc.lastStart(end), end)),
        });
        // The page may still be moving (a card opening, a scroll into view): wait until two frames agree.
        return new Promise((resolve) => {
          let before = measure(), frames = 0;
          const check = () => {
            const now = measure();
            if (now === before || ++frames > 60) resolve(JSON.parse(now));
            else { before = now; requestAnimationFrame(check); }
          };
          requestAnimationFrame(check);
        });
      }""",
        [quote, occurrence],
    )


def drag_select(page: Page, quote: str, occurrence: int = 0) -> None:
    """Select `quote` with the real mouse: press on its first character, release on its last.

    The press lands just inside the edge where the first character begins and the release just inside the
    edge where the last one ends: the left and right edges in left-to-right text, the other way round in a
    right-to-left run (detected from where the last character sits relative to the first).
    """
    page.wait_for_load_state("networkidle")  # no swap of the text lands while the mouse is down
    rects = char_rects(page, quote, occurrence)
    first, last = rects["first"], rects["last"]
    same_line = abs(first["top"] - last["top"]) < 2
    rtl = same_line and last["right"] <= first["left"] + 0.5 and len(quote) > 1
    y1 = (first["top"] + first["bottom"]) / 2
    y2 = (last["top"] + last["bottom"]) / 2
    if rtl:
        x1, x2 = first["right"] - 1, last["left"] + 1
    else:
        x1, x2 = first["left"] + 1, last["right"] - 1
    page.mouse.move(x1, y1)
    page.mouse.down()
    page.mouse.move((x1 + x2) / 2, (y1 + y2) / 2, steps=4)
    page.mouse.move(x2, y2, steps=4)
    page.mouse.up()
    selected = page.evaluate("() => getSelection().toString()")
    assert selected == quote, f"the mouse selected {selected!r}, not {quote!r}"
    wait_until_selection_seen(page, quote)
    expect(page.locator("#add-claim")).to_be_visible()


def set_selection(page: Page, quote: str, occurrence: int = 0, backwards: bool = False) -> None:
    """Select `quote` the way a keyboard selection ends up: Selection.setBaseAndExtent, no mouse events."""
    page.evaluate(
        "([quote, occurrence, backwards]) => {"
        + _LOCATE_JS
        + """
        const loc = locate(quote, occurrence);
        const r = loc.range(loc.index, loc.index + quote.length);
        const sel = getSelection();
        if (backwards) sel.setBaseAndExtent(r.endContainer, r.endOffset, r.startContainer, r.startOffset);
        else sel.setBaseAndExtent(r.startContainer, r.startOffset, r.endContainer, r.endOffset);
      }""",
        [quote, occurrence, backwards],
    )
    wait_until_selection_seen(page, quote)


def click_text(page: Page, text: str, occurrence: int = 0) -> None:
    """Click the middle of `text` in the article (it must sit on one line)."""
    box = page.evaluate(
        "([text, occurrence]) => {"
        + _LOCATE_JS
        + """
        const loc = locate(text, occurrence);
        const b = loc.range(loc.index, loc.index + text.length).getClientRects()[0];
        return { x: (b.left + b.right) / 2, y: (b.top + b.bottom) / 2 };
      }""",
        [text, occurrence],
    )
    page.mouse.click(box["x"], box["y"])


# Records the selection each time a selectionchange event is dispatched. Installed before the page's own
# scripts, so this listener runs before app.js's listener for the same event.
_SELECTION_SPY = """
document.addEventListener("selectionchange", () => { window.__lastSelectionChange = String(getSelection()); });
"""


def wait_until_selection_seen(page: Page, text: str) -> None:
    """Wait until a selectionchange event has been dispatched with `text` selected.

    Chromium fires selectionchange asynchronously and coalesces it, so right after a drag or a key press the
    page's handler may still know an older selection. Acting (click "Add claim", press "a") only after the
    event for the final selection has been handled keeps the tests deterministic.
    """
    page.wait_for_function("(text) => window.__lastSelectionChange === text", arg=text)


def open_workspace(page: Page, live_server, article):
    """Go to the article's workspace; leaves a marker in `window` that only a full page load removes."""
    page.add_init_script(_SELECTION_SPY)
    response = page.goto(f"{live_server.url}/articles/{article.pk}/")
    assert response.ok
    page.evaluate("() => { window.__noReload = true; }")
    return response


def assert_not_reloaded(page: Page) -> None:
    assert page.evaluate("() => window.__noReload === true"), "the page was reloaded or navigated"


def card_for(page: Page, claim_id: int):
    """The claim card in the side panel, once it shows claim `claim_id`."""
    card = page.locator("#detail #claim-card")
    expect(card).to_have_attribute("data-claim-id", str(claim_id))
    return card


def log_in(page: Page, live_server, user, password: str) -> Page:
    """Log `user` in through the real login page."""
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    return page
