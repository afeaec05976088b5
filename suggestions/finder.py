"""Find what an editor should check in an article. Pure functions, no Django.

`find(text, names=..., words=...)` returns `Finding`s: spans of `text` (code point offsets, like claims) with a
kind, a reason for the editor and a score from 0 to 1. Four kinds:

- number: quantities, percentages, money, dates and durations, as the tightest phrase that still says what is
  counted ("leaders of 24 countries", "$9.8 billion", "less than 48 hours", "October 22");
- comparison: comparatives with their standard ("much closer to each other than other countries"), superlatives
  ("the lowest level since 2015") and changes stated without a number ("an increase in the volume of trade");
- quote: quoted speech with its attribution ("“...,” the Russian leader said"), and the speaker as claimant;
- name: a name this article spells two ways ("Ashgabat" and "Ashgatat"), or one letter away from a name the
  gazetteer knows while not known itself; `correction` holds the proposed spelling.

Everything is regular expressions and dictionary lookups over the text, so a 50 KB article takes well under a
second (bench/suggest_bench.py). `names` is anything with the lookups of `suggestions.gazetteer.Gazetteer`;
`words` is a set of common lower-case words, which are never taken for misspelt places.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Container
from dataclasses import dataclass
from typing import Protocol

from suggestions.textutil import deletes, fold, is_inflection, within_one_edit

NUMBER, COMPARISON, QUOTE, NAME = "number", "comparison", "quote", "name"
KINDS = (NAME, NUMBER, COMPARISON, QUOTE)


@dataclass(frozen=True)
class Finding:
    start: int
    end: int
    kind: str
    reason: str
    score: float
    correction: str = ""
    claimant: str = ""


class Names(Protocol):
    def confirms(self, folded: str) -> bool: ...
    def is_exact(self, spelling: str) -> bool: ...
    def variant_of(self, folded: str) -> str | None: ...
    def near(self, folded: str) -> list: ...


def find(text: str, *, names: Names | None = None, words: Container[str] = frozenset()) -> list[Finding]:
    found = find_numbers(text) + find_comparisons(text) + find_quotes(text) + find_names(text, names, words)
    return _without_overlaps(found)


def _without_overlaps(findings: list[Finding]) -> list[Finding]:
    """Of findings of one kind that overlap, keep the first and longest: one highlight per thing to check."""
    kept: list[Finding] = []
    last_end: dict[str, int] = {}
    for f in sorted(findings, key=lambda f: (f.start, -f.end, -f.score)):
        if f.start < last_end.get(f.kind, -1):
            continue
        kept.append(f)
        last_end[f.kind] = f.end
    return kept


def _words_re(words: str) -> str:
    return "|".join(sorted(words.split(), key=len, reverse=True))


# Numbers

UNITS_WORDS = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen"
TENS_WORDS = "twenty thirty forty fifty sixty seventy eighty ninety"
SPELLED = rf"(?:(?:{_words_re(TENS_WORDS)})(?:-(?:{_words_re(UNITS_WORDS)}))?|{_words_re(UNITS_WORDS)}|a\s+dozen|dozens|hundreds|thousands|millions|billions|a\s+hundred|a\s+thousand)"
DIGITS = r"(?<![\w.,\-/])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,]*\d)|(?<![\w.,\-/])\d+(?:\.\d+)?(?![\d.,]*\d)"
SCALE = r"(?:thousand|million|billion|trillion|bn|mn|m|k)\b"
CURRENCY_SIGN = r"(?:US\$|R\$|A\$|C\$|HK\$|\$|€|£|¥|₹|₽|₺|₩|₦|Rs\.?(?=\s?\d))"
CURRENCY_WORD = _words_re(
    "dollars dollar euros euro pounds pound sterling yuan renminbi roubles rouble rubles ruble rupees rupee kroner krone "
    "kronor krona zlotys zloty lira liras rials rial riyals riyal dirhams dirham manat tenge soms som cents cent yen "
    "francs franc pesos peso reais rand naira shillings shilling hryvnias hryvnia lari drams dram won baht ringgit rupiah dong"
)
PERCENT = r"(?:\s?%|\s+per\s?cent\b|\s+percent\b|\s+percentage\s+points?\b)"
MEASURE_WORD = _words_re(
    "tonnes tonne tons ton barrels barrel kilometres kilometre kilometers kilometer km miles mile metres metre meters meter "
    "millimetres millimetre millimeters millimeter centimetres centimetre mm cm hectares hectare acres acre litres litre liters "
    "liter gallons gallon kilograms kilogram kg grams gram megawatts megawatt gigawatts gigawatt MW GW kWh TWh degrees degree "
    "square cubic feet foot inches inch"
)
TIME_WORD = _words_re("years year months month weeks week days day hours hour minutes minute seconds second decades decade centuries century")
QUALIFIER = (
    r"more\s+than|less\s+than|fewer\s+than|as\s+many\s+as|as\s+much\s+as|an\s+estimated|up\s+to|at\s+least|at\s+most|"
    r"close\s+to|just\s+over|just\s+under|over|under|about|around|nearly|almost|some|roughly|approximately|up|down|by|exactly|only"
)
# A count of something is worth checking; "the two presidents" only refers back.
WEAK_SPELLED = {"one", "two"}
NOT_COUNTED = set(
    "the a an of and or to in on at for with by from as than that which who whom whose is are was were be been being will would "
    "has have had do does did not no per this these those it its their his her our your my percent years year times other "
    "more less about between after before since until into over under during while when where if but so also".split()
)
MONTH = _words_re("January February March April May June July August September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec")
WEEKDAY = _words_re("Monday Tuesday Wednesday Thursday Friday Saturday Sunday")
FRACTION = r"(?:a\s+third|a\s+quarter|two[- ]thirds|three[- ]quarters|half)"

DATE_RE = re.compile(
    rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{MONTH})\.?(?:,?\s+\d{{4}})?"
    rf"|(?:{MONTH})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}})?"
    rf"|(?:{MONTH})\s+\d{{4}})\b"
)
BARE_MONTH_RE = re.compile(rf"\b(?:in|since|by|until|from|for|on|during|before|after|last|next|this|early|late|mid|of)[\s-]+(?P<month>{MONTH})\b")
WEEKDAY_RE = re.compile(rf"\b(?:(?:on|last|next|this|since|by|until)\s+)?(?:{WEEKDAY})\b")
YEAR_RE = re.compile(r"(?:\b(?:since|by|until|till|before|after|from|through)\s+)?(?<![\w.,\-/$€£])(?:1[89]\d\d|20\d\d)(?:s\b)?(?![\w,.]\d|[\w%])")
QUANTITY_RE = re.compile(
    rf"(?:\b(?P<qualifier>{QUALIFIER})\s+)?"
    rf"(?:(?P<sign>{CURRENCY_SIGN})\s?)?"
    rf"(?P<number>{DIGITS}|\b{SPELLED}\b)"
    rf"(?:\s?(?P<scale>{SCALE}))?"
    rf"(?:(?P<percent>{PERCENT})|\s+(?P<currency>{CURRENCY_WORD})\b|(?:\s+|-)(?P<time>{TIME_WORD})\b|(?:\s+|-)(?P<measure>{MEASURE_WORD})\b)?",
    re.IGNORECASE,
)
FRACTION_RE = re.compile(rf"\b(?:(?:{QUALIFIER})\s+)?(?:by\s+{FRACTION}\b|{FRACTION}\s+(?:of|its|their|the)\b(?:\s+[a-z]+)?)", re.IGNORECASE)
OF_PHRASE_RE = re.compile(r"\s+of\s+(?:the\s+)?(?:[\w-]+[’']s\s+)?[a-z][\w-]*")
RATE_RE = re.compile(r"\s+(?:a|per|an)\s+(?:year|day|month|week|barrel|tonne|head|person|hour)\b")
NOUN_RE = re.compile(r"(?:-[a-z]+)*\s+(?P<noun>[a-z][a-z-]*)")
PART_OF_RE = re.compile(r"\s+of\s+(?:the\s+)?\d[\d,.]*\s+(?P<noun>[a-z][a-z-]*)")
COUNTED_OF_RE = re.compile(r"\b(?P<noun>[a-z]{3,})\s+of\s+$")


def find_numbers(text: str) -> list[Finding]:
    found: list[Finding] = []
    taken = bytearray(len(text))  # 1 where a number already found covers the character

    def add(start: int, end: int, reason: str, score: float) -> None:
        found.append(Finding(start, end, NUMBER, reason, score))
        taken[start:end] = b"\x01" * (end - start)

    def free(start: int, end: int) -> bool:
        return taken.find(1, start, end) < 0

    for m in DATE_RE.finditer(text):
        add(m.start(), m.end(), "Date: check the day, month and year.", 0.6)
    for m in FRACTION_RE.finditer(text):
        add(m.start(), m.end(), "Proportion: check the share against the source.", 0.7)
    for m in QUANTITY_RE.finditer(text):
        start, end = m.start(), m.end()
        number = m.group("number").lower()
        if not free(m.start("number"), m.end("number")):
            continue
        if re.fullmatch(r"(?:1[89]\d\d|20\d\d)", number) and not (m.group("sign") or m.group("scale") or m.group("percent") or m.group("currency") or m.group("measure")):
            continue  # a year: YEAR_RE below gives it its preposition
        if m.group("qualifier") and m.group("qualifier").lower() in ("by", "up", "down", "only", "exactly") and not (m.group("percent") or m.group("sign") or m.group("currency")):
            start = m.start("sign") if m.group("sign") else m.start("number")
        if m.group("sign") or m.group("currency"):
            reason, score = "Amount of money: check the figure, the currency and what it refers to.", 0.8
            rate = RATE_RE.match(text, end)
            end = rate.end() if rate else end
        elif m.group("percent"):
            reason, score = "Percentage: check the figure and what it is a share of.", 0.8
            of = OF_PHRASE_RE.match(text, end)
            end = of.end() if of else end
        elif m.group("time"):
            reason, score = "Duration: check how long.", 0.6
            if text[m.start("time") - 1] == "-":  # "a two-day summit"
                noun = NOUN_RE.match(text, end)
                end = noun.end() if noun and noun.group("noun") not in NOT_COUNTED else end
        elif m.group("measure"):
            reason, score = "Quantity: check the figure and the unit.", 0.75
            if text[m.start("measure") - 1] == "-":  # "a 1,830-kilometre pipeline": say what measures that
                noun = NOUN_RE.match(text, end)
                end = noun.end() if noun and noun.group("noun") not in NOT_COUNTED else end
            of = OF_PHRASE_RE.match(text, end)
            end = of.end() if of else end
            rate = RATE_RE.match(text, end)
            end = rate.end() if rate else end
        else:
            if number in WEAK_SPELLED and not m.group("scale"):
                continue
            noun = PART_OF_RE.match(text, end) or NOUN_RE.match(text, end)  # "240 of the 543 seats", "24 countries"
            if noun and noun.group("noun") not in NOT_COUNTED:
                end = noun.end()
            elif not any(ch.isdigit() for ch in number) and not m.group("scale"):
                continue  # a spelt-out number that counts nothing
            reason, score = "Count or quantity: check the figure.", 0.75
            rate = RATE_RE.match(text, end)
            end = rate.end() if rate else end
            counted = COUNTED_OF_RE.search(text, max(0, start - 30), start)
            if counted and counted.group("noun") not in NOT_COUNTED | {"most", "some", "all", "many", "part", "each", "none", "both", "any"}:
                start = counted.start()
        add(start, end, reason, score)
    for m in YEAR_RE.finditer(text):
        if free(m.start(), m.end()):
            add(m.start(), m.end(), "Year: check when this happened.", 0.5)
    for m in BARE_MONTH_RE.finditer(text):
        if free(m.start("month"), m.end("month")):
            add(m.start(), m.end(), "Date: check the month.", 0.5)
    for m in WEEKDAY_RE.finditer(text):
        if free(m.start(), m.end()):
            add(m.start(), m.end(), "Date: check the day of the week against the calendar.", 0.45)
    return found


# Comparisons

COMPARATIVES = set(
    "better worse bigger larger smaller higher lower greater lesser stronger weaker faster slower closer further farther "
    "richer poorer cheaper dearer older younger longer shorter wider narrower deeper heavier lighter hotter colder warmer "
    "cooler wetter drier safer riskier easier harder busier deadlier healthier wealthier tighter steeper sharper earlier "
    "later tougher quicker more less fewer".split()
)
SUPERLATIVE = _words_re(
    "biggest largest highest lowest greatest smallest longest shortest fastest slowest strongest weakest richest poorest "
    "oldest youngest deadliest worst best cheapest busiest hottest coldest warmest wettest driest heaviest tallest deepest "
    "widest closest most least"
)
INTENSIFIER_RE = re.compile(r"(?:\b(?:much|far|slightly|significantly|considerably|substantially|markedly|somewhat|even|still|no|any|a\s+lot|a\s+little|\d+\s+times|(?:two|three|four|five|ten)\s+times)\s+)$", re.IGNORECASE)
THAN_RE = re.compile(r"\bthan\b")
CLAUSE_END_RE = re.compile(r"[,.;:!?](?=\s|$)|[”\"“)\n—–]|\b(?:and|but|or|which|that|who|where|when|while|because|so|if|although|though|he|she|they|said|says|by|according)\b")
NUMBER_AFTER_RE = re.compile(rf"\s+(?:{CURRENCY_SIGN}\s?)?(?:\d|(?:{SPELLED}|{FRACTION})\b)", re.IGNORECASE)
RATIO_RE = re.compile(r"\b(?:twice|half|(?:\d+|two|three|four|five|ten)\s+times)\s+(?:as\s+\w+\s+as\b|(?:more|less)\s+\w+|[a-z]+er\b)", re.IGNORECASE)
DETERMINER = r"(?:\b(?:the|its|their|his|her|our|my|your)\s+|\b[\w-]+[’']s\s+)"
SUPERLATIVE_RE = re.compile(
    rf"{DETERMINER}(?:(?:single|very|second|third|fourth|fifth)[\s-])?(?:(?:most|least)\s+(?!of\b)[a-z][\w-]*|(?:{SUPERLATIVE}))\b"
)
FIRST_RE = re.compile(rf"{DETERMINER}first\s+[a-z]+(?:\s+(?:to|in|of)\s+[A-Z][\w-]*)?\s+(?:since|ever)\b|\bfor\s+the\s+first\s+time\b")
TREND_RE = re.compile(r"\b(?:an?|the)\s+(?:(?:sharp|significant|steady|dramatic|big|huge|slight|further|rapid)\s+)?(?:increase|rise|fall|drop|decline|decrease|growth|jump|surge|slump|reduction|plunge)\s+in\s+")
MULTIPLY_RE = re.compile(r"\b(?:(?:has|have|had)\s+)?(?:doubled|tripled|trebled|quadrupled|halved)\b|\b(?:double|triple|treble|quadruple|halve)\s+(?:its|their|our|the|his|her|my|your)\s+[a-z]+(?:\s+[a-z]+)?")
STANDARD_RE = re.compile(r"\b(?:(?:well|far|slightly|just)\s+)?(?:above|below)\s+(?:the\s+)?(?:average|normal|target|forecasts?|expectations)\b|\bcompared\s+(?:with|to)\b")
EVER_RE = re.compile(r"\b(?:(?:has|have|had)\s+)?(?:never|ever)\s+(?:been\s+)?(?:more\s+[a-z]+|[a-z]+er)\b")
SINCE_RE = re.compile(r"\s+(?:since|in|over)\s+[^,.;:\n]{1,25}?(?=[,.;:\n]|$| and\b| but\b)")
NP_WORD_RE = re.compile(r"\s+(?P<word>[\w’'-]+(?:[.,]\d+)*%?)")
NP_STOP = {
    "between", "with", "to", "for", "from", "by", "at", "on", "and", "but", "or", "that", "which", "as", "than", "since",
    "because", "while", "within", "after", "before", "during", "into", "over", "is", "are", "was", "were", "will", "would", "has", "have", "had",
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
        found.append(Finding(start, end, COMPARISON, "Comparison: check both sides of it.", 0.65))
    for m in RATIO_RE.finditer(text):
        found.append(Finding(m.start(), _clause_end(text, m.end(), 5), COMPARISON, "Comparison: check the ratio.", 0.65))
    for m in SUPERLATIVE_RE.finditer(text):
        if re.match(r"\s+of\b", text[m.end() :]):
            continue  # "the most of": a quantity, not a record
        end = _phrase_end(text, m.end(), 3, NP_STOP | {"in", "of", "since", "ever"})
        tail = re.match(r"\s+(?:in|of|since|between|to|ever|on\s+record)\b", text[end:])
        if tail:
            end = _clause_end(text, end + tail.end(), 4)
        found.append(Finding(m.start(), end, COMPARISON, "Superlative: check that nothing else beats it.", 0.65))
    for m in FIRST_RE.finditer(text):
        end = _clause_end(text, m.end(), 2) if m.group().endswith(("since", "ever")) else m.end()
        found.append(Finding(m.start(), end, COMPARISON, "A first: check that it has not happened before.", 0.55))
    for m in TREND_RE.finditer(text):
        if re.match(r"\s*(?:\d|[$€£])", text[m.end() :]):
            continue
        end = _phrase_end(text, m.end() - 1, 5, NP_STOP | {"the", "a"} - {"the"})
        found.append(Finding(m.start(), end, COMPARISON, "Change over time: check the trend in the data.", 0.6))
    for m in MULTIPLY_RE.finditer(text):
        end = m.end()
        last = re.search(r"\s+([a-z]+)$", m.group())
        if last and last.group(1) in NP_STOP:
            end = m.start() + last.start()  # "double our trade within": the phrase ends before "within"
        since = SINCE_RE.match(text, m.end())
        end = max(end, since.end()) if since else end
        found.append(Finding(m.start(), end, COMPARISON, "Change over time: check the ratio against the data.", 0.6))
    for m in STANDARD_RE.finditer(text):
        end = _clause_end(text, m.end(), 8) if m.group().startswith("compared") else m.end()
        found.append(Finding(m.start(), end, COMPARISON, "Comparison with a standard: check both sides of it.", 0.6))
    for m in EVER_RE.finditer(text):
        if m.group().split()[-1].lower() in COMPARATIVES or m.group().split()[-2].lower() == "more":
            found.append(Finding(m.start(), m.end(), COMPARISON, "Comparison with the past: check the record.", 0.55))
    return found


# Quotes

QUOTE_RE = re.compile(r"“[^”\n]{2,}”|\"[^\"\n]{2,}\"|«[^»\n]{2,}»|„[^“”\n]{2,}[“”]")
SPEECH_VERBS = (
    "said says say told tells added adds wrote writes stated declared insisted noted explained argued warned claimed "
    "asked replied tweeted posted announced stressed recalled admitted acknowledged continued concluded"
)
SPEECH_VERB = _words_re(SPEECH_VERBS)
AFTER_ATTRIBUTION_RE = re.compile(rf"\b(?:quoted\s+\w+\s+as\s+saying|according\s+to\b|(?:{SPEECH_VERB})\b)")
BEFORE_ATTRIBUTION_RE = re.compile(rf"\b(?:{SPEECH_VERB})\b(?:\s+that)?")
PRONOUNS = {"he", "she", "they", "him", "her", "them", "i", "we", "it"}
NAME_AFTER_VERB_RE = re.compile(r"\s+(?P<name>(?:(?:the|a|an)\s+)?(?:[\w’'-]+\s+){0,6}?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)")
SUBJECT_BEFORE_RE = re.compile(r"(?P<subject>(?:\b(?:the|a|an)\s+)?(?:[A-Z][\w’'-]*\s+)*(?:[A-Z][\w’'-]*|he|she|they|officials|media)|\b(?:the|a|an)\s+(?:[\w’'-]+\s+){0,3}[\w’'-]+)\s+$")
SENTENCE_END_RE = re.compile(r"(?<=[.!?])[\s]+(?=[A-Z“\"«„])|\n")


SENTENCE_WINDOW = 600


def _sentence_bounds(text: str, pos: int, quotes: list[tuple[int, int]]) -> tuple[int, int]:
    """The sentence around pos, treating every quotation as one opaque word (quotes have full stops inside)."""
    # An attribution sits near its quote: looking further than SENTENCE_WINDOW keeps long paragraphs linear.
    start = max(text.rfind("\n", 0, pos) + 1, pos - SENTENCE_WINDOW, 0)
    end = text.find("\n", pos, pos + SENTENCE_WINDOW)
    end = min(len(text), pos + SENTENCE_WINDOW) if end < 0 else end
    starts = [qs for qs, _ in quotes]

    def inside(i: int) -> bool:
        k = bisect.bisect_left(starts, i) - 1  # quotes do not nest: only the last one opened before i can hold it
        return k >= 0 and quotes[k][0] < i < quotes[k][1]

    for m in SENTENCE_END_RE.finditer(text, start, pos):
        if not inside(m.start()):
            start = m.end()
    for m in SENTENCE_END_RE.finditer(text, pos, end):
        if not inside(m.start()):
            end = m.start()
            break
    return start, end


def _quote_between(starts: list[int], start: int, end: int) -> bool:
    k = bisect.bisect_left(starts, start)
    return k < len(starts) and starts[k] < end


def find_quotes(text: str) -> list[Finding]:
    quotes = [(m.start(), m.end()) for m in QUOTE_RE.finditer(text)]
    starts = [qs for qs, _ in quotes]
    found: list[Finding] = []
    last_speaker = ""
    last_quote_paragraph_end = -1
    for qs, qe in quotes:
        words = len(text[qs + 1 : qe - 1].split())
        s_start, s_end = _sentence_bounds(text, qs, quotes)
        s_end = max(s_end, qe)
        s_end = min(s_end, qe + SENTENCE_WINDOW)
        after = text[qe:s_end]
        before = text[s_start:qs]
        span = None
        # "…,” the Russian leader said.  /  "…,” said Agnieszka Wójcik, the mayor…
        verb = AFTER_ATTRIBUTION_RE.search(after)
        if verb and len(after[: verb.start()].split()) <= 12 and not _quote_between(starts, qe, qe + verb.start()):
            subject = after[: verb.start()].strip(" ,;:—–")
            subject = re.split(r"[,;]\s+(?=[a-z])|\s+(?:in|at|on|during)\s+.*", subject)[-1] if subject else subject
            end = qe + verb.end()
            speaker = subject
            if not subject or subject.lower() in ("", "and"):
                name = NAME_AFTER_VERB_RE.match(text, end, s_end)
                if name:
                    end = name.end()
                    speaker = name.group("name")
            speaker = re.sub(r"^(?:the|a|an)\s+(?=[A-Z])", "", speaker.strip(" ,"))
            span = (qs, end, speaker)
        else:
            # Pezeshkian said Iran’s relationship with Russia is “sincere and strategic”.
            verbs = list(BEFORE_ATTRIBUTION_RE.finditer(before))
            if verbs:
                v = verbs[-1]
                subject = SUBJECT_BEFORE_RE.search(before[: v.start()])
                start = s_start + (subject.start("subject") if subject else v.start())
                span = (start, qe, subject.group("subject") if subject else "")
        if span is None:
            paragraph_start = text.rfind("\n", 0, qs) + 1
            standalone = text[paragraph_start:qs].strip() == "" and text[qe:s_end].strip(" .,") == ""
            if standalone and last_speaker and last_quote_paragraph_end >= paragraph_start - 2:
                found.append(Finding(qs, qe, QUOTE, f"Quoted speech, attributed in the previous paragraph to {last_speaker}: check the words and the speaker.", 0.6, claimant=last_speaker))
                last_quote_paragraph_end = s_end
            elif words >= 5:
                found.append(Finding(qs, qe, QUOTE, "Quoted speech without attribution: check who said it.", 0.5))
            continue
        start, end, speaker = span
        if speaker.lower() in PRONOUNS or speaker.lower().split()[-1:] in (["media"], ["officials"]) or not speaker:
            speaker = last_speaker
        else:
            last_speaker = speaker
        last_quote_paragraph_end = s_end
        found.append(Finding(start, end, QUOTE, "Quoted speech: check the words against a recording or transcript, and who said them.", 0.7, claimant=speaker))
    return found


# Names

WORD_RE = re.compile(r"[^\W\d_][\w’'-]*[^\W_]|[^\W\d_]")
POSSESSIVE_RE = re.compile(r"[’'](?:s)?$")
CONNECTORS = {"es", "de", "da", "do", "dos", "das", "del", "della", "di", "du", "la", "le", "les", "el", "al", "and", "of", "upon", "am", "an", "der", "den", "van", "von", "y", "e"}
TITLES = set(
    "President Prime Minister Chancellor Mr Mrs Ms Dr Sir Dame Lord Lady Senator Governor Mayor King Queen Prince Princess "
    "Sheikh Emir Sultan General Gen Colonel Col Secretary Ambassador Spokesman Spokeswoman Pope Ayatollah Imam Judge Justice "
    "Professor Prof Deputy Foreign Finance Defence Defense Interior Economy Vice Premier Chairman Chair Chief Commissioner "
    "Director Speaker Rep Sen Leader Minister".split()
)
ROLE_WORDS = set(
    "counterpart leader minister president spokesman spokeswoman spokesperson official senator envoy ambassador chief "
    "secretary premier chancellor mayor governor colleague rival opponent ally adviser advisor director chairman head "
    "founder analyst economist professor".split()
)
PLACE_WORDS = {"in", "from", "to", "at", "near", "outside", "around", "of", "via", "towards", "toward", "across", "neighbouring", "neighboring"}
GEOGRAPHIC = {"New", "North", "South", "East", "West", "Upper", "Lower", "Greater", "Central", "Saint", "St", "San", "Santa", "Lake", "Mount", "Port", "Fort", "Cape", "Gulf", "Bay", "City", "Province", "Region", "Oblast"}
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
        linked = bool(tokens) and text[tokens[-1].end : m.start()] == " " and tokens[-1].end == tokens[-1].start + len(tokens[-1].text)
        tokens.append(_Token(m.start(), m.start() + len(word), word, fold(word), len(tokens), linked))
    return tokens


def _capitalised(token: _Token) -> bool:
    return token.text[0].isupper()


def _run(tokens: list[_Token], i: int) -> tuple[int, int]:
    """The capitalised name that token i belongs to, as token indices [first, last]."""
    first = i
    while first > 0 and tokens[first].linked_before and _capitalised(tokens[first - 1]):
        first -= 1
    last = i
    while last + 1 < len(tokens) and tokens[last + 1].linked_before and _capitalised(tokens[last + 1]):
        last += 1
    return first, last


def _looks_like_person(text: str, tokens: list[_Token], i: int) -> bool:
    first, last = _run(tokens, i)
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
    reasons: dict[tuple[int, int], list[tuple[float, str, str]]] = {}

    def propose(start: int, end: int, score: float, correction: str, reason: str) -> None:
        reasons.setdefault((start, end), []).append((score, correction, reason))

    def known(folded: str) -> bool:
        return folded in words or (names is not None and names.confirms(folded))

    handled: set[int] = set()
    if names is not None:
        _gazetteer_names(text, tokens, names, words, propose, handled)
    _variant_names(tokens, names, known, propose)
    found = []
    for (start, end), options in reasons.items():
        options.sort(key=lambda option: -option[0])
        correction = options[0][1]
        agreeing = [o for o in options if o[1] == correction]
        score = min(0.99, options[0][0] + 0.05 * (len(agreeing) - 1))  # both rules point to the same name
        reason = " ".join(dict.fromkeys(o[2] for o in agreeing))
        found.append(Finding(start, end, NAME, f"Did you mean {correction}? {reason}", round(score, 2), correction=correction))
    return found


def _gazetteer_names(text, tokens, names: Names, words, propose, handled: set[int]) -> None:
    counts = Counter(t.folded for t in tokens if _capitalised(t))
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
        if not _capitalised(token):
            i += 1
            continue
        # Longest name first: "Dar es Salam" is one name, and so is "Kuala Lumpar".
        step = 1
        for n in (4, 3, 2, 1):
            j = i + n - 1
            if j >= len(tokens) or not all(tokens[k].linked_before for k in range(i + 1, j + 1)):
                continue
            if not _capitalised(tokens[j]) or not all(_capitalised(t) or t.text in CONNECTORS for t in tokens[i : j + 1]):
                continue
            phrase = text[token.start : tokens[j].end]
            folded = fold(phrase)
            if n == 1 and not folded.isalpha() and " " not in folded or len(folded) > MAX_NAME_LENGTH:
                break
            confirmed, main, near = look_up(folded)
            if confirmed:
                handled.update(range(i, j + 1))
                step = n
                break
            if n == 1 and (folded in words or len(folded) < MIN_NAME_LENGTH or token.text.isupper()):
                break  # a common word, a short name or an acronym ("BRICS" is not a misspelt "Brits")
            candidates = [main] if main else [
                t.name for t in near
                # "North Field" is not a misspelt "Northfield", nor "Russian" a misspelt "Russia".
                if not is_inflection(fold(t.name), folded) and fold(t.name).replace(" ", "") != folded.replace(" ", "")
            ]
            if not candidates:
                continue
            newsroom = any(t.source == "newsroom" for t in near[:1])
            if n == 1 and not newsroom and (_looks_like_person(text, tokens, i) or counts[folded] >= 3):
                break
            context = tokens[i - 1].text.lower() if i > 0 else ""
            if main:
                reason, score = f"“{phrase}” is an unusual spelling of {main} in the gazetteer.", 0.6
            elif newsroom:
                reason, score = f"{candidates[0]} is on the newsroom’s list of names; “{phrase}” is not.", 0.8
            else:
                reason, score = f"{candidates[0]} is a known place; “{phrase}” is not.", 0.75 + 0.1 * (context in PLACE_WORDS)
            propose(token.start, tokens[j].end, score, candidates[0], reason)
            handled.update(range(i, j + 1))
            step = n
            break
        i += step


def _variant_names(tokens: list[_Token], names: Names | None, known, propose) -> None:
    """Names the article spells two ways: the rarer, unknown spelling is probably the slip."""
    spellings: dict[str, list[_Token]] = {}
    for t in tokens:
        if _capitalised(t) and len(t.folded) >= MIN_NAME_LENGTH:
            spellings.setdefault(t.text, []).append(t)
    index: dict[str, set[str]] = {}
    for spelling in spellings:
        for key in deletes(fold(spelling)):
            index.setdefault(key, set()).add(spelling)
    pairs = {tuple(sorted((a, b))) for group in index.values() if len(group) > 1 for a in group for b in group if a != b}
    for a, b in sorted(pairs):
        fa, fb = fold(a), fold(b)
        if fa != fb and (not within_one_edit(fa, fb) or is_inflection(fa, fb)):
            continue
        if fa == fb:
            exact_a, exact_b = (names is not None and names.is_exact(a)), (names is not None and names.is_exact(b))
            if exact_a == exact_b:
                continue
            right, wrong, score = (a, b, 0.8) if exact_a else (b, a, 0.8)
            reason = f"The article also writes “{right}”, the listed spelling."
        else:
            known_a, known_b = known(fa), known(fb)
            if known_a and known_b:
                continue
            if known_a != known_b:
                right, wrong = (a, b) if known_a else (b, a)
                score = 0.85
                reason = f"The article also writes “{right}”, a known name."
            else:
                ca, cb = len(spellings[a]), len(spellings[b])
                first_a, first_b = spellings[a][0].start, spellings[b][0].start
                right, wrong = (a, b) if (ca, -first_a) > (cb, -first_b) else (b, a)
                score = 0.7 if ca != cb else 0.6
                reason = f"The article also writes “{right}”" + (f" ({len(spellings[right])} times)." if ca != cb else ".")
        for t in spellings[wrong]:
            propose(t.start, t.end, score, right, reason)
