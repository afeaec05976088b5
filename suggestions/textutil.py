"""Small text helpers shared by the finder and the gazetteer. Pure functions, no Django."""

import re
import unicodedata

# Letters that Unicode does not decompose into a base letter plus a combining mark, and marks that do not matter.
_EXTRA_FOLDS = {
    "ı": "i",
    "ł": "l",
    "Ł": "l",
    "ø": "o",
    "Ø": "o",
    "đ": "d",
    "Đ": "d",
    "ð": "d",
    "þ": "th",
    "æ": "ae",
    "Æ": "ae",
    "œ": "oe",
    "Œ": "oe",
    "ß": "ss",
    "’": "",
    "'": "",
    "ʼ": "",
    "ʻ": "",
    "‘": "",
    "`": "",
    "-": " ",
    "‐": " ",
    "‑": " ",
    "–": " ",
    ".": "",
}
_EXTRA = re.compile("|".join(map(re.escape, _EXTRA_FOLDS)))
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def _extra(match: re.Match) -> str:
    return _EXTRA_FOLDS[match.group()]


def fold(name: str) -> str:
    """The form two spellings share when they differ only in case, accents, apostrophes or hyphens."""
    # str.translate with a dict runs per character in Python; these C-level calls keep loading the gazetteer fast.
    if name.isascii():
        folded = name.replace("'", "").replace("`", "").replace(".", "").replace("-", " ").lower()
    else:
        folded = _COMBINING.sub("", unicodedata.normalize("NFKD", _EXTRA.sub(_extra, name))).casefold()
        folded = _EXTRA.sub(_extra, folded)
    return " ".join(folded.split()) if "  " in folded or folded[:1] == " " or folded[-1:] == " " else folded


def deletes(word: str) -> set[str]:
    """The word and every string one deletion away: two words share one iff they are close (SymSpell's trick)."""
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


def osa_distance(a: str, b: str, limit: int = 2) -> int:
    """Optimal string alignment distance (Levenshtein plus adjacent transposition), capped at limit + 1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return min(previous[-1], limit + 1)


# Endings that turn a name into another word for the same thing (Russia/Russian, Israel/Israeli, Pakistan/Pakistani).
INFLECTIONS = ("s", "n", "an", "ian", "i", "a", "e", "ese", "ish", "ic")


def is_inflection(a: str, b: str) -> bool:
    short, long = sorted((a, b), key=len)
    return long.startswith(short) and long[len(short) :] in INFLECTIONS


def within_one_edit(a: str, b: str) -> bool:
    """Whether a and b differ by at most one insertion, deletion, substitution or swap of neighbours. Linear."""
    if a == b:
        return True
    if len(a) > len(b):
        a, b = b, a
    if len(b) - len(a) > 1:
        return False
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :] or (
            i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :]
        )
    return a[i:] == b[i + 1 :]
