"""Turning what an editor pastes into the plain text an article body holds. Pure functions, no Django.

Bodies are plain text: paragraphs separated by one blank line, no markup. What the sender calls text ("text",
the default) is kept as sent, so an article that mentions `a < b` or `<b>` shows exactly that; only a body the
sender calls HTML ("html") is sanitized by nh3 (Ammonia) down to block structure and reduced to its text.
Nothing is guessed: markup disappears only when someone chose to send HTML.
"""

import re
from html.parser import HTMLParser

import nh3

BLOCK_TAGS = {
    "p",
    "div",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "pre",
    "tr",
    "section",
    "article",
    "figcaption",
}
BODY_FORMATS = {"text": "Plain text", "html": "HTML"}
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class _TextExtractor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag):
        if tag in BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        # Inside a block, HTML source line breaks are only formatting.
        self.parts.append(re.sub(r"\s+", " ", data))


def html_to_text(markup: str) -> str:
    clean = nh3.clean(markup, tags=BLOCK_TAGS, attributes={}, link_rel=None)
    extractor = _TextExtractor()
    extractor.feed(clean)
    extractor.close()
    return "".join(extractor.parts)


def normalize_body(raw: str, body_format: str = "text") -> str:
    """Paragraphs separated by exactly one blank line; every line break in a paste starts a paragraph."""
    if body_format not in BODY_FORMATS:
        raise ValueError(f"body_format must be one of {', '.join(BODY_FORMATS)}")
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    if body_format == "html":
        text = html_to_text(text)
    text = CONTROL_CHARS.sub("", text)
    paragraphs = [line.strip() for line in text.split("\n")]
    return "\n\n".join(p for p in paragraphs if p)


def normalize_line(raw: str) -> str:
    """A one-line field (title, claimant): control characters and surrounding space removed."""
    return " ".join(CONTROL_CHARS.sub("", raw).split())
