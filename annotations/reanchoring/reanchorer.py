"""Re-anchoring every claim of an article across one edit of its body. Pure Python, no Django.

`reanchor` scores candidates as Hypothesis does (matching.py) but differs from its `find_quote` on purpose
in three ways:

* It asks for evidence. Hypothesis accepts any match within len/2 edits, and in a long article some
  stretch of unrelated text nearly always is that close to a short quote. A claim therefore only moves
  to a candidate scoring at least `MIN_SCORE`, which a word-for-word quote reaches with roughly half its
  context recognisable and an edited quote with its context intact, or to a long quote (at least
  `DISTINCTIVE_LENGTH` characters) found with at most 10% of it edited, whatever its context. A claim
  whose text and surroundings are gone is orphaned rather than pinned to unrelated text.
* It compares candidates, not only the closest matches. An edit that leaves the old quote word for word
  somewhere else, in other surroundings, must not hide the edited quote in its own place; so every local
  best match, and every start that costs the same number of edits, is a candidate and the score decides.
* It compares context within the paragraph. Bodies are paragraphs separated by line breaks, and a
  paragraph moves as a unit: for a claim at the start of one, the stored prefix is the end of whatever
  paragraph came before, which says nothing about where the claim went. So prefix and suffix are cut
  at their line breaks, and a claim that started (ended) a paragraph wants a candidate that does too.

How it stays fast
-----------------
Once per revision:

* `PositionMap` (position_map.py) diffs the old and new bodies, sentences first, so that mapping an
  offset is a binary search.
* Only if some claim needs it: an index of the 12-character pieces that start each word of the new text
  (steps 2 and 3), and for step 3 a `TextIndex` (edit_distance.py): the new text translated to one byte
  per character (a class number), from which any character's bit mask over any window is one
  bytes.translate and one int(s, 2).

Per claim, the old start is mapped into the new text as the hint, then:

1. A string comparison at the hint, and at the mapped end less the quote's length (an insertion next to
   the quote that repeats the quote's own first characters can land the diff's seam inside the quote).
   With the prefix and suffix intact there too, that settles it. Without, the word-level diff may have
   paired identical words of two different sentences, so step 2's ranking runs, and the claim stays
   unless another occurrence fits its context better and is acceptable on its own. The literal old
   offset also counts, but only with its context intact: in repetitive text the quote can sit there by
   accident.
2. Every occurrence of the quote: a word starting inside the quote starts at the same place in every
   occurrence, so a lookup of its first 12 characters in the index finds them all (a quote with no such
   word, under 13 characters or so, falls back to a `str.find` loop, at C speed). Occurrences are scored
   nearest first, and scoring stops once distance alone rules out beating the best so far.
3. Edit distances by Myers' bit-vector algorithm, transposed: a Python int holds one bit per character
   of the searched text and the loop runs once per character of the quote, so each step is a dozen
   C-level big-int operations over the whole window: len(quote) interpreter steps and
   O(len(quote) * len(window) / 64) machine-word operations. The search covers
   * first, exhaustively, `NEAR_WINDOW` characters either side of the hint, where an edited quote is
     unless its paragraph moved;
   * only if nothing acceptable is there, the whole text, filtered by seeds: prefix + quote + suffix is
     cut at word starts into pieces of `SEED_LENGTH` characters, each looked up in the index, and
     windows are searched where two pieces agree on where the quote starts. An edit spoils at most two
     pieces (the one it falls in, and the next if it removes the space before it), so a passage that
     reappears with a few edits still has two pieces standing. A far candidate with less than that of
     its text and context intact is not found, and would seldom have been acceptable anyway.

So a revision costs the O(n) diff and indexes, then a binary search and a comparison per claim whose
text and context are untouched, step 2 for a claim whose context an edit touched, and for a claim whose
quote was edited or removed a search bounded by the window and the seed hits, not by the article. Only
short quotes' `str.find` still reads the whole article, about 0.1 ms per 100 KB. bench/reanchor_bench.py
measures it all: joining independent articles into one costs about the sum of their times.
"""

from __future__ import annotations

import math
import re
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import Literal

from annotations.reanchoring.edit_distance import TextIndex, match_ends, match_starts
from annotations.reanchoring.matching import (
    MAX_ERRORS_CAP,
    MAX_SCORE,
    POS_WEIGHT,
    PREFIX_WEIGHT,
    QUOTE_WEIGHT,
    SUFFIX_WEIGHT,
    Match,
    occurrences,
    similarity,
    weighted_score,
)
from annotations.reanchoring.position_map import PositionMap

CONTEXT = 32  # characters of prefix and suffix in a TextQuoteSelector (Hypothesis's contextLen)

# Re-anchoring's own acceptance threshold (Hypothesis has none). With it, an exact quote needs its prefix
# and suffix to be about half recognisable on average (unrelated text scores about 0.35 each), and an
# edited quote with intact context may have lost up to 37% of its characters.
MIN_SCORE = 0.8
# A long quote found (nearly) word for word is evidence enough on its own: a claim spanning a whole
# paragraph keeps neither prefix nor suffix when the paragraph moves.
DISTINCTIVE_LENGTH = 32
DISTINCTIVE_ERROR_RATE = 0.1
NEAR_WINDOW = 4096  # characters searched exhaustively either side of the hint
SEED_LENGTH = 12  # beyond the near window, only where a piece this long of the claim's text reappears
SEED_MAX_HITS = 32

State = Literal["exact", "moved", "fuzzy", "orphaned"]


@dataclass(frozen=True)
class Quote:
    """A W3C TextQuoteSelector."""

    exact: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class Anchor:
    """A span of a text; `quote == text[start:end]`."""

    start: int
    end: int
    quote: str


@dataclass(frozen=True)
class Result:
    claim_id: Hashable
    state: State
    start: int | None
    end: int | None
    quote: str | None

    @property
    def anchor(self) -> Anchor | None:
        if self.start is None or self.end is None or self.quote is None:
            return None
        return Anchor(self.start, self.end, self.quote)


def selector_for(text: str, start: int, end: int, context: int = CONTEXT) -> Quote:
    """The TextQuoteSelector for text[start:end], as Hypothesis's TextQuoteAnchor.fromRange builds it."""
    return Quote(exact=text[start:end], prefix=text[max(0, start - context) : start], suffix=text[end : end + context])


# The most edits a candidate can have and still reach MIN_SCORE with perfect context and position.
_ACCEPTABLE_ERROR_RATE = 1 - (MIN_SCORE * MAX_SCORE - PREFIX_WEIGHT - SUFFIX_WEIGHT - POS_WEIGHT) / QUOTE_WEIGHT


def _context_similarity(found: str, expected: str, before: bool) -> float:
    """Hypothesis's prefix or suffix score, compared within the paragraph: text across a line break is
    another paragraph's, which a paragraph move replaces, so it is no evidence either way."""
    if not expected:
        return 1.0
    if "\n" in expected:
        if before:
            expected, found = expected[expected.rfind("\n") + 1 :], found[found.rfind("\n") + 1 :]
        else:
            expected, found = expected[: expected.find("\n")], found.split("\n", 1)[0]
        if not expected:
            # The claim started (ended) a paragraph: so must the candidate, here or at the text's edge.
            return 0.0 if found else 1.0
        # As long as what is compared, like Hypothesis's slices, or a short remnant is found anywhere.
        found = found[-len(expected) :] if before else found[: len(expected)]
    return similarity(found, expected)


def _reanchor_score(text: str, quote: Quote, start: int, end: int, errors: int, hint: int) -> float:
    quote_score = 1 - errors / len(quote.exact)
    prefix_score = _context_similarity(text[max(0, start - len(quote.prefix)) : start], quote.prefix, before=True)
    suffix_score = _context_similarity(text[end : end + len(quote.suffix)], quote.suffix, before=False)
    pos_score = 1.0 - abs(start - hint) / len(text)
    return weighted_score(quote_score, prefix_score, suffix_score, pos_score)


_WORD_START = re.compile(r"(?<=\s)\S")


def _word_starts(text: str) -> list[int]:
    return [m.start() for m in _WORD_START.finditer(text)]


def _is_acceptable(match: Match, quote_len: int) -> bool:
    if match.score >= MIN_SCORE:
        return True
    return quote_len >= DISTINCTIVE_LENGTH and match.errors <= quote_len * DISTINCTIVE_ERROR_RATE


class Reanchorer:
    def __init__(self, old_text: str, new_text: str):
        self.text = new_text
        self.old_text = old_text
        self.map = PositionMap(old_text, new_text)
        self._index: TextIndex | None = None
        self._seeds: dict[str, list[int]] | None = None

    def reanchor(self, claim_id: Hashable, start: int, end: int, quote: Quote) -> Result:
        text, exact = self.text, quote.exact
        if not exact or not text:
            return Result(claim_id, "orphaned", None, None, None)
        start = min(max(start, 0), len(self.old_text))
        end = min(max(end, start), len(self.old_text))
        hint = self.map.map(start)

        candidates = dict.fromkeys((hint, self.map.map(end) - len(exact)))
        mapped = [at for at in candidates if at >= 0 and text.startswith(exact, at)]
        for at in mapped:
            if self._has_context_at(at, quote):
                return Result(claim_id, "exact", at, at + len(exact), exact)
        # The literal old offset is only trusted with its context, or repeated text would pass for it.
        if text.startswith(exact, start) and self._has_context_at(start, quote):
            return Result(claim_id, "exact", start, start + len(exact), exact)

        # The quote where the diff put it, but with its context changed: the word-level diff may have
        # paired identical words of two different sentences. Another occurrence takes the claim only if it
        # fits the context better and well enough to be accepted on its own.
        best = self._best_occurrence(quote, hint)
        if mapped and (best is None or best.start in mapped or not _is_acceptable(best, len(exact))):
            at = best.start if best is not None and best.start in mapped else mapped[0]
            return Result(claim_id, "exact", at, at + len(exact), exact)
        if best is not None and _is_acceptable(best, len(exact)):
            return Result(claim_id, "moved", best.start, best.end, exact)

        best = self._best_approximate(quote, hint)
        if best is not None:
            found = text[best.start : best.end]
            return Result(claim_id, "moved" if found == exact else "fuzzy", best.start, best.end, found)
        return Result(claim_id, "orphaned", None, None, None)

    def _has_context_at(self, start: int, quote: Quote) -> bool:
        return (
            start >= len(quote.prefix)
            and self.text.startswith(quote.prefix, start - len(quote.prefix))
            and self.text.startswith(quote.suffix, start + len(quote.exact))
        )

    def _word_start_index(self) -> dict[str, list[int]]:
        """Where each SEED_LENGTH-character piece that starts a word occurs, in order; built once."""
        if self._seeds is None:
            self._seeds = {}
            text = self.text
            for at in _word_starts(text):
                self._seeds.setdefault(text[at : at + SEED_LENGTH], []).append(at)
        return self._seeds

    def _occurrences(self, exact: str) -> list[int]:
        # Wherever the quote occurs, a word that starts inside it starts there too, with the same
        # SEED_LENGTH characters: the index then gives every occurrence without reading the whole text.
        inner = _WORD_START.search(exact)
        if inner is None or inner.start() + SEED_LENGTH > len(exact):
            return occurrences(self.text, exact)
        i = inner.start()
        hits = self._word_start_index().get(exact[i : i + SEED_LENGTH], ())
        return [at - i for at in hits if at >= i and self.text.startswith(exact, at - i)]

    def _best_occurrence(self, quote: Quote, hint: int) -> Match | None:
        text, exact = self.text, quote.exact
        best = None
        for at in sorted(self._occurrences(exact), key=lambda at: (abs(at - hint), at)):
            # Nearest first: once even a perfect context at this distance cannot win, nothing further can.
            pos_score = 1 - abs(at - hint) / len(text)
            ceiling = (QUOTE_WEIGHT + PREFIX_WEIGHT + SUFFIX_WEIGHT + POS_WEIGHT * pos_score) / MAX_SCORE
            if best is not None and ceiling < best.score:
                break
            score = _reanchor_score(text, quote, at, at + len(exact), 0, hint)
            if best is None or score > best.score:
                best = Match(at, at + len(exact), score, 0)
        return best

    def _best_approximate(self, quote: Quote, hint: int) -> Match | None:
        text, size = self.text, len(quote.exact)
        max_errors = min(MAX_ERRORS_CAP, size // 2, math.floor(size * _ACCEPTABLE_ERROR_RATE + 1e-9))
        if max_errors < 1:
            return None
        reach = NEAR_WINDOW + size + max_errors
        near = (max(0, hint - reach), min(len(text), hint + reach))
        best = self._best_match_in([near], quote, hint, max_errors)
        if best is None:
            best = self._best_match_in(self._seeded_windows(quote, max_errors, near), quote, hint, max_errors)
        return best

    def _seeded_windows(self, quote: Quote, max_errors: int, near: tuple[int, int]) -> list[tuple[int, int]]:
        """Windows of the whole text, outside `near`, where the claim's text may have gone.

        Prefix + quote + suffix is cut, at word starts, into pieces of SEED_LENGTH characters that do not
        overlap. Where the claim's text reappears with a few edits, the pieces those edits missed reappear
        verbatim at word starts, at the same distances from each other. The text's word-start pieces are
        indexed once per revision, so a lookup costs the same however long the article; a window is
        searched where two pieces agree on where the quote starts (one, for a claim too short to have two).
        A piece found more than SEED_MAX_HITS times says nothing.
        """
        index = self._word_start_index()
        text, size = self.text, len(quote.exact)
        selector = quote.prefix + quote.exact + quote.suffix
        votes: list[tuple[int, int]] = []  # (where the quote would start, piece)
        pieces, next_free = 0, 0
        for offset in _word_starts(selector):
            if offset < next_free or offset + SEED_LENGTH > len(selector):
                continue
            next_free = offset + SEED_LENGTH
            hits = index.get(selector[offset:next_free], ())
            if len(hits) <= SEED_MAX_HITS:
                votes.extend((at - offset + len(quote.prefix), pieces) for at in hits)
            pieces += 1
        needed = min(2, pieces)
        clusters: list[list[tuple[int, int]]] = []
        for vote in sorted(votes):
            # Edits between a piece and the quote shift the quote by up to max_errors characters.
            if clusters and vote[0] - clusters[-1][-1][0] <= max_errors:
                clusters[-1].append(vote)
            else:
                clusters.append([vote])
        windows: list[tuple[int, int]] = []
        for cluster in clusters:
            if len({piece for _, piece in cluster}) < needed:
                continue
            lo = max(0, cluster[0][0] - 2 * max_errors)
            hi = min(len(text), cluster[-1][0] + size + 2 * max_errors)
            for piece_lo, piece_hi in ((lo, min(hi, near[0])), (max(lo, near[1]), hi)):
                if piece_hi - piece_lo < size - max_errors:
                    continue
                if windows and piece_lo <= windows[-1][1]:
                    windows[-1] = (windows[-1][0], max(windows[-1][1], piece_hi))
                else:
                    windows.append((piece_lo, piece_hi))
        return windows

    def _best_match_in(self, regions: list[tuple[int, int]], quote: Quote, hint: int, max_errors: int) -> Match | None:
        if not regions:
            return None
        if self._index is None:
            self._index = TextIndex(self.text)
        text, exact = self.text, quote.exact
        ends: list[tuple[int, int]] = []
        for lo, hi in regions:
            row = match_ends(self._index, exact, lo, hi, max_errors)
            # Local minima of the distance along the text: one per place the quote nearly occurs, or a few
            # where the distance plateaus, so that the suffix can choose where the match ends.
            for i, (end, errors) in enumerate(row):
                before = row[i - 1] if i and row[i - 1][0] == end - 1 else None
                after = row[i + 1] if i + 1 < len(row) and row[i + 1][0] == end + 1 else None
                if (before is None or before[1] >= errors) and (after is None or after[1] >= errors):
                    ends.append((end, errors))
        ends.sort(key=lambda item: (item[1], abs(item[0] - hint - len(exact)), item[0]))
        best: Match | None = None
        seen = set()
        for end, errors in ends:
            # Fewest edits first: once perfect context cannot lift a candidate past the best so far, or to
            # MIN_SCORE, no later one can (and one this far off is never DISTINCTIVE either).
            quote_score = 1 - errors / len(exact)
            ceiling = (QUOTE_WEIGHT * quote_score + PREFIX_WEIGHT + SUFFIX_WEIGHT + POS_WEIGHT) / MAX_SCORE
            if ceiling < MIN_SCORE or (best is not None and ceiling < best.score):
                break
            for start in match_starts(text, exact, end, errors):
                if (start, end) in seen:
                    continue
                seen.add((start, end))
                score = _reanchor_score(text, quote, start, end, errors, hint)
                if best is None or score > best.score:
                    candidate = Match(start, end, score, errors)
                    if _is_acceptable(candidate, len(exact)):
                        best = candidate
        return best


def reanchor(old_text: str, new_text: str, claims: Iterable[tuple[Hashable, int, int, Quote]]) -> list[Result]:
    """Re-anchor every claim on `old_text` to `new_text`; one Result per claim, in order.

    Each claim is (claim_id, start, end, quote) with start/end code point offsets into old_text and
    quote its TextQuoteSelector. See the module docstring for the four states and their order.
    """
    claims = list(claims)
    if not claims:
        return []
    reanchorer = Reanchorer(old_text, new_text)
    return [reanchorer.reanchor(claim_id, start, end, quote) for claim_id, start, end, quote in claims]
