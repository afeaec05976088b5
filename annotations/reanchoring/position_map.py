"""Where each offset of an old text went in its new version. Pure Python, no Django.

`PositionMap` diffs the old and new bodies: common prefix and suffix, then sentences and lines with
difflib.SequenceMatcher, then words inside changed sentences, then characters at the edges of changed
words. Diffing whole documents character by character is slow, and difflib's "popular element"
heuristic degrades it on long texts; sentences are nearly all distinct, so that pass is close to
linear, and the word and character passes only see the changed sentences. (Text without sentence
punctuation is cut into chunks of about eight words at content-chosen words instead.) The result is a list of
equal blocks; `map(offset)` is a binary search that shifts an offset inside an unchanged block exactly
and spreads one inside a changed stretch proportionally over its replacement.
"""

from __future__ import annotations

import bisect
import re
from difflib import SequenceMatcher

# Sentences and lines: nearly all distinct in an article, which keeps SequenceMatcher close to linear.
_SEGMENT = re.compile(r"[^\n.!?;。！？؟؛…]*[\n.!?;。！？؟؛…]*\s*")
# Words with their trailing space, and every other character on its own.
_WORD = re.compile(r"\w+\s*|[^\w\s]\s*|\s+")
_LONG_SEGMENT = 400  # characters; longer "sentences" (text without punctuation) are cut into chunks
MAX_TOKENS = 20_000  # beyond this a region is left as one changed block rather than risk a slow diff


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


def _common_prefix_length(a: str, a_lo: int, a_hi: int, b: str, b_lo: int, b_hi: int) -> int:
    lo, hi = 0, min(a_hi - a_lo, b_hi - b_lo)
    while lo < hi:  # binary search over slice comparisons: O(n log n) character work, all in C
        mid = (lo + hi + 1) // 2
        if a.startswith(b[b_lo : b_lo + mid], a_lo):
            lo = mid
        else:
            hi = mid - 1
    return lo


def _common_suffix_length(a: str, a_lo: int, a_hi: int, b: str, b_lo: int, b_hi: int) -> int:
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
        head = _common_prefix_length(old, a_lo, a_hi, new, b_lo, b_hi)
        if head:
            self._blocks.append((a_lo, b_lo, head))
            a_lo, b_lo = a_lo + head, b_lo + head
        tail = _common_suffix_length(old, a_lo, a_hi, new, b_lo, b_hi)
        if tail:
            self._blocks.append((a_hi - tail, b_hi - tail, tail))
            a_hi, b_hi = a_hi - tail, b_hi - tail
        if a_lo == a_hi or b_lo == b_hi or level == 2:
            return
        if level == 0:
            a_tokens, b_tokens = _segments(old, a_lo, a_hi), _segments(new, b_lo, b_hi)
        else:
            a_tokens, b_tokens = _WORD.findall(old, a_lo, a_hi), _WORD.findall(new, b_lo, b_hi)
        if len(a_tokens) + len(b_tokens) > MAX_TOKENS:
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
