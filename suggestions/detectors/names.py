"""Names: one this article spells two ways ("Ashgabat" and "Ashgatat"), or one letter away from a name the
gazetteer knows while not known itself; `correction` holds the proposed spelling. Pure Python, no Django.

`names` is anything with the lookups of `suggestions.gazetteer.Gazetteer`; `words` is a set of common lower-case
words, which are never taken for misspelt places.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Container
from dataclasses import dataclass
from typing import Protocol

from suggestions.detectors import reasons as r
from suggestions.detectors.finding import NAME, Finding
from suggestions.detectors.quotes import SPEECH_VERBS
from suggestions.textutil import deletes, fold, is_inflection, within_one_edit


class Names(Protocol):
    def confirms(self, folded: str) -> bool: ...
    def is_exact(self, spelling: str) -> bool: ...
    def variant_of(self, folded: str) -> str | None: ...
    def near(self, folded: str) -> list: ...


WORD_RE = re.compile(r"[^\W\d_][\w’'-]*[^\W_]|[^\W\d_]")
POSSESSIVE_RE = re.compile(r"[’'](?:s)?$")
CONNECTORS = {
    "es",
    "de",
    "da",
    "do",
    "dos",
    "das",
    "del",
    "della",
    "di",
    "du",
    "la",
    "le",
    "les",
    "el",
    "al",
    "and",
    "of",
    "upon",
    "am",
    "an",
    "der",
    "den",
    "van",
    "von",
    "y",
    "e",
}
TITLES = set(
    "President Prime Minister Chancellor Mr Mrs Ms Dr Sir Dame Lord Lady Senator Governor Mayor King Queen Prince "
    "Princess Sheikh Emir Sultan General Gen Colonel Col Secretary Ambassador Spokesman Spokeswoman Pope Ayatollah "
    "Imam Judge Justice Professor Prof Deputy Foreign Finance Defence Defense Interior Economy Vice Premier Chairman "
    "Chair Chief Commissioner "
    "Director Speaker Rep Sen Leader Minister".split()
)
ROLE_WORDS = set(
    "counterpart leader minister president spokesman spokeswoman spokesperson official senator envoy ambassador chief "
    "secretary premier chancellor mayor governor colleague rival opponent ally adviser advisor director chairman head "
    "founder analyst economist professor".split()
)
PLACE_WORDS = {
    "in",
    "from",
    "to",
    "at",
    "near",
    "outside",
    "around",
    "of",
    "via",
    "towards",
    "toward",
    "across",
    "neighbouring",
    "neighboring",
}
GEOGRAPHIC = {
    "New",
    "North",
    "South",
    "East",
    "West",
    "Upper",
    "Lower",
    "Greater",
    "Central",
    "Saint",
    "St",
    "San",
    "Santa",
    "Lake",
    "Mount",
    "Port",
    "Fort",
    "Cape",
    "Gulf",
    "Bay",
    "City",
    "Province",
    "Region",
    "Oblast",
}
MIN_NAME_LENGTH = 5
MAX_NAME_LENGTH = 40


@dataclass
class _Token:
    start: int
    end: int
    text: str
    folded: str
    index: int
    linked_before: bool  # joined to the previous word by a single space: part of one name


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    for m in WORD_RE.finditer(text):
        word = POSSESSIVE_RE.sub("", m.group()) if m.group()[0].isupper() else m.group()
        if not word or len(word) > MAX_NAME_LENGTH:
            continue  # no name is that long; skipping it keeps the edit-distance work small
        linked = (
            bool(tokens)
            and text[tokens[-1].end : m.start()] == " "
            and tokens[-1].end == tokens[-1].start + len(tokens[-1].text)
        )
        tokens.append(_Token(m.start(), m.start() + len(word), word, fold(word), len(tokens), linked))
    return tokens


def _is_capitalised(token: _Token) -> bool:
    return token.text[0].isupper()


def _name_bounds(tokens: list[_Token], i: int) -> tuple[int, int]:
    """The capitalised name that token i belongs to, as token indices [first, last]."""
    first = i
    while first > 0 and tokens[first].linked_before and _is_capitalised(tokens[first - 1]):
        first -= 1
    last = i
    while last + 1 < len(tokens) and tokens[last + 1].linked_before and _is_capitalised(tokens[last + 1]):
        last += 1
    return first, last


def _looks_like_person(text: str, tokens: list[_Token], i: int) -> bool:
    first, last = _name_bounds(tokens, i)
    others = [t.text for t in tokens[first : last + 1] if t.index != i]
    if any(word in TITLES for word in others):
        return True
    if others and not all(word in GEOGRAPHIC for word in others):
        return True  # "Masoud Pezeshkian", "Xi Jinping": a person's names, not a place
    before = tokens[first - 1].text.lower() if first > 0 else ""
    if before in ROLE_WORDS:
        return True
    after = tokens[last + 1].text.lower() if last + 1 < len(tokens) else ""
    # "Paknejad told ..." is a person; "officials in Tbilsi said ..." is a place.
    return after in SPEECH_VERBS.split() and before not in PLACE_WORDS


def find_names(text: str, names: Names | None, words: Container[str] = frozenset()) -> list[Finding]:
    tokens = _tokens(text)
    reasons: dict[tuple[int, int], list[tuple[float, str, r.Reason]]] = {}

    def propose(start: int, end: int, score: float, correction: str, reason: r.Reason) -> None:
        reasons.setdefault((start, end), []).append((score, correction, reason))

    def known(folded: str) -> bool:
        return folded in words or (names is not None and names.confirms(folded))

    if names is not None:
        _propose_corrections_from_gazetteer(text, tokens, names, words, propose)
    _propose_corrections_from_article(tokens, names, known, propose)
    found = []
    for (start, end), options in reasons.items():
        options.sort(key=lambda option: -option[0])
        correction = options[0][1]
        agreeing = [o for o in options if o[1] == correction]
        score = min(0.99, options[0][0] + 0.05 * (len(agreeing) - 1))  # both rules point to the same name
        details = tuple({o[2].key(): o[2] for o in agreeing}.values())
        reason = r.Reason(r.DID_YOU_MEAN, {"correction": correction}, details)
        found.append(Finding(start, end, NAME, reason, round(score, 2), correction=correction))
    return found


def _propose_corrections_from_gazetteer(
    text: str, tokens: list[_Token], names: Names, words: Container[str], propose
) -> None:
    """Capitalised words and phrases the gazetteer does not know but that are one edit from a name it does."""
    counts = Counter(t.folded for t in tokens if _is_capitalised(t))
    lookups: dict[str, tuple] = {}  # names recur in an article; look each spelling up once

    def look_up(folded: str) -> tuple[bool, str | None, list]:
        if folded not in lookups:
            confirmed = names.confirms(folded)
            main = None if confirmed else names.variant_of(folded)
            lookups[folded] = (confirmed, main, [] if confirmed or main else names.near(folded))
        return lookups[folded]

    i = 0
    while i < len(tokens):
        token = tokens[i]
        if not _is_capitalised(token):
            i += 1
            continue
        # Longest name first: "Dar es Salam" is one name, and so is "Kuala Lumpar".
        step = 1
        for n in (4, 3, 2, 1):
            j = i + n - 1
            if j >= len(tokens) or not all(tokens[k].linked_before for k in range(i + 1, j + 1)):
                continue
            if not _is_capitalised(tokens[j]) or not all(
                _is_capitalised(t) or t.text in CONNECTORS for t in tokens[i : j + 1]
            ):
                continue
            phrase = text[token.start : tokens[j].end]
            folded = fold(phrase)
            if (n == 1 and not folded.isalpha() and " " not in folded) or len(folded) > MAX_NAME_LENGTH:
                break
            confirmed, main, near = look_up(folded)
            if confirmed:
                step = n
                break
            if n == 1 and (folded in words or len(folded) < MIN_NAME_LENGTH or token.text.isupper()):
                break  # a common word, a short name or an acronym ("BRICS" is not a misspelt "Brits")
            candidates = (
                [main]
                if main
                else [
                    t.name
                    for t in near
                    # "North Field" is not a misspelt "Northfield", nor "Russian" a misspelt "Russia".
                    if not is_inflection(fold(t.name), folded)
                    and fold(t.name).replace(" ", "") != folded.replace(" ", "")
                ]
            )
            if not candidates:
                continue
            newsroom = any(t.source == "newsroom" for t in near[:1])
            if n == 1 and not newsroom and (_looks_like_person(text, tokens, i) or counts[folded] >= 3):
                break
            context = tokens[i - 1].text.lower() if i > 0 else ""
            if main:
                reason, score = r.Reason(r.GAZETTEER_VARIANT, {"phrase": phrase, "name": main}), 0.6
            elif newsroom:
                reason, score = r.Reason(r.NEWSROOM_LIST, {"name": candidates[0], "phrase": phrase}), 0.8
            else:
                reason, score = (
                    r.Reason(r.KNOWN_PLACE, {"name": candidates[0], "phrase": phrase}),
                    0.75 + 0.1 * (context in PLACE_WORDS),
                )
            propose(token.start, tokens[j].end, score, candidates[0], reason)
            step = n
            break
        i += step


def _propose_corrections_from_article(tokens: list[_Token], names: Names | None, known, propose) -> None:
    """Names the article spells two ways: the rarer, unknown spelling is probably the slip."""
    spellings: dict[str, list[_Token]] = {}
    for t in tokens:
        if _is_capitalised(t) and len(t.folded) >= MIN_NAME_LENGTH:
            spellings.setdefault(t.text, []).append(t)
    index: dict[str, set[str]] = {}
    for spelling in spellings:
        for key in deletes(fold(spelling)):
            index.setdefault(key, set()).add(spelling)
    pairs = {
        tuple(sorted((a, b))) for group in index.values() if len(group) > 1 for a in group for b in group if a != b
    }
    for a, b in sorted(pairs):
        fa, fb = fold(a), fold(b)
        if fa != fb and (not within_one_edit(fa, fb) or is_inflection(fa, fb)):
            continue
        if fa == fb:
            exact_a, exact_b = (names is not None and names.is_exact(a)), (names is not None and names.is_exact(b))
            if exact_a == exact_b:
                continue
            right, wrong, score = (a, b, 0.8) if exact_a else (b, a, 0.8)
            reason = r.Reason(r.ARTICLE_LISTED, {"spelling": right})
        else:
            known_a, known_b = known(fa), known(fb)
            if known_a and known_b:
                continue
            if known_a != known_b:
                right, wrong = (a, b) if known_a else (b, a)
                score = 0.85
                reason = r.Reason(r.ARTICLE_KNOWN, {"spelling": right})
            else:
                ca, cb = len(spellings[a]), len(spellings[b])
                first_a, first_b = spellings[a][0].start, spellings[b][0].start
                right, wrong = (a, b) if (ca, -first_a) > (cb, -first_b) else (b, a)
                score = 0.7 if ca != cb else 0.6
                reason = (
                    r.Reason(r.ARTICLE_MORE_OFTEN, {"spelling": right, "count": len(spellings[right])})
                    if ca != cb
                    else r.Reason(r.ARTICLE_ALSO, {"spelling": right})
                )
        for t in spellings[wrong]:
            propose(t.start, t.end, score, right, reason)
