"""An article's sentences as (start, end) code point offsets, for scoring one sentence at a time. Pure Python.

A sentence ends at a line break, or at `.`, `!`, `?` or `…` (with any closing quotes or brackets after it) that
is followed by white space and then by a word that does not begin in lower case (after any opening quote). A
full stop after a common abbreviation ("Mr.", "U.S.", "Jan.") or a single capital ("J. Smith") does not end one.
A sentence longer than MAX_CHARS is cut at MAX_CHARS (at a space where there is one): a text without punctuation
stays a list of bounded pieces, and so does the cost of scoring it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

MAX_CHARS = 600
MIN_LETTERS = 3  # a "sentence" with fewer letters (a number on its own, a dash) is not scored

_END = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s+[\"'“‘«(\[]?(?P<next>\w))|\n+")
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof sen rep gov gen col lt sgt st jr sr mt ft no nos vs etc inc ltd co corp dept est approx "
    "jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n e.g i.e a.m p.m".split()
)
_WORD_BEFORE = re.compile(r"([\w.]+)\.$")


def _is_abbreviation(text: str, start: int, stop: int) -> bool:
    """Whether the full stop at `stop` closes an abbreviation or an initial rather than a sentence."""
    match = _WORD_BEFORE.search(text, max(start, stop - 12), stop + 1)
    if not match:
        return False
    word = match.group(1)
    return word.lower() in _ABBREVIATIONS or (len(word) == 1 and word.isupper())


def sentence_spans(text: str) -> Iterator[tuple[int, int]]:
    """Each sentence's (start, end), leading and trailing white space left out, in text order."""
    start = 0
    for match in _END.finditer(text):
        if match.group("next") and match.group("next").islower():
            continue  # "... and more": a lower-case word goes on with the sentence
        if match.group()[0] == "." and len(match.group()) == 1 and _is_abbreviation(text, start, match.start()):
            continue
        end = match.end() if match.group()[0] != "\n" else match.start()
        yield from _trimmed(text, start, end)
        start = match.end()
    yield from _trimmed(text, start, len(text))


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_CHARS:
        cut = text.rfind(" ", start + MAX_CHARS // 2, start + MAX_CHARS)
        cut = cut if cut > start else start + MAX_CHARS
        yield start, cut
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start and sum(ch.isalpha() for ch in text[start:end]) >= MIN_LETTERS:
        yield start, end
