"""Approximate string search: Myers' bit-vector algorithm, transposed. Pure Python, no Django.

D[i][j] is the edit distance between pattern[:i] and the best substring of the text ending at j. Myers
packs a column of D (one bit per pattern character) into a machine word and steps along the text. Here
the roles are swapped: a Python int has one bit per *text* character, holding the differences
D[i][j] - D[i][j-1] (`pv`: +1, `mv`: -1) of one row, and the loop steps through the pattern. The
recurrence is Hyyrö's formulation of Myers', unchanged: the DP is symmetric, only its boundaries move.
Row 0 is all zeros when the match may start anywhere (search) and 0, 1, 2, ... when it must start at
the first character (anchored); column 0 is always 0, 1, 2, ..., hence the `| 1` after each shift.

Bits above the text length fill with junk, but additions and left shifts only carry upwards, so they
never reach the bits we read; the readers mask them off.

`match_ends` finds where a pattern nearly occurs in a window of a long text (with a `TextIndex` of that text),
`match_starts` where a match ending at a given place starts; `last_row_deltas` and `row_values_at_most` are the
algorithm itself, which `annotations.reanchoring.matching` also uses on short texts (`char_masks`).
"""

from __future__ import annotations

from collections import Counter


def last_row_deltas(masks: dict[str, int], n: int, pattern: str, anchored: bool) -> tuple[int, int]:
    """The last row of D over a text of n characters, as (pv, mv) bits; `masks` from `char_masks`."""
    full = (1 << n) - 1
    pv = full if anchored else 0
    mv = 0
    get = masks.get
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


def row_values_at_most(pv: int, mv: int, n: int, first: int, limit: int) -> list[tuple[int, int]]:
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


def char_masks(text: str) -> dict[str, int]:
    """For each character of a short text, the bit mask of where it occurs."""
    masks: dict[str, int] = {}
    for index, char in enumerate(text):
        masks[char] = masks.get(char, 0) | (1 << index)
    return masks


_ONE_HOT = [bytes(0x31 if i == cls else 0x30 for i in range(256)) for cls in range(256)]
_OTHER = 255  # class shared by the rarest characters when a text has more than 255 distinct ones


class TextIndex:
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

    def char_masks(self, pattern: str, lo: int, hi: int) -> dict[str, int]:
        """For each character of the pattern, the bit mask of where it occurs in text[lo:hi]."""
        size = len(self.text)
        codes = self.backwards[size - hi : size - lo]
        window = None
        masks = {}
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
                masks[char] = mask
        return masks


def match_ends(index: TextIndex, pattern: str, lo: int, hi: int, max_errors: int) -> list[tuple[int, int]]:
    """(end, errors) for every end in (lo, hi] of a substring of text[lo:hi] within max_errors of pattern."""
    n = hi - lo
    if n <= 0 or max_errors < 0:
        return []
    pv, mv = last_row_deltas(index.char_masks(pattern, lo, hi), n, pattern, anchored=False)
    return [(lo + j, errors) for j, errors in row_values_at_most(pv, mv, n, len(pattern), max_errors)]


def match_starts(text: str, pattern: str, end: int, errors: int) -> list[int]:
    """Every start s, longest match first, with edit_distance(pattern, text[s:end]) == errors."""
    lo = max(0, end - len(pattern) - errors)
    backwards = text[lo:end][::-1]
    if not backwards:
        return [end]
    # Anchoring the reversed pattern at the reversed text's start fixes the match's end at `end`.
    pv, mv = last_row_deltas(char_masks(backwards), len(backwards), pattern[::-1], anchored=True)
    lengths = [j for j, value in row_values_at_most(pv, mv, len(backwards), len(pattern), errors) if value == errors]
    return [end - j for j in reversed(lengths)] or [end]
