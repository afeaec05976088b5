"""Re-anchoring claims when an article body changes. Pure Python, standard library only, no Django.

A claim anchors to a span of the article body: `start`/`end` are Unicode code point offsets (Python string
indices) and a W3C TextQuoteSelector keeps the quoted text (`exact`) with up to 32 characters of `prefix`
and `suffix` around it. When the body is edited, `reanchor(old_text, new_text, claims)` finds each claim
again in the new body and says how:

1. "exact": the quote is still where the edit put it; the claim keeps it, at its shifted offsets.
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

`reanchor` differs from `find_quote` on purpose in three ways:

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

* `PositionMap` diffs the old and new bodies: common prefix and suffix, then sentences and lines with
  difflib.SequenceMatcher, then words inside changed sentences, then characters at the edges of changed
  words. Diffing whole documents character by character is slow, and difflib's "popular element"
  heuristic degrades it on long texts; sentences are nearly all distinct, so that pass is close to
  linear, and the word and character passes only see the changed sentences. (Text without sentence
  punctuation is cut into chunks of about eight words at content-chosen words instead.) The result is a list of
  equal blocks; `map(offset)` is a binary search that shifts an offset inside an unchanged block exactly
  and spreads one inside a changed stretch proportionally over its replacement.
* Only if some claim needs it: an index of the 12-character pieces that start each word of the new text
  (steps 2 and 3), and for step 3 the new text translated to one byte per character (a class number),
  from which any character's bit mask over any window is one bytes.translate and one int(s, 2).

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
    for word in range(0, size, 8):
        # A 64-position word whose -1 steps cannot bring the running value down to the limit is skipped
        # whole; far from any match that is most of them, when the quote is long.
        down = int.from_bytes(minus[word : word + 8], "little").bit_count()
        if value - down > limit:
            value += int.from_bytes(plus[word : word + 8], "little").bit_count() - down
            continue
        for index in range(word, min(word + 8, size)):
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
        self.rare = set(text).difference(self.classes)
        table = dict.fromkeys(map(ord, self.rare), _OTHER)
        table.update((ord(c), i) for c, i in self.classes.items())
        # Reversed, because int(s, 2) reads the most significant digit first.
        self.backwards = text.translate(table).encode("latin-1")[::-1]

    def peq(self, pattern: str, lo: int, hi: int) -> dict[str, int]:
        size = len(self.text)
        codes = self.backwards[size - hi : size - lo]
        window = None
        peq = {}
        for char in set(pattern):
            cls = self.classes.get(char)
            if cls is not None:
                mask = int(codes.translate(_ONE_HOT[cls]), 2)
            elif char in self.rare:  # one of the characters sharing the last class
                window = self.text[lo:hi] if window is None else window
                mask, at = 0, window.find(char)
                while at != -1:
                    mask |= 1 << at
                    at = window.find(char, at + 1)
            else:
                continue  # not in the text at all
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


def _hypothesis_start(text: str, pattern: str, end: int, errors: int) -> int:
    """Where approx-string-match starts a match ending at `end`: the longest of the reversed pattern's
    best matches in the reversed text before `end`. Those need not end at `end`, so the span it reports
    can cost more edits than it says (for "ba" in "ab": 0..2, 1 error). Kept for identical results."""
    lo = max(0, end - len(pattern) - errors)
    backwards = text[lo:end][::-1]
    pv, mv = _last_row(_small_peq(backwards), len(backwards), pattern[::-1], anchored=False)
    values = _row_values_at_most(pv, mv, len(backwards), len(pattern), errors)
    fewest = min((value for _, value in values), default=None)
    return end - max((j for j, value in values if value == fewest), default=0)


def _similarity(text: str, pattern: str) -> float:
    """Hypothesis's textMatchScore: 1 - (fewest edits turning some substring of text into pattern) / len."""
    if not pattern or not text:
        return 0.0
    if pattern in text:
        return 1.0
    pv, mv = _last_row(_small_peq(text), len(text), pattern, anchored=False)
    best = min(value for _, value in _row_values_at_most(pv, mv, len(text), len(pattern), len(pattern)))
    return 1.0 - best / len(pattern)


def _score(
    text: str, quote_len: int, start: int, end: int, errors: int, prefix: str, suffix: str, hint: int | None
) -> float:
    # Same expression, in the same order, as match-quote.ts, so ties and rounding agree with Hypothesis.
    quote_score = 1 - errors / quote_len
    prefix_score = _similarity(text[max(0, start - len(prefix)) : start], prefix) if prefix else 1.0
    suffix_score = _similarity(text[end : end + len(suffix)], suffix) if suffix else 1.0
    pos_score = 1.0
    if hint is not None:
        pos_score = 1.0 - abs(start - hint) / len(text)
    raw = QUOTE_WEIGHT * quote_score + PREFIX_WEIGHT * prefix_score + SUFFIX_WEIGHT * suffix_score
    raw += POS_WEIGHT * pos_score
    return raw / MAX_SCORE


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
    return _similarity(found, expected)


def _reanchor_score(text: str, quote: Quote, start: int, end: int, errors: int, hint: int) -> float:
    quote_score = 1 - errors / len(quote.exact)
    prefix_score = _context_similarity(text[max(0, start - len(quote.prefix)) : start], quote.prefix, before=True)
    suffix_score = _context_similarity(text[end : end + len(quote.suffix)], quote.suffix, before=False)
    pos_score = 1.0 - abs(start - hint) / len(text)
    raw = QUOTE_WEIGHT * quote_score + PREFIX_WEIGHT * prefix_score + SUFFIX_WEIGHT * suffix_score
    raw += POS_WEIGHT * pos_score
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
    `max_errors` (default min(256, len(quote) / 2)), starting where approx-string-match starts it. Equal
    scores keep text order, as Hypothesis's stable sort does.
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
        found = [(_hypothesis_start(text, quote, end, errors), end, errors) for end, errors in ends if errors == fewest]
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
_LONG_SEGMENT = 400  # characters; longer "sentences" (text without punctuation) are cut into chunks
_MAX_TOKENS = 20_000  # beyond this a region is left as one changed block rather than risk a slow diff


def _segments(text: str, lo: int, hi: int) -> list[str]:
    segments = []
    for segment in _SEGMENT.findall(text, lo, hi):
        if len(segment) <= _LONG_SEGMENT:
            if segment:
                segments.append(segment)
            continue
        # Cut after words chosen by their own content (one in eight, by hash), so that an unchanged
        # stretch is cut the same way in both versions wherever it has moved to.
        cut = 0
        for word in _WORD.finditer(segment):
            if hash(word.group()) & 7 == 0:
                segments.append(segment[cut : word.end()])
                cut = word.end()
        if cut < len(segment):
            segments.append(segment[cut:])
    return segments


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
        if level == 0:
            a_tokens, b_tokens = _segments(old, a_lo, a_hi), _segments(new, b_lo, b_hi)
        else:
            a_tokens, b_tokens = _WORD.findall(old, a_lo, a_hi), _WORD.findall(new, b_lo, b_hi)
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


# ---------------------------------------------------------------------------------------------------------
# Re-anchoring.
# ---------------------------------------------------------------------------------------------------------

# The most edits a candidate can have and still reach MIN_SCORE with perfect context and position.
_ACCEPTABLE_ERROR_RATE = 1 - (MIN_SCORE * MAX_SCORE - PREFIX_WEIGHT - SUFFIX_WEIGHT - POS_WEIGHT) / QUOTE_WEIGHT


_WORD_START = re.compile(r"(?<=\s)\S")


def _word_starts(text: str) -> list[int]:
    return [m.start() for m in _WORD_START.finditer(text)]


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
            if self._context_intact(at, quote):
                return Result(claim_id, "exact", at, at + len(exact), exact)
        # The literal old offset is only trusted with its context, or repeated text would pass for it.
        if text.startswith(exact, start) and self._context_intact(start, quote):
            return Result(claim_id, "exact", start, start + len(exact), exact)

        # The quote where the diff put it, but with its context changed: the word-level diff may have
        # paired identical words of two different sentences. Another occurrence takes the claim only if it
        # fits the context better and well enough to be accepted on its own.
        best = self._best_occurrence(quote, hint)
        if mapped and (best is None or best.start in mapped or not _acceptable(best, len(exact))):
            at = best.start if best is not None and best.start in mapped else mapped[0]
            return Result(claim_id, "exact", at, at + len(exact), exact)
        if best is not None and _acceptable(best, len(exact)):
            return Result(claim_id, "moved", best.start, best.end, exact)

        best = self._best_approximate(quote, hint)
        if best is not None:
            found = text[best.start : best.end]
            return Result(claim_id, "moved" if found == exact else "fuzzy", best.start, best.end, found)
        return Result(claim_id, "orphaned", None, None, None)

    def _context_intact(self, start: int, quote: Quote) -> bool:
        return (
            start >= len(quote.prefix)
            and self.text.startswith(quote.prefix, start - len(quote.prefix))
            and self.text.startswith(quote.suffix, start + len(quote.exact))
        )

    def _word_index(self) -> dict[str, list[int]]:
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
            return _occurrences(self.text, exact)
        i = inner.start()
        hits = self._word_index().get(exact[i : i + SEED_LENGTH], ())
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
        best = self._search([near], quote, hint, max_errors)
        if best is None:
            best = self._search(self._seeded_windows(quote, max_errors, near), quote, hint, max_errors)
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
        index = self._word_index()
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

    def _search(self, regions: list[tuple[int, int]], quote: Quote, hint: int, max_errors: int) -> Match | None:
        if not regions:
            return None
        if self._index is None:
            self._index = _TextIndex(self.text)
        text, exact = self.text, quote.exact
        ends: list[tuple[int, int]] = []
        for lo, hi in regions:
            row = _search_ends(self._index, exact, lo, hi, max_errors)
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
            for start in _starts(text, exact, end, errors):
                if (start, end) in seen:
                    continue
                seen.add((start, end))
                score = _reanchor_score(text, quote, start, end, errors, hint)
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
