"""Hypothesis's quote matcher, reproduced exactly. Pure Python, no Django.

Scoring follows the Hypothesis client (src/annotator/anchoring/match-quote.ts, with the approx-string-match
library): a candidate scores (50 * quote + 20 * prefix + 20 * suffix + 2 * position) / 92, where quote is
1 - errors / len(quote), prefix and suffix are the same similarity for the context, computed over the
text next to the candidate, and position is 1 - distance / len(text) from the expected offset.
`match_quote` and `find_quote` reproduce Hypothesis's results exactly: only exact occurrences are
candidates when there are any, otherwise the matches with the fewest edits, at most min(256, len/2).
The API finds a quote by its context with them (annotations/api/quotes.py); re-anchoring
(`annotations.reanchoring.reanchorer`) scores with the same weights but asks for more evidence.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from annotations.reanchoring.edit_distance import (
    TextIndex,
    char_masks,
    last_row_deltas,
    match_ends,
    row_values_at_most,
)

# Hypothesis's weights (match-quote.ts).
QUOTE_WEIGHT = 50
PREFIX_WEIGHT = 20
SUFFIX_WEIGHT = 20
POS_WEIGHT = 2
MAX_SCORE = QUOTE_WEIGHT + PREFIX_WEIGHT + SUFFIX_WEIGHT + POS_WEIGHT
MAX_ERRORS_CAP = 256  # Hypothesis: maxErrors = min(256, quote.length / 2)


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    score: float  # 0..1; 1.0 only for the exact quote in the exact context
    errors: int  # edits (insertions, deletions, substitutions) between the quote and text[start:end]


@lru_cache(maxsize=4)
def _text_index(text: str) -> TextIndex:
    return TextIndex(text)


def _hypothesis_start(text: str, pattern: str, end: int, errors: int) -> int:
    """Where approx-string-match starts a match ending at `end`: the longest of the reversed pattern's
    best matches in the reversed text before `end`. Those need not end at `end`, so the span it reports
    can cost more edits than it says (for "ba" in "ab": 0..2, 1 error). Kept for identical results."""
    lo = max(0, end - len(pattern) - errors)
    backwards = text[lo:end][::-1]
    pv, mv = last_row_deltas(char_masks(backwards), len(backwards), pattern[::-1], anchored=False)
    values = row_values_at_most(pv, mv, len(backwards), len(pattern), errors)
    fewest = min((value for _, value in values), default=None)
    return end - max((j for j, value in values if value == fewest), default=0)


def similarity(text: str, pattern: str) -> float:
    """Hypothesis's textMatchScore: 1 - (fewest edits turning some substring of text into pattern) / len."""
    if not pattern or not text:
        return 0.0
    if pattern in text:
        return 1.0
    pv, mv = last_row_deltas(char_masks(text), len(text), pattern, anchored=False)
    best = min(value for _, value in row_values_at_most(pv, mv, len(text), len(pattern), len(pattern)))
    return 1.0 - best / len(pattern)


def weighted_score(quote_score: float, prefix_score: float, suffix_score: float, pos_score: float) -> float:
    """Hypothesis's overall score from 0 to 1. Same expression, in the same order, as match-quote.ts, so ties
    and rounding agree with Hypothesis."""
    raw = QUOTE_WEIGHT * quote_score + PREFIX_WEIGHT * prefix_score + SUFFIX_WEIGHT * suffix_score
    raw += POS_WEIGHT * pos_score
    return raw / MAX_SCORE


def _hypothesis_score(
    text: str, quote_len: int, start: int, end: int, errors: int, prefix: str, suffix: str, hint: int | None
) -> float:
    quote_score = 1 - errors / quote_len
    prefix_score = similarity(text[max(0, start - len(prefix)) : start], prefix) if prefix else 1.0
    suffix_score = similarity(text[end : end + len(suffix)], suffix) if suffix else 1.0
    pos_score = 1.0
    if hint is not None:
        pos_score = 1.0 - abs(start - hint) / len(text)
    return weighted_score(quote_score, prefix_score, suffix_score, pos_score)


def occurrences(text: str, quote: str) -> list[int]:
    """Every offset where `quote` starts in `text`, in order."""
    found, at = [], text.find(quote)
    while at != -1:
        found.append(at)
        at = text.find(quote, at + 1)  # overlapping, as Hypothesis's indexOf loop
    return found


def match_quote(
    text: str, quote: str, *, prefix: str = "", suffix: str = "", hint: int | None = None, max_errors: int | None = None
) -> list[Match]:
    """Candidates for `quote` in `text`, best first, as Hypothesis's matchQuote ranks them.

    Exact occurrences if there are any; otherwise every match with the fewest edits, if that is at most
    `max_errors` (default min(256, len(quote) / 2)), starting where approx-string-match starts it. Equal
    scores keep text order, as Hypothesis's stable sort does.
    """
    if not quote or not text:
        return []
    if max_errors is None:
        max_errors = min(MAX_ERRORS_CAP, len(quote) // 2)
    max_errors = min(max_errors, len(quote))
    found = [(at, at + len(quote), 0) for at in occurrences(text, quote)]
    if not found:
        ends = match_ends(_text_index(text), quote, 0, len(text), max_errors)
        fewest = min((errors for _, errors in ends), default=None)
        found = [(_hypothesis_start(text, quote, end, errors), end, errors) for end, errors in ends if errors == fewest]
    matches = [
        Match(s, e, _hypothesis_score(text, len(quote), s, e, err, prefix, suffix, hint), err) for s, e, err in found
    ]
    matches.sort(key=lambda m: -m.score)
    return matches


def find_quote(text: str, quote: str, prefix: str = "", suffix: str = "", hint: int | None = None) -> Match | None:
    """The best match for `quote`, or None where Hypothesis's matchQuote returns null."""
    matches = match_quote(text, quote, prefix=prefix, suffix=suffix, hint=hint)
    return matches[0] if matches else None
