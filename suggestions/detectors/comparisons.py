"""Comparisons: comparatives with their standard, superlatives, firsts and changes stated without a figure.
Pure Python, no Django.

"much closer to each other than other countries", "the lowest level since 2015", "an increase in the volume of
trade". A comparative followed by a number ("more than 400 people") is a number's, not a comparison's.
"""

from __future__ import annotations

import re

from suggestions.detectors import reasons as r
from suggestions.detectors.finding import COMPARISON, Finding, alternation
from suggestions.detectors.numbers import CURRENCY_SIGN, FRACTION, SPELLED

COMPARATIVES = set(
    "better worse bigger larger smaller higher lower greater lesser stronger weaker faster slower closer further "
    "farther richer poorer cheaper dearer older younger longer shorter wider narrower deeper heavier lighter hotter "
    "colder warmer cooler wetter drier safer riskier easier harder busier deadlier healthier wealthier tighter "
    "steeper sharper earlier "
    "later tougher quicker more less fewer".split()
)
SUPERLATIVE = alternation(
    "biggest largest highest lowest greatest smallest longest shortest fastest slowest strongest weakest richest "
    "poorest oldest youngest deadliest worst best cheapest busiest hottest coldest warmest wettest driest heaviest "
    "tallest deepest widest closest most least"
)
INTENSIFIER_RE = re.compile(
    r"(?:\b(?:much|far|slightly|significantly|considerably|substantially|markedly|somewhat|even|still|no|any|a\s+lot|a\s+little|\d+\s+times|(?:two|three|four|five|ten)\s+times)\s+)$",
    re.IGNORECASE,
)
THAN_RE = re.compile(r"\bthan\b")
CLAUSE_END_RE = re.compile(
    r"[,.;:!?](?=\s|$)|[”\"“)\n—–]|\b(?:and|but|or|which|that|who|where|when|while|because|so|if|although|though|he|she|they|said|says|by|according)\b"
)
NUMBER_AFTER_RE = re.compile(rf"\s+(?:{CURRENCY_SIGN}\s?)?(?:\d|(?:{SPELLED}|{FRACTION})\b)", re.IGNORECASE)
RATIO_RE = re.compile(
    r"\b(?:twice|half|(?:\d+|two|three|four|five|ten)\s+times)\s+(?:as\s+\w+\s+as\b|(?:more|less)\s+\w+|[a-z]+er\b)",
    re.IGNORECASE,
)
DETERMINER = r"(?:\b(?:the|its|their|his|her|our|my|your)\s+|\b[\w-]+[’']s\s+)"
SUPERLATIVE_RE = re.compile(
    rf"{DETERMINER}(?:(?:single|very|second|third|fourth|fifth)[\s-])?(?:(?:most|least)\s+(?!of\b)[a-z][\w-]*|(?:{SUPERLATIVE}))\b"
)
FIRST_RE = re.compile(
    rf"{DETERMINER}first\s+[a-z]+(?:\s+(?:to|in|of)\s+[A-Z][\w-]*)?\s+(?:since|ever)\b|\bfor\s+the\s+first\s+time\b"
)
TREND_RE = re.compile(
    r"\b(?:an?|the)\s+(?:(?:sharp|significant|steady|dramatic|big|huge|slight|further|rapid)\s+)?(?:increase|rise|fall|drop|decline|decrease|growth|jump|surge|slump|reduction|plunge)\s+in\s+"
)
MULTIPLY_RE = re.compile(
    r"\b(?:(?:has|have|had)\s+)?(?:doubled|tripled|trebled|quadrupled|halved)\b|\b(?:double|triple|treble|quadruple|halve)\s+(?:its|their|our|the|his|her|my|your)\s+[a-z]+(?:\s+[a-z]+)?"
)
STANDARD_RE = re.compile(
    r"\b(?:(?:well|far|slightly|just)\s+)?(?:above|below)\s+(?:the\s+)?(?:average|normal|target|forecasts?|expectations)\b|\bcompared\s+(?:with|to)\b"
)
EVER_RE = re.compile(r"\b(?:(?:has|have|had)\s+)?(?:never|ever)\s+(?:been\s+)?(?:more\s+[a-z]+|[a-z]+er)\b")
SINCE_RE = re.compile(r"\s+(?:since|in|over)\s+[^,.;:\n]{1,25}?(?=[,.;:\n]|$| and\b| but\b)")
NP_WORD_RE = re.compile(r"\s+(?P<word>[\w’'-]+(?:[.,]\d+)*%?)")
NP_STOP = {
    "between",
    "with",
    "to",
    "for",
    "from",
    "by",
    "at",
    "on",
    "and",
    "but",
    "or",
    "that",
    "which",
    "as",
    "than",
    "since",
    "because",
    "while",
    "within",
    "after",
    "before",
    "during",
    "into",
    "over",
    "is",
    "are",
    "was",
    "were",
    "will",
    "would",
    "has",
    "have",
    "had",
}


def _phrase_end(text: str, pos: int, max_words: int, stop: set[str]) -> int:
    """Extend a noun phrase word by word from pos until punctuation, a stop word or max_words."""
    end = pos
    for _ in range(max_words):
        m = NP_WORD_RE.match(text, end)
        if not m or m.group("word").lower() in stop:
            break
        end = m.end()
    return end


def _clause_end(text: str, pos: int, max_words: int) -> int:
    """Extend a phrase word by word until the clause ends; "between X and Y" keeps its "and"."""
    end = pos
    between = text[max(0, pos - 8) : pos].rstrip().endswith("between")
    for _ in range(max_words):
        stop = CLAUSE_END_RE.match(text, end + 1) if text[end : end + 1] == " " else CLAUSE_END_RE.match(text, end)
        if stop and not (between and stop.group() == "and"):
            break
        m = NP_WORD_RE.match(text, end)
        if not m:
            break
        if m.group("word").lower() == "and":
            between = False
        elif m.group("word").lower() == "between":
            between = True
        end = m.end()
    return end


def find_comparisons(text: str) -> list[Finding]:
    found: list[Finding] = []
    for m in THAN_RE.finditer(text):
        before = text[max(0, m.start() - 80) : m.start()]
        if re.search(r"\b(?:rather|(?<!each )other)\s+$", before) or NUMBER_AFTER_RE.match(text, m.end()):
            continue
        words = list(re.finditer(r"[\w’'-]+", before))[-6:]
        comparator = next((w for w in reversed(words) if w.group().lower() in COMPARATIVES), None)
        if comparator is None or re.search(r"[.;:!?\n”]", before[comparator.end() :]):
            continue
        start = m.start() - len(before) + comparator.start()
        intensifier = INTENSIFIER_RE.search(text, max(0, start - 20), start)
        start = intensifier.start() if intensifier else start
        end = _clause_end(text, m.end(), 8)
        found.append(Finding(start, end, COMPARISON, r.Reason(r.THAN), 0.65))
    for m in RATIO_RE.finditer(text):
        found.append(Finding(m.start(), _clause_end(text, m.end(), 5), COMPARISON, r.Reason(r.RATIO), 0.65))
    for m in SUPERLATIVE_RE.finditer(text):
        if re.match(r"\s+of\b", text[m.end() :]):
            continue  # "the most of": a quantity, not a record
        end = _phrase_end(text, m.end(), 3, NP_STOP | {"in", "of", "since", "ever"})
        tail = re.match(r"\s+(?:in|of|since|between|to|ever|on\s+record)\b", text[end:])
        if tail:
            end = _clause_end(text, end + tail.end(), 4)
        found.append(Finding(m.start(), end, COMPARISON, r.Reason(r.SUPERLATIVE), 0.65))
    for m in FIRST_RE.finditer(text):
        end = _clause_end(text, m.end(), 2) if m.group().endswith(("since", "ever")) else m.end()
        found.append(Finding(m.start(), end, COMPARISON, r.Reason(r.FIRST), 0.55))
    for m in TREND_RE.finditer(text):
        if re.match(r"\s*(?:\d|[$€£])", text[m.end() :]):
            continue
        end = _phrase_end(text, m.end() - 1, 5, NP_STOP | {"the", "a"} - {"the"})
        found.append(Finding(m.start(), end, COMPARISON, r.Reason(r.TREND), 0.6))
    for m in MULTIPLY_RE.finditer(text):
        end = m.end()
        last = re.search(r"\s+([a-z]+)$", m.group())
        if last and last.group(1) in NP_STOP:
            end = m.start() + last.start()  # "double our trade within": the phrase ends before "within"
        since = SINCE_RE.match(text, m.end())
        end = max(end, since.end()) if since else end
        found.append(Finding(m.start(), end, COMPARISON, r.Reason(r.MULTIPLE), 0.6))
    for m in STANDARD_RE.finditer(text):
        end = _clause_end(text, m.end(), 8) if m.group().startswith("compared") else m.end()
        found.append(Finding(m.start(), end, COMPARISON, r.Reason(r.STANDARD), 0.6))
    for m in EVER_RE.finditer(text):
        if m.group().split()[-1].lower() in COMPARATIVES or m.group().split()[-2].lower() == "more":
            found.append(Finding(m.start(), m.end(), COMPARISON, r.Reason(r.PAST), 0.55))
    return found
