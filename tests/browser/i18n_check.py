"""Finding interface text that is still in English on a page shown in another language."""

from playwright.sync_api import Page

# Text that is not the interface's: what people typed (dir="auto", <bdi>), the article, code, keys, dates'
# machine form, the brand, and what is marked translate="no". Acronyms (API, CSV, URL), key names and language
# codes stay as they are.
_ENGLISH_LEFT_JS = """() => {
  const skip = "[dir=auto], bdi, code, kbd, pre, script, style, [translate=no], #article-text, .diff, option[lang]";
  // Key names, language codes and the name of the schema.org format are the same in every language.
  const same = new Set(["Tab", "Shift", "Enter", "Esc", "Escape", "Space", "Alt", "Ctrl", "F7", "en", "ru", "fa",
                        "ClaimReview"]);
  const words = (text) => (text.match(/[A-Za-z][A-Za-z'’-]*/g) || [])
    .filter(w => !/^[A-Z]{2,5}s?$/.test(w) && !/^[A-Za-z]$/.test(w) && !same.has(w));
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || el.closest(skip) || (el.closest("[hidden]") && !el.closest("#para-keys-hint"))) continue;
    const closed = el.closest("details:not([open])");
    if (closed && !el.closest("summary")) continue;
    const w = words(n.data);
    if (w.length) found.push(el.tagName.toLowerCase() + ": " + n.data.trim().slice(0, 80));
  }
  for (const el of document.querySelectorAll("[aria-label], [placeholder], [title], [alt]")) {
    if (el.closest(skip)) continue;
    for (const attr of ["aria-label", "placeholder", "title", "alt"]) {
      const value = el.getAttribute(attr);
      if (value && words(value).length) found.push(attr + ": " + value.slice(0, 80));
    }
  }
  return [...new Set(found)];
}"""


def english_left(page: Page) -> list[str]:
    return page.evaluate(_ENGLISH_LEFT_JS)


def print_english_left(page: Page) -> str:
    return "\n".join(english_left(page))
