"""Numbers and dates: the tightest phrase that still says what is counted. Pure Python, no Django.

"leaders of 24 countries", "$9.8 billion", "less than 48 hours", "October 22": each detected figure is extended
to its unit, currency or counted noun, and a figure already covered by a longer one is not reported again.
"""

from __future__ import annotations

import re

from suggestions.detectors import reasons as r
from suggestions.detectors.finding import NUMBER, Finding, alternation

UNITS_WORDS = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
    "eighteen nineteen"
)
TENS_WORDS = "twenty thirty forty fifty sixty seventy eighty ninety"
SPELLED = (
    rf"(?:(?:{alternation(TENS_WORDS)})(?:-(?:{alternation(UNITS_WORDS)}))?|{alternation(UNITS_WORDS)}"
    r"|a\s+dozen|dozens|hundreds|thousands|millions|billions|a\s+hundred|a\s+thousand)"
)
DIGITS = r"(?<![\w.,\-/])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,]*\d)|(?<![\w.,\-/])\d+(?:\.\d+)?(?![\d.,]*\d)"
SCALE = r"(?:thousand|million|billion|trillion|bn|mn|m|k)\b"
CURRENCY_SIGN = r"(?:US\$|R\$|A\$|C\$|HK\$|\$|€|£|¥|₹|₽|₺|₩|₦|Rs\.?(?=\s?\d))"
CURRENCY_WORD = alternation(
    "dollars dollar euros euro pounds pound sterling yuan renminbi roubles rouble rubles ruble rupees rupee kroner "
    "krone kronor krona zlotys zloty lira liras rials rial riyals riyal dirhams dirham manat tenge soms som cents "
    "cent yen francs franc pesos peso reais rand naira shillings shilling hryvnias hryvnia lari drams dram won baht "
    "ringgit rupiah dong"
)
PERCENT = r"(?:\s?%|\s+per\s?cent\b|\s+percent\b|\s+percentage\s+points?\b)"
MEASURE_WORD = alternation(
    "tonnes tonne tons ton barrels barrel kilometres kilometre kilometers kilometer km miles mile metres metre meters "
    "meter millimetres millimetre millimeters millimeter centimetres centimetre mm cm hectares hectare acres acre "
    "litres litre liters liter gallons gallon kilograms kilogram kg grams gram megawatts megawatt gigawatts gigawatt "
    "MW GW kWh TWh degrees degree square cubic feet foot inches inch"
)
TIME_WORD = alternation(
    "years year months month weeks week days day hours hour minutes minute seconds second decades decade centuries "
    "century"
)
QUALIFIER = (
    r"more\s+than|less\s+than|fewer\s+than|as\s+many\s+as|as\s+much\s+as|an\s+estimated|up\s+to|at\s+least|at\s+most|"
    r"close\s+to|just\s+over|just\s+under|over|under|about|around|nearly|almost|some|roughly|approximately|up|down|by|exactly|only"
)
# A count of something is worth checking; "the two presidents" only refers back.
WEAK_SPELLED = {"one", "two"}
NOT_COUNTED = set(
    "the a an of and or to in on at for with by from as than that which who whom whose is are was were be been being "
    "will would has have had do does did not no per this these those it its their his her our your my percent years "
    "year times other "
    "more less about between after before since until into over under during while when where if but so also".split()
)
MONTH = alternation(
    "January February March April May June July August September October November December Jan Feb Mar Apr Jun Jul "
    "Aug Sep Sept Oct Nov Dec"
)
WEEKDAY = alternation("Monday Tuesday Wednesday Thursday Friday Saturday Sunday")
FRACTION = r"(?:a\s+third|a\s+quarter|two[- ]thirds|three[- ]quarters|half)"

DATE_RE = re.compile(
    rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{MONTH})\.?(?:,?\s+\d{{4}})?"
    rf"|(?:{MONTH})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}})?"
    rf"|(?:{MONTH})\s+\d{{4}})\b"
)
BARE_MONTH_RE = re.compile(
    rf"\b(?:in|since|by|until|from|for|on|during|before|after|last|next|this|early|late|mid|of)[\s-]+(?P<month>{MONTH})\b"
)
WEEKDAY_RE = re.compile(rf"\b(?:(?:on|last|next|this|since|by|until)\s+)?(?:{WEEKDAY})\b")
YEAR_RE = re.compile(
    r"(?:\b(?:since|by|until|till|before|after|from|through)\s+)?(?<![\w.,\-/$€£])(?:1[89]\d\d|20\d\d)(?:s\b)?(?![\w,.]\d|[\w%])"
)
QUANTITY_RE = re.compile(
    rf"(?:\b(?P<qualifier>{QUALIFIER})\s+)?"
    rf"(?:(?P<sign>{CURRENCY_SIGN})\s?)?"
    rf"(?P<number>{DIGITS}|\b{SPELLED}\b)"
    rf"(?:\s?(?P<scale>{SCALE}))?"
    rf"(?:(?P<percent>{PERCENT})|\s+(?P<currency>{CURRENCY_WORD})\b|(?:\s+|-)(?P<time>{TIME_WORD})\b|(?:\s+|-)(?P<measure>{MEASURE_WORD})\b)?",
    re.IGNORECASE,
)
FRACTION_RE = re.compile(
    rf"\b(?:(?:{QUALIFIER})\s+)?(?:by\s+{FRACTION}\b|{FRACTION}\s+(?:of|its|their|the)\b(?:\s+[a-z]+)?)", re.IGNORECASE
)
OF_PHRASE_RE = re.compile(r"\s+of\s+(?:the\s+)?(?:[\w-]+[’']s\s+)?[a-z][\w-]*")
RATE_RE = re.compile(r"\s+(?:a|per|an)\s+(?:year|day|month|week|barrel|tonne|head|person|hour)\b")
NOUN_RE = re.compile(r"(?:-[a-z]+)*\s+(?P<noun>[a-z][a-z-]*)")
PART_OF_RE = re.compile(r"\s+of\s+(?:the\s+)?\d[\d,.]*\s+(?P<noun>[a-z][a-z-]*)")
COUNTED_OF_RE = re.compile(r"\b(?P<noun>[a-z]{3,})\s+of\s+$")


def find_numbers(text: str) -> list[Finding]:
    found: list[Finding] = []
    taken = bytearray(len(text))  # 1 where a number already found covers the character

    def add(start: int, end: int, code: str, score: float) -> None:
        found.append(Finding(start, end, NUMBER, r.Reason(code), score))
        taken[start:end] = b"\x01" * (end - start)

    def free(start: int, end: int) -> bool:
        return taken.find(1, start, end) < 0

    for m in DATE_RE.finditer(text):
        add(m.start(), m.end(), r.DATE, 0.6)
    for m in FRACTION_RE.finditer(text):
        add(m.start(), m.end(), r.PROPORTION, 0.7)
    for m in QUANTITY_RE.finditer(text):
        start, end = m.start(), m.end()
        number = m.group("number").lower()
        if not free(m.start("number"), m.end("number")):
            continue
        if re.fullmatch(r"(?:1[89]\d\d|20\d\d)", number) and not (
            m.group("sign") or m.group("scale") or m.group("percent") or m.group("currency") or m.group("measure")
        ):
            continue  # a year: YEAR_RE below gives it its preposition
        if (
            m.group("qualifier")
            and m.group("qualifier").lower() in ("by", "up", "down", "only", "exactly")
            and not (m.group("percent") or m.group("sign") or m.group("currency"))
        ):
            start = m.start("sign") if m.group("sign") else m.start("number")
        if m.group("sign") or m.group("currency"):
            reason, score = r.MONEY, 0.8
            rate = RATE_RE.match(text, end)
            end = rate.end() if rate else end
        elif m.group("percent"):
            reason, score = r.PERCENTAGE, 0.8
            of = OF_PHRASE_RE.match(text, end)
            end = of.end() if of else end
        elif m.group("time"):
            reason, score = r.DURATION, 0.6
            if text[m.start("time") - 1] == "-":  # "a two-day summit"
                noun = NOUN_RE.match(text, end)
                end = noun.end() if noun and noun.group("noun") not in NOT_COUNTED else end
        elif m.group("measure"):
            reason, score = r.MEASURE, 0.75
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
            reason, score = r.COUNT, 0.75
            rate = RATE_RE.match(text, end)
            end = rate.end() if rate else end
            counted = COUNTED_OF_RE.search(text, max(0, start - 30), start)
            if counted and counted.group("noun") not in NOT_COUNTED | {
                "most",
                "some",
                "all",
                "many",
                "part",
                "each",
                "none",
                "both",
                "any",
            }:
                start = counted.start()
        add(start, end, reason, score)
    for m in YEAR_RE.finditer(text):
        if free(m.start(), m.end()):
            add(m.start(), m.end(), r.YEAR, 0.5)
    for m in BARE_MONTH_RE.finditer(text):
        if free(m.start("month"), m.end("month")):
            add(m.start(), m.end(), r.MONTH, 0.5)
    for m in WEEKDAY_RE.finditer(text):
        if free(m.start(), m.end()):
            add(m.start(), m.end(), r.WEEKDAY, 0.45)
    return found
