"""Anchors: where a claim sits in an article body. Pure functions, no Django.

Offsets count Unicode code points (Python string indices). Browsers count UTF-16 code units; the
JavaScript converts at the boundary and `utf16_to_code_points` is the same conversion for the server side.
"""

# The TextQuoteSelector (exact, prefix, suffix of CONTEXT characters) is the re-anchoring module's own.
from annotations.reanchoring import CONTEXT, selector_for
from annotations.reanchoring import Quote as Selector

__all__ = ["CONTEXT", "Selector", "selector_for", "span_errors", "trim_span", "utf16_to_code_points"]


def gettext_noop(message: str) -> str:
    """Marks a message for the translation catalogues (makemessages finds it); pages translate it when shown."""
    return message


ERR_START_NEGATIVE = gettext_noop("The selection starts before the beginning of the article.")
ERR_END_OUT_OF_RANGE = gettext_noop("The selection ends after the end of the article ({length} characters).")
ERR_EMPTY = gettext_noop("The selection is empty.")
ERR_REVERSED = gettext_noop("The selection ends before it starts.")
ERR_QUOTE_MISMATCH = gettext_noop(
    "The quoted text does not match the article at this position; reload the article and select again."
)


def span_errors(body: str, start: int, end: int, quote: str | None = None) -> dict[str, str]:
    """Problems with a proposed span, keyed by the field they concern; empty when the span is sound."""
    if start < 0:
        return {"start": ERR_START_NEGATIVE}
    if end > len(body):
        return {"end": ERR_END_OUT_OF_RANGE.format(length=len(body))}
    if end < start:
        return {"end": ERR_REVERSED}
    if end == start:
        return {"end": ERR_EMPTY}
    if quote is not None and body[start:end] != quote:
        return {"quote": ERR_QUOTE_MISMATCH}
    return {}


def trim_span(body: str, start: int, end: int) -> tuple[int, int]:
    """Drop the whitespace a drag-selection often catches at either end."""
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    return start, end


def utf16_to_code_points(text: str, offset: int) -> int:
    """The code point index of a UTF-16 offset into `text` (as a browser's Range reports it)."""
    units = 0
    for index, char in enumerate(text):
        if units >= offset:
            return index
        units += 2 if ord(char) > 0xFFFF else 1
    return len(text)
