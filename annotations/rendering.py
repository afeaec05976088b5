"""Render an article body as HTML paragraphs with nested <mark> highlights.

Pure standard library: no Django here, so it can be tested and benchmarked
on its own. The caller marks the returned string safe; every piece of text
and every attribute value that comes from data goes through html.escape.

Offsets
    Claim offsets are Unicode code point offsets into the body (Python str
    indices). Each paragraph is rendered as
        <p class="para" data-start="N" dir="auto">...</p>   (dir="auto": each paragraph takes its own direction)
    where N is the code point offset of its first character, and the text
    content of the element is exactly body[start:end] of that paragraph. So
    the browser can turn a DOM selection back into body offsets: data-start
    plus the number of code points before the selection point inside the
    <p> (JavaScript strings count UTF-16 units, so the script has to count
    code points, e.g. with Array.from(text).length). Each paragraph also has
    id="para-N", so a page can replace only the paragraphs whose highlights
    changed (render_paragraphs returns them one by one).

Paragraphs
    Paragraphs are separated by runs of two or more "\\n" (the body is
    normalised so there is exactly one "\\n\\n" between paragraphs; longer
    runs are tolerated). A lone "\\n" inside a paragraph is ordinary text.
    Separators are not rendered and empty paragraphs are not emitted.

Highlights
    Each claim becomes one or more
        <mark class="hl [classes] [hl-cont]" data-claim="ID" data-depth="D">
    and, when the span has a label, its first piece also gets
        tabindex="0" role="button" aria-label="LABEL" [aria-describedby="DESCRIBED_BY"]
    Marks nest in claim order: a claim that starts earlier (or starts at the
    same place and is longer; ties by id) is outside the other. When claims
    cross (A starts first, B starts inside A and ends after it), B has to be
    closed where A ends and re-opened after it, so one claim can be split into
    several pieces with the same data-claim; every piece after the first gets
    "hl-cont". Marks never cross a paragraph boundary: open marks are closed
    at the end of a paragraph and re-opened (as continuations) at the start
    of the next. data-depth is the nesting depth of that piece (1 for the
    outermost), for CSS, because the CSP forbids inline style attributes.
    Characters of a claim that fall in a paragraph separator are not shown.

    Spans that are empty (end <= start) or out of range (start < 0 or
    end > len(body)) are skipped silently: a stale claim on an edited body
    must not break the page. Nothing is clamped, so a half-stale span is not
    shown in a wrong place either.

Complexity
    Let n be the body length, s the number of spans and m the number of mark
    pieces emitted. Sorting the spans and the boundary positions once is
    O(s log s). The sweep then visits each boundary position once and keeps a
    stack of the open marks (outermost first). At a position where claims
    end, it closes the marks down to the deepest ending one, drops the ending
    ones and re-opens the rest: the work is exactly the closing and opening
    tags it writes. At a paragraph start the stack is filtered once (claims
    that ended in the separator are dropped there, each claim once) and
    re-opened, again paid for by output. Text is sliced and escaped once.
    Total: O(s log s + n + m). Note m is a property of the input, not of the
    algorithm: with this nesting rule a "staircase" of k claims that each
    cross the next forces O(k^2) pieces, and any renderer obeying the rule
    must emit them; for ordinary articles m is a small multiple of s.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape

__all__ = ["Span", "paragraphs", "render_article", "render_paragraphs", "touched"]


@dataclass(frozen=True)
class Span:
    """A highlight: [start, end) in code points, and extra CSS classes."""

    id: int
    start: int
    end: int
    classes: str = ""
    # The accessible name of the highlight ("Claim: leaders of 24 countries": it holds the whole quote, so the
    # text a person sees on the highlight is part of its name). With a label, the claim's first piece is a
    # focusable button (tabindex="0"), so Tab reaches each claim once, in text order.
    label: str = ""
    # The id of an element outside the text that describes the highlight ("number, submitted").
    described_by: str = ""


# Two or more newlines separate paragraphs; a single one is text.
_SEPARATOR = re.compile(r"\n{2,}")


def paragraphs(body: str) -> list[tuple[int, int]]:
    """Return the (start, end) code point ranges of the non-empty paragraphs."""
    ranges = []
    pos = 0
    for sep in _SEPARATOR.finditer(body):
        if sep.start() > pos:
            ranges.append((pos, sep.start()))
        pos = sep.end()
    if pos < len(body):
        ranges.append((pos, len(body)))
    return ranges


def _text(chunk: str) -> str:
    # The HTML parser in browsers turns "\r\n" and a lone "\r" in the source
    # into "\n", which would shift every offset after it; a character
    # reference keeps U+000D in the DOM. The body is normalised on save, so
    # this is only a safety net.
    return escape(chunk, quote=True).replace("\r", "&#13;")


def render_article(body: str, spans: Iterable[Span]) -> str:
    """Return the body as <p class="para"> elements with <mark> highlights."""
    return "".join(html for _, _, html in render_paragraphs(body, spans))


def touched(body: str, ranges: Iterable[tuple[int, int]]) -> set[int]:
    """The start offsets of the paragraphs that share text with any of the [start, end) ranges."""
    ranges = [(a, b) for a, b in ranges if a < b]
    return {start for start, end in paragraphs(body) if any(a < end and b > start for a, b in ranges)}


def render_paragraphs(
    body: str, spans: Iterable[Span], *, only: set[int] | None = None, attrs: str = ""
) -> list[tuple[int, int, str]]:
    """The paragraphs as (start, end, html), each html one <p class="para"> element with its highlights.

    `only` keeps the paragraphs starting at those offsets (see touched); `attrs` is markup added to each
    <p> tag as it is (the caller's own, e.g. ' hx-swap-oob="true"'; never data).
    """
    n = len(body)
    # Sorting by the nesting key means claims are pushed on the stack in the
    # order they must nest: whoever starts earlier (or is longer) is outside.
    claims = sorted(
        (s for s in spans if 0 <= s.start < s.end <= n),
        key=lambda s: (s.start, -s.end, s.id),
    )
    # The opening tag up to data-depth, built once per claim, not per piece.
    heads = []
    for c in claims:
        extra = " ".join(c.classes.split())
        heads.append(
            (
                f'<mark class="hl{" " + escape(extra, quote=True) if extra else ""}',
                f'" data-claim="{escape(str(c.id), quote=True)}" data-depth="',
                (
                    f' tabindex="0" role="button" aria-label="{escape(c.label, quote=True)}"'
                    + (f' aria-describedby="{escape(c.described_by, quote=True)}"' if c.described_by else "")
                )
                if c.label
                else "",
            )
        )

    starts: dict[int, list[int]] = {}  # position -> claims starting there, in nesting order
    ends: dict[int, int] = {}  # position -> how many claims end there
    for i, c in enumerate(claims):
        starts.setdefault(c.start, []).append(i)
        ends[c.end] = ends.get(c.end, 0) + 1
    paras = paragraphs(body)
    para_end_of = dict(paras)  # paragraph start -> paragraph end
    cuts = sorted({*starts, *ends, *(p for para in paras for p in para)})

    out: list[str] = []
    pieces: list[tuple[int, int, int]] = []  # (paragraph start, its first index in out, its end)
    stack: list[int] = []  # claims currently active, outermost first
    shown = [False] * len(claims)  # has a piece of this claim been emitted yet?
    para_end = -1  # end of the paragraph being written, -1 between paragraphs

    def reopen(from_depth: int) -> None:
        # Emit opening tags for stack[from_depth:], in nesting order.
        for depth in range(from_depth, len(stack)):
            i = stack[depth]
            cls, rest, focus = heads[i]
            out.append(f'{cls}{" hl-cont" if shown[i] else ""}{rest}{depth + 1}"{"" if shown[i] else focus}>')
            shown[i] = True

    for k, x in enumerate(cuts):
        if x == para_end:
            # Marks must not cross paragraphs: close them all. The stack is
            # kept, so they re-open in the next paragraph.
            out.append("</mark>" * len(stack) + "</p>")
            para_end = -1

        if x in ends and para_end != -1:
            # Every claim ending here is on the stack (it started before x and
            # the stack was rebuilt at this paragraph's start). Walk down from
            # the top until all of them are found; the marks passed over have
            # to be closed anyway, so this costs no more than the output.
            remaining = ends[x]
            low = len(stack)
            while remaining:
                low -= 1
                if claims[stack[low]].end == x:
                    remaining -= 1
            out.append("</mark>" * (len(stack) - low))
            stack[low:] = [i for i in stack[low:] if claims[i].end != x]
            reopen(low)
        # Claims ending at a paragraph end or inside a separator are dropped
        # lazily, when the next paragraph starts.

        if x in para_end_of:
            para_end = para_end_of[x]
            stack[:] = [i for i in stack if claims[i].end > x]
            pieces.append((x, len(out), para_end))
            out.append(f'<p class="para" id="para-{x}" data-start="{x}" dir="auto"{attrs}>')
            reopen(0)

        for i in starts.get(x, ()):
            stack.append(i)
            if para_end != -1:
                reopen(len(stack) - 1)

        if para_end != -1:
            # cuts contains para_end, so the next cut exists and is <= para_end.
            out.append(_text(body[x : cuts[k + 1]]))

    bounds = [first for _, first, _ in pieces[1:]] + [len(out)]
    return [
        (start, end, "".join(out[first:last]))
        # Not strict: an empty body has no pieces but still the closing bound.
        for (start, first, end), last in zip(pieces, bounds, strict=False)
        if only is None or start in only
    ]
