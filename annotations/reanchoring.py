"""Re-anchoring claims when an article body changes. Pure Python, standard library only, no Django.

A claim anchors to a span of the article body: `start`/`end` are Unicode code point offsets (Python string
indices) and a W3C TextQuoteSelector keeps the quoted text (`exact`) with up to 32 characters of `prefix`
and `suffix` around it. When the body is edited, `reanchor(old_text, new_text, claims)` finds each claim
again in the new body and says how:

1. "exact": the quote is still where the edit put it, and the claim keeps the quote at its shifted offsets.
2. "moved": the quote is found word for word elsewhere; of several occurrences, the one whose prefix,
   suffix and distance from the old position fit best.
3. "fuzzy": the quote is not found word for word, but an edited version of it is; the claim moves to that
   text and takes it as its new quote.
4. "orphaned": nothing acceptable; the claim has no position until someone re-attaches it.

Scoring follows the Hypothesis client (src/annotator/anchoring/match-quote.ts, with the approx-string-match
library): a candidate scores (50 * quote + 20 * prefix + 20 * suffix + 2 * position) / 92, where quote is
1 - errors / len(quote), prefix and suffix are the same similarity for the context, computed over the
text next to the candidate, and position is 1 - distance / len(text) from the expected offset.
`match_quote` and `find_quote` reproduce Hypothesis's results exactly: only exact occurrences are
candidates when there are any, otherwise the matches with the fewest edits, at most min(256, len/2).

`reanchor` differs from `find_quote` on purpose in two ways:

* It asks for evidence. Hypothesis accepts any match within len/2 edits, and in a long article some
  stretch of unrelated text nearly always is that close to a short quote. A claim therefore only moves
  to a candidate scoring at least `MIN_SCORE`, which a word-for-word quote reaches with roughly half its
  context recognisable and an edited quote with its context intact, or to a long quote (at least
  `DISTINCTIVE_LENGTH` characters) found with at most 10% of it edited, whatever its context. A claim
  whose text and surroundings are gone is orphaned rather than pinned to unrelated text.
* It compares candidates, not only the closest matches. An edit that leaves the old quote word for word
  somewhere else, in other surroundings, must not hide the edited quote in its own place; so every local
  best match, and every start that costs the same number of edits, is a candidate and the score decides.

How it stays fast
-----------------
`PositionMap` diffs the old and new bodies once per revision: common prefix and suffix, then sentences and
lines with difflib.SequenceMatcher, then words inside changed sentences, then characters at the edges of
changed words. Diffing whole documents character by character is slow and difflib's "popular element"
heuristic degrades it on long texts; sentences are nearly all distinct, so that pass is close to linear,
and the word and character passes only ever see the few changed sentences. The result is a list of
equal blocks, and `map(offset)` is a binary search, shifting offsets inside an unchanged block exactly and
spreading them proportionally across a changed one.

Each claim's old start is mapped into the new text as its hint. Step 1 is a string comparison at the
hint (and at the mapped end less the quote length, which catches an insertion that the diff placed
inside a repeated run of text next to the quote). Step 2 is a `str.find` loop over the whole text, at C
speed; occurrences are scored nearest first and scoring stops once the distance alone rules out beating
the best so far. Only step 3 costs real work. It computes edit distances with Myers' bit-vector
algorithm, transposed: a Python int holds one bit per character of the searched text and the loop runs
once per character of the quote, so each step is a handful of C-level big-int operations over the whole
window, O(len(quote) * len(window) / 64) word operations and len(quote) interpreter steps. It searches

* first the text within `NEAR_WINDOW` characters either side of the hint, which is where an edited
  quote is unless its paragraph moved;
* then, if nothing there is acceptable, the regions of the new text that the revision inserted or
  changed (from the position map), padded by the quote's length. A claim only lands far from its old
  position on text the revision touched: text that was already in the old article next to other words
  is not where this quote went. For a body that was rewritten throughout, that region is the whole text.

So a revision costs one diff, O(n) for the sentence-level pass, plus per claim a binary search and a
comparison, plus for the few claims the edits touched a search bounded by the window and the size of the
edits, not by the article: no claim's cost grows with the article's length except through `str.find`.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Literal

CONTEXT = 32  # characters of prefix and suffix in a TextQuoteSelector (Hypothesis's contextLen)

# Hypothesis's weights (match-quote.ts).
QUOTE_WEIGHT = 50
PREFIX_WEIGHT = 20
SUFFIX_WEIGHT = 20
POS_WEIGHT = 2
MAX_SCORE = QUOTE_WEIGHT + PREFIX_WEIGHT + SUFFIX_WEIGHT + POS_WEIGHT
MAX_ERRORS_CAP = 256  # Hypothesis: maxErrors = min(256, quote.length / 2)

# Re-anchoring's own acceptance threshold (Hypothesis has none). With it, an exact quote needs its prefix
# and suffix to be about half recognisable on average (unrelated text scores about 0.35 each), and an
# edited quote with intact context may have lost up to 37% of its characters.
MIN_SCORE = 0.8
# A long quote found (nearly) word for word is evidence enough on its own: a claim spanning a whole
# paragraph keeps neither prefix nor suffix when the paragraph moves.
DISTINCTIVE_LENGTH = 32
DISTINCTIVE_ERROR_RATE = 0.1
NEAR_WINDOW = 4096  # characters searched either side of the hint before looking at the changed regions

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
class Match:
    start: int
    end: int
    score: float  # 0..1; 1.0 only for the exact quote in the exact context
    errors: int  # edits (insertions, deletions, substitutions) between the quote and text[start:end]


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


# ---------------------------------------------------------------------------------------------------------
# Edit distance: Myers' bit-vector algorithm, transposed.
#
# D[i][j] is the edit distance between pattern[:i] and the best substring of the text ending at j. Myers
# packs a column of D (one bit per pattern character) into a machine word and steps along the text. Here
# the roles are swapped: a Python int has one bit per *text* character, holding the differences
# D[i][j] - D[i][j-1] (`pv`: +1, `mv`: -1) of one row, and the loop steps through the pattern. The
# recurrence is Hyyrö's formulation of Myers', unchanged: the DP is symmetric, only its boundaries move.
# Row 0 is all zeros when the match may start anywhere (search) and 0, 1, 2, ... when it must start at
# the first character (anchored); column 0 is always 0, 1, 2, ..., hence the `| 1` after each shift.
#
# Bits above the text length fill with junk, but additions and left shifts only carry upwards, so they
# never reach the bits we read; the readers mask them off.
# ---------------------------------------------------------------------------------------------------------


def _last_row(peq: dict[str, int], n: int, pattern: str, anchored: bool) -> tuple[int, int]:
    full = (1 << n) - 1
    pv = full if anchored else 0
    mv = 0
    get = peq.get
    for char in pattern:
        eq = get(char, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (full ^ (xh | pv))
        mh = pv & xh
        ph = (ph << 1) | 1
        mh <<= 1
        pv = mh | (full ^ (xv | ph))
        mv = ph & xv
    return pv & full, mv & full


# For a pair of bytes of a row (plus bits, minus bits): the net change over its 8 positions and the lowest
# running total, so a scan skips every byte of the row that cannot reach the threshold. Filled on demand.
_BYTE_STATS: dict[int, tuple[int, int]] = {}


def _byte_stats(key: int) -> tuple[int, int]:
    plus, minus = key & 255, key >> 8
    total, low = 0, 9
    for bit in range(8):
        total += ((plus >> bit) & 1) - ((minus >> bit) & 1)
        low = min(low, total)
    _BYTE_STATS[key] = (total, low)
    return total, low


def _row_values_at_most(pv: int, mv: int, n: int, first: int, limit: int) -> list[tuple[int, int]]:
    """(j, D[j]) for j in 1..n where D[j] <= limit, D[0] being `first`."""
    stats = _BYTE_STATS
    size = (n + 7) // 8
    plus = pv.to_bytes(size, "little")
    minus = mv.to_bytes(size, "little")
    found = []
    value = first
    for index in range(size):
        p, m = plus[index], minus[index]
        key = p | (m << 8)
        total, low = stats.get(key) or _byte_stats(key)
        if value + low > limit:
            value += total
            continue
        base = index * 8
        for bit in range(min(8, n - base)):
            value += ((p >> bit) & 1) - ((m >> bit) & 1)
            if value <= limit:
                found.append((base + bit + 1, value))
    return found


def _small_peq(text: str) -> dict[str, int]:
    peq: dict[str, int] = {}
    for index, char in enumerate(text):
        peq[char] = peq.get(char, 0) | (1 << index)
    return peq


_ONE_HOT = [bytes(0x31 if i == cls else 0x30 for i in range(256)) for cls in range(256)]
_OTHER = 255  # class shared by the rarest characters when a text has more than 255 distinct ones


class _TextIndex:
    """Where each character of a long text occurs, as bit masks over any window, built at C speed.

    The text is translated once into one byte per character (a class number); a character's mask over a
    window is then one bytes.translate into ASCII '0'/'1' and one int(..., 2).
    """

    def __init__(self, text: str):
        self.text = text
        chars = sorted(set(text))
        if len(chars) > _OTHER:
            chars = [c for c, _ in Counter(text).most_common(_OTHER)]
        self.classes = {c: i for i, c in enumerate(chars)}
        table = dict.fromkeys(map(ord, set(text)), _OTHER)
        table.update((ord(c), i) for c, i in self.classes.items())
        self.codes = text.translate(table).encode("latin-1")

    def peq(self, pattern: str, lo: int, hi: int) -> dict[str, int]:
        codes = self.codes[lo:hi]
        window = None
        peq = {}
        for char in set(pattern):
            cls = self.classes.get(char)
            if cls is not None:
                mask = int(codes.translate(_ONE_HOT[cls])[::-1], 2)
            else:
                # Not in the text, or one of the rare characters sharing the last class.
                window = self.text[lo:hi] if window is None else window
                mask, at = 0, window.find(char)
                while at != -1:
                    mask |= 1 << at
                    at = window.find(char, at + 1)
            if mask:
                peq[char] = mask
        return peq


@lru_cache(maxsize=4)
def _index(text: str) -> _TextIndex:
    return _TextIndex(text)


def _search_ends(index: _TextIndex, pattern: str, lo: int, hi: int, max_errors: int) -> list[tuple[int, int]]:
    """(end, errors) for every end in (lo, hi] of a substring of text[lo:hi] within max_errors of pattern."""
    n = hi - lo
    if n <= 0 or max_errors < 0:
        return []
    pv, mv = _last_row(index.peq(pattern, lo, hi), n, pattern, anchored=False)
    return [(lo + j, errors) for j, errors in _row_values_at_most(pv, mv, n, len(pattern), max_errors)]


def _starts(text: str, pattern: str, end: int, errors: int) -> list[int]:
    """Every start s, longest match first, with edit_distance(pattern, text[s:end]) == errors."""
    lo = max(0, end - len(pattern) - errors)
    backwards = text[lo:end][::-1]
    if not backwards:
        return [end]
    # Anchoring the reversed pattern at the reversed text's start fixes the match's end at `end`.
    pv, mv = _last_row(_small_peq(backwards), len(backwards), pattern[::-1], anchored=True)
    lengths = [j for j, value in _row_values_at_most(pv, mv, len(backwards), len(pattern), errors) if value == errors]
    return [end - j for j in reversed(lengths)] or [end]


def _similarity(text: str, pattern: str) -> float:
    """Hypothesis's textMatchScore: 1 - (fewest edits turning some substring of text into pattern) / len."""
    if not pattern or not text:
        return 0.0
    if pattern in text:
        return 1.0
    pv, mv = _last_row(_small_peq(text), len(text), pattern, anchored=False)
    best = min(value for _, value in _row_values_at_most(pv, mv, len(text), len(pattern), len(pattern)))
    return 1.0 - best / len(pattern)


def _score(text: str, quote_len: int, start: int, end: int, errors: int, prefix: str, suffix: str, hint: int | None) -> float:
    # Same expression, in the same order, as match-quote.ts, so ties and rounding agree with Hypothesis.
    quote_score = 1 - errors / quote_len
    prefix_score = _similarity(text[max(0, start - len(prefix)) : start], prefix) if prefix else 1.0
    suffix_score = _similarity(text[end : end + len(suffix)], suffix) if suffix else 1.0
    pos_score = 1.0
    if hint is not None:
        pos_score = 1.0 - abs(start - hint) / len(text)
    raw = QUOTE_WEIGHT * quote_score + PREFIX_WEIGHT * prefix_score + SUFFIX_WEIGHT * suffix_score + POS_WEIGHT * pos_score
    return raw / MAX_SCORE


def _occurrences(text: str, quote: str) -> list[int]:
    found, at = [], text.find(quote)
    while at != -1:
        found.append(at)
        at = text.find(quote, at + 1)  # overlapping, as Hypothesis's indexOf loop
    return found


# ---------------------------------------------------------------------------------------------------------
# Hypothesis's matcher.
# ---------------------------------------------------------------------------------------------------------


def match_quote(
    text: str, quote: str, *, prefix: str = "", suffix: str = "", hint: int | None = None, max_errors: int | None = None
) -> list[Match]:
    """Candidates for `quote` in `text`, best first, as Hypothesis's matchQuote ranks them.

    Exact occurrences if there are any; otherwise every match with the fewest edits, if that is at most
    `max_errors` (default min(256, len(quote) / 2)), starting where the match is longest. Equal scores keep
    text order, as Hypothesis's stable sort does.
    """
    if not quote or not text:
        return []
    if max_errors is None:
        max_errors = min(MAX_ERRORS_CAP, len(quote) // 2)
    max_errors = min(max_errors, len(quote))
    found = [(at, at + len(quote), 0) for at in _occurrences(text, quote)]
    if not found:
        ends = _search_ends(_index(text), quote, 0, len(text), max_errors)
        fewest = min((errors for _, errors in ends), default=None)
        found = [(_starts(text, quote, end, errors)[0], end, errors) for end, errors in ends if errors == fewest]
    matches = [Match(s, e, _score(text, len(quote), s, e, err, prefix, suffix, hint), err) for s, e, err in found]
    matches.sort(key=lambda m: -m.score)
    return matches


def find_quote(text: str, quote: str, prefix: str = "", suffix: str = "", hint: int | None = None) -> Match | None:
    """The best match for `quote`, or None where Hypothesis's matchQuote returns null."""
    matches = match_quote(text, quote, prefix=prefix, suffix=suffix, hint=hint)
    return matches[0] if matches else None


# ---------------------------------------------------------------------------------------------------------
# Position map.
# ---------------------------------------------------------------------------------------------------------

# Sentences and lines: nearly all distinct in an article, which keeps SequenceMatcher close to linear.
_SEGMENT = re.compile(r"[^\n.!?;。！？؟؛…]*[\n.!?;。！？؟؛…]*\s*")
# Words with their trailing space, and every other character on its own.
_WORD = re.compile(r"\w+\s*|[^\w\s]\s*|\s+")
_MAX_TOKENS = 20_000  # beyond this a region is left as one changed block rather than risk a slow diff


def _common_prefix(a: str, a_lo: int, a_hi: int, b: str, b_lo: int, b_hi: int) -> int:
    lo, hi = 0, min(a_hi - a_lo, b_hi - b_lo)
    while lo < hi:  # binary search over slice comparisons: O(n log n) character work, all in C
        mid = (lo + hi + 1) // 2
        if a.startswith(b[b_lo : b_lo + mid], a_lo):
            lo = mid
        else:
            hi = mid - 1
    return lo


def _common_suffix(a: str, a_lo: int, a_hi: int, b: str, b_lo: int, b_hi: int) -> int:
    lo, hi = 0, min(a_hi - a_lo, b_hi - b_lo)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a.endswith(b[b_hi - mid : b_hi], a_lo, a_hi):
            lo = mid
        else:
            hi = mid - 1
    return lo


class PositionMap:
    """Maps offsets in an old text to the corresponding offsets in a new version of it.

    An offset inside text both versions share moves with it; one at the start of text that follows an
    insertion lands after the insertion; one inside replaced text is spread proportionally over the
    replacement, and one inside deleted text lands where the deletion was.
    """

    def __init__(self, old_text: str, new_text: str):
        self.old_len = len(old_text)
        self.new_len = len(new_text)
        self._old = old_text
        self._new = new_text
        self._blocks: list[tuple[int, int, int]] = []  # (old start, new start, length), in order
        self._diff(0, self.old_len, 0, self.new_len, 0)
        del self._old, self._new
        merged: list[tuple[int, int, int]] = []
        for a, b, size in sorted(self._blocks):
            if merged and merged[-1][0] + merged[-1][2] == a and merged[-1][1] + merged[-1][2] == b:
                merged[-1] = (merged[-1][0], merged[-1][1], merged[-1][2] + size)
            else:
                merged.append((a, b, size))
        self._blocks = merged
        self._old_starts = [a for a, _, _ in merged]

    def _diff(self, a_lo: int, a_hi: int, b_lo: int, b_hi: int, level: int) -> None:
        old, new = self._old, self._new
        head = _common_prefix(old, a_lo, a_hi, new, b_lo, b_hi)
        if head:
            self._blocks.append((a_lo, b_lo, head))
            a_lo, b_lo = a_lo + head, b_lo + head
        tail = _common_suffix(old, a_lo, a_hi, new, b_lo, b_hi)
        if tail:
            self._blocks.append((a_hi - tail, b_hi - tail, tail))
            a_hi, b_hi = a_hi - tail, b_hi - tail
        if a_lo == a_hi or b_lo == b_hi or level == 2:
            return
        pattern = _SEGMENT if level == 0 else _WORD
        a_tokens = [t for t in pattern.findall(old, a_lo, a_hi) if t]
        b_tokens = [t for t in pattern.findall(new, b_lo, b_hi) if t]
        if len(a_tokens) + len(b_tokens) > _MAX_TOKENS:
            return
        if len(a_tokens) == 1 or len(b_tokens) == 1:
            self._diff(a_lo, a_hi, b_lo, b_hi, level + 1)
            return
        a_at, b_at = [a_lo], [b_lo]
        for token in a_tokens:
            a_at.append(a_at[-1] + len(token))
        for token in b_tokens:
            b_at.append(b_at[-1] + len(token))
        # Sentences are distinct enough to need no junk heuristic; words are not (spaces, "the").
        matcher = SequenceMatcher(None, a_tokens, b_tokens, autojunk=level > 0)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                self._blocks.append((a_at[i1], b_at[j1], a_at[i2] - a_at[i1]))
            elif tag == "replace":
                self._diff(a_at[i1], a_at[i2], b_at[j1], b_at[j2], level + 1)

    def map(self, old_offset: int) -> int:
        offset = min(max(old_offset, 0), self.old_len)
        i = bisect.bisect_right(self._old_starts, offset) - 1
        if i >= 0:
            a, b, size = self._blocks[i]
            if offset < a + size:
                return b + offset - a
            a1, b1 = a + size, b + size
        else:
            a1 = b1 = 0
        if i + 1 < len(self._blocks):
            a2, b2, _ = self._blocks[i + 1]
        else:
            a2, b2 = self.old_len, self.new_len
        if offset >= a2:
            return b2
        return b1 + (offset - a1) * (b2 - b1) // (a2 - a1)

    def changed(self) -> list[tuple[int, int]]:
        """The (start, end) ranges of the new text that are not unchanged old text."""
        ranges, b1 = [], 0
        for _, b, size in [*self._blocks, (self.old_len, self.new_len, 0)]:
            if b > b1:
                ranges.append((b1, b))
            b1 = b + size
        return ranges


# ---------------------------------------------------------------------------------------------------------
# Re-anchoring.
# ---------------------------------------------------------------------------------------------------------

# The most edits a candidate can have and still reach MIN_SCORE with perfect context and position.
_ACCEPTABLE_ERROR_RATE = 1 - (MIN_SCORE * MAX_SCORE - PREFIX_WEIGHT - SUFFIX_WEIGHT - POS_WEIGHT) / QUOTE_WEIGHT


def _acceptable(match: Match, quote_len: int) -> bool:
    if match.score >= MIN_SCORE:
        return True
    return quote_len >= DISTINCTIVE_LENGTH and match.errors <= quote_len * DISTINCTIVE_ERROR_RATE


class _Reanchorer:
    def __init__(self, old_text: str, new_text: str):
        self.text = new_text
        self.old_text = old_text
        self.map = PositionMap(old_text, new_text)
        self._index: _TextIndex | None = None
        self._changed: list[tuple[int, int]] | None = None

    def reanchor(self, claim_id: Hashable, start: int, end: int, quote: Quote) -> Result:
        text, exact = self.text, quote.exact
        if not exact or not text:
            return Result(claim_id, "orphaned", None, None, None)
        start = min(max(start, 0), len(self.old_text))
        end = min(max(end, start), len(self.old_text))
        hint = self.map.map(start)

        for at in (hint, self.map.map(end) - len(exact)):
            if at >= 0 and text.startswith(exact, at):
                return Result(claim_id, "exact", at, at + len(exact), exact)
        # The literal old offset is only trusted with its context, or repeated text would pass for it.
        if text.startswith(exact, start) and self._context_intact(start, start + len(exact), quote):
            return Result(claim_id, "exact", start, start + len(exact), exact)

        best = self._best_occurrence(quote, hint)
        if best is not None and _acceptable(best, len(exact)):
            return Result(claim_id, "moved", best.start, best.end, exact)

        best = self._best_approximate(quote, hint)
        if best is not None:
            found = text[best.start : best.end]
            return Result(claim_id, "moved" if found == exact else "fuzzy", best.start, best.end, found)
        return Result(claim_id, "orphaned", None, None, None)

    def _context_intact(self, start: int, end: int, quote: Quote) -> bool:
        return (
            start >= len(quote.prefix)
            and self.text.startswith(quote.prefix, start - len(quote.prefix))
            and self.text.startswith(quote.suffix, end)
        )

    def _best_occurrence(self, quote: Quote, hint: int) -> Match | None:
        text, exact = self.text, quote.exact
        best = None
        for at in sorted(_occurrences(text, exact), key=lambda at: (abs(at - hint), at)):
            # Nearest first: once even a perfect context at this distance cannot win, nothing further can.
            ceiling = (QUOTE_WEIGHT + PREFIX_WEIGHT + SUFFIX_WEIGHT + POS_WEIGHT * (1 - abs(at - hint) / len(text))) / MAX_SCORE
            if best is not None and ceiling < best.score:
                break
            score = _score(text, len(exact), at, at + len(exact), 0, quote.prefix, quote.suffix, hint)
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
        best = self._search([near], quote, hint, max_errors)
        if best is not None:
            return best
        pad = size + max_errors
        regions: list[tuple[int, int]] = []
        for lo, hi in self._changed_regions():
            lo, hi = max(0, lo - pad), min(len(text), hi + pad)
            # Leave out what the near search already covered.
            pieces = [(lo, min(hi, near[0])), (max(lo, near[1]), hi)]
            for piece in pieces:
                if piece[1] - piece[0] >= size - max_errors:
                    if regions and piece[0] <= regions[-1][1]:
                        regions[-1] = (regions[-1][0], max(regions[-1][1], piece[1]))
                    else:
                        regions.append(piece)
        return self._search(regions, quote, hint, max_errors)

    def _changed_regions(self) -> list[tuple[int, int]]:
        if self._changed is None:
            self._changed = self.map.changed()
        return self._changed

    def _search(self, regions: list[tuple[int, int]], quote: Quote, hint: int, max_errors: int) -> Match | None:
        if not regions:
            return None
        if self._index is None:
            self._index = _index(self.text)
        text, exact = self.text, quote.exact
        ends: list[tuple[int, int]] = []
        for lo, hi in regions:
            row = _search_ends(self._index, exact, lo, hi, max_errors)
            # Local minima of the distance along the text: one per place the quote nearly occurs (both
            # ends of a plateau are kept, so the suffix can choose where the match ends).
            for i, (end, errors) in enumerate(row):
                before = row[i - 1] if i and row[i - 1][0] == end - 1 else None
                after = row[i + 1] if i + 1 < len(row) and row[i + 1][0] == end + 1 else None
                if (before is None or before[1] >= errors) and (after is None or after[1] >= errors):
                    ends.append((end, errors))
        ends.sort(key=lambda item: (item[1], abs(item[0] - hint - len(exact)), item[0]))
        best: Match | None = None
        seen = set()
        for end, errors in ends:
            ceiling = (QUOTE_WEIGHT * (1 - errors / len(exact)) + PREFIX_WEIGHT + SUFFIX_WEIGHT + POS_WEIGHT) / MAX_SCORE
            if ceiling < MIN_SCORE or (best is not None and ceiling < best.score):
                break
            for start in _starts(text, exact, end, errors):
                if (start, end) in seen:
                    continue
                seen.add((start, end))
                score = _score(text, len(exact), start, end, errors, quote.prefix, quote.suffix, hint)
                if best is None or score > best.score:
                    candidate = Match(start, end, score, errors)
                    if _acceptable(candidate, len(exact)):
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
    reanchorer = _Reanchorer(old_text, new_text)
    return [reanchorer.reanchor(claim_id, start, end, quote) for claim_id, start, end, quote in claims]
