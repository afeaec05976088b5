"""Text normalization applied alike to archived statements and to the text being matched. No Django.

PostgreSQL's stemmers see "10.6%" and "10.6 percent", or "twenty-four" and "24", as different words; this
module writes figures one way before the text reaches them. `plain` leaves the text alone (the untuned
baseline of the evaluation).
"""

from __future__ import annotations

import datetime as dt
import unicodedata


def plain(text: str) -> str:
    return text


def config_for(language: str) -> str:
    """The PostgreSQL text search configuration for a BCP-47 language code."""
    return CONFIGS.get((language or "").split("-")[0].lower(), UNACCENT_SIMPLE)


# Languages PostgreSQL has a Snowball stemmer for; everything else (Persian, Chinese, unknown...) is split into
# words, lower-cased and stripped of accents by the configuration the migration creates.
UNACCENT_SIMPLE = "archive_simple"
CONFIGS = {
    "ar": "arabic",
    "hy": "armenian",
    "eu": "basque",
    "ca": "catalan",
    "da": "danish",
    "nl": "dutch",
    "en": "english",
    "fi": "finnish",
    "fr": "french",
    "de": "german",
    "el": "greek",
    "hi": "hindi",
    "hu": "hungarian",
    "id": "indonesian",
    "ga": "irish",
    "it": "italian",
    "lt": "lithuanian",
    "ne": "nepali",
    "no": "norwegian",
    "nb": "norwegian",
    "nn": "norwegian",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sr": "serbian",
    "es": "spanish",
    "sv": "swedish",
    "ta": "tamil",
    "tr": "turkish",
    "yi": "yiddish",
}


def ascii_digits(text: str) -> str:
    """Persian, Arabic-Indic, Devanagari... digits as 0-9."""
    return "".join(str(unicodedata.digit(ch)) if ch.isdigit() and not ch.isascii() else ch for ch in text)


# --- The tuned normalizer ------------------------------------------------------------------------------------
import re  # noqa: E402

UNITS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen".split()
    )
}
TENS = {
    w: 10 * i for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if w != "_"
}
SCALES = {
    "thousand": 10**3,
    "million": 10**6,
    "m": 10**6,
    "mn": 10**6,
    "billion": 10**9,
    "bn": 10**9,
    "trillion": 10**12,
    "tn": 10**12,
}
ORDINALS = {
    "1st": "first",
    "2nd": "second",
    "3rd": "third",
    "4th": "fourth",
    "5th": "fifth",
    "6th": "sixth",
    "7th": "seventh",
    "8th": "eighth",
    "9th": "ninth",
    "10th": "tenth",
}
# "a fifth of", "half of" -> percentages, so that "20 percent of" and "a fifth of" meet.
FRACTIONS = {
    "half": 50,
    "a third": 33,
    "one third": 33,
    "a quarter": 25,
    "one quarter": 25,
    "a fifth": 20,
    "one fifth": 20,
    "a tenth": 10,
    "one tenth": 10,
    "two thirds": 67,
    "three quarters": 75,
}
MULTIPLES = {
    "doubled": "double",
    "twice as much": "double",
    "twice as many": "double",
    "two times": "double",
    "tripled": "triple",
    "trebled": "triple",
    "three times": "triple",
    "threefold": "triple",
}
CURRENCIES = {"$": "dollars", "€": "euros", "£": "pounds", "₽": "roubles"}

# Words a newsroom uses for the same thing; each is replaced by the first of its group before stemming.
# (Kept to general news vocabulary; see the evaluation README for how it was tuned.)
SYNONYM_GROUPS = [
    ["unemployment", "joblessness", "jobless"],
    ["euro area", "eurozone", "euro zone"],
    ["united kingdom", "britain", "great britain", "the uk", "uk", "u.k."],
    ["united states", "u.s.", "usa", "america", "american"],
    ["carbon dioxide", "co2"],
    ["liquefied natural gas", "lng"],
    ["world health organization"],  # "WHO" in capitals only (CASE_SENSITIVE): "who" is a pronoun
    ["coronavirus", "covid-19", "covid", "sars-cov-2"],
    ["vaccine", "jab", "vaccination", "shot"],
    ["leader", "heads of state", "head of state", "heads of government"],
    ["nordic", "scandinavia", "scandinavian"],
    ["left-wing", "leftist"],
    ["shrink", "shrank", "shrunk", "contract", "contracted", "contraction"],
    ["rise", "rose", "risen", "went up", "increase", "increased"],
    ["fall", "fell", "fallen", "drop", "dropped", "decline", "declined", "decrease", "decreased"],
    ["sink", "sank", "sunk", "subside", "subsiding", "subsided", "subsidence"],
    ["petrol", "gasoline", "fuel"],
    ["retirement age", "pension age"],
    ["scrap", "scrapped", "remove", "removed", "abolish", "abolished", "end", "ended"],
    ["electricity", "power"],
    ["car", "vehicle"],
    ["world", "planet", "globe", "earth"],
    ["president", "leader"],
    ["central bank", "bank of russia", "центробанк", "цб", "банк россии"],
]
ALIAS = {alias: group[0] for group in SYNONYM_GROUPS for alias in group[1:]}
# Upper-case abbreviations that are ordinary words in lower case.
CASE_SENSITIVE = {"US": "united states", "WHO": "world health organization"}


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_NUMBER_WORD = re.compile(
    rf"\b(?:(?:{_alternation(TENS)})(?:[- ](?:{_alternation(UNITS)}))?|(?:{_alternation(UNITS)}))\b", re.I
)
_SCALED = re.compile(rf"(\d+(?:\.\d+)?)\s*({_alternation(SCALES)})\b", re.I)
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")
_CURRENCY = re.compile(rf"({_alternation(CURRENCIES)})\s*(\d[\d.]*(?:\s*(?:{_alternation(SCALES)})\b)?)", re.I)
_ORDINAL = re.compile(rf"\b({_alternation(ORDINALS)})\b", re.I)
_FRACTION = re.compile(rf"\b({_alternation(FRACTIONS)})\b", re.I)
_MULTIPLE = re.compile(rf"\b({_alternation(MULTIPLES)})\b", re.I)
_ALIAS = re.compile(rf"(?<![\w-])({_alternation(ALIAS)})(?![\w-])", re.I)
_CASE_SENSITIVE = re.compile(rf"\b({_alternation(CASE_SENSITIVE)})\b")


_NUMBER_WORDS = frozenset(UNITS) | frozenset(TENS)


def _number_words(match: re.Match) -> str:
    words = re.split(r"[- ]", match.group(0).lower())
    return str(sum(TENS.get(w, 0) + UNITS.get(w, 0) for w in words))


def _scaled(match: re.Match) -> str:
    value = float(match.group(1)) * SCALES[match.group(2).lower()]
    return f"{value:.0f}"


def figures(text: str) -> str:
    """Figures, fractions, currencies and common synonyms written one way."""
    text = ascii_digits(text)
    text = _CASE_SENSITIVE.sub(lambda m: CASE_SENSITIVE[m.group(1)], text)
    text = _THOUSANDS.sub("", text)
    text = _ORDINAL.sub(lambda m: ORDINALS[m.group(1).lower()], text)
    text = _FRACTION.sub(lambda m: f"{FRACTIONS[m.group(1).lower()]} percent", text)
    text = _MULTIPLE.sub(lambda m: MULTIPLES[m.group(1).lower()], text)
    if not _NUMBER_WORDS.isdisjoint(re.split(r"[^a-z]+", text.lower())):
        text = _NUMBER_WORD.sub(_number_words, text)
    text = re.sub(r"\b(?:a|one)\s+(?=(?:thousand|million|billion|trillion)\b)", "1 ", text, flags=re.I)
    text = _CURRENCY.sub(lambda m: f"{m.group(2)} {CURRENCIES[m.group(1)]}", text)
    text = _SCALED.sub(_scaled, text)
    text = re.sub(r"(\d)\s*(?:%|per ?cent\b|процент\w*)", r"\1 percent", text, flags=re.I)
    text = re.sub(r"(\d)\s*°\s*C\b", r"\1 degrees celsius", text)
    text = re.sub(r"(\d)\s*(?:cm|centimetres|centimeters)\b", r"\1 centimetres", text)
    text = re.sub(r"(\d)\s*(?:mm|millimetres|millimeters)\b", r"\1 millimetres", text)
    text = _ALIAS.sub(lambda m: ALIAS[m.group(1).lower()], text)
    return text


# --- Social posts and wire copy ------------------------------------------------------------------------------

MONTHS = "january february march april may june july august september october november december".split()
_MONTH_ABBREVIATIONS = {m[:3]: m for m in MONTHS} | {"sept": "september"}
_MONTH = rf"(?:{_alternation(MONTHS)}|{_alternation(_MONTH_ABBREVIATIONS)})\.?"
# "— Donald J. Trump (@realDonaldTrump) May 26, 2020": the signature an embedded post ends with.
_SIGNATURE = re.compile(
    rf"\s*[—–-]+\s*[^—–\n]{{0,80}}?\(@\w{{1,30}}\)\s*(?:{_MONTH}\s+\d{{1,2}},?\s+\d{{4}})?\s*$", re.I
)
_SIGNATURE_DATE = re.compile(rf"\(@\w{{1,30}}\)\s*({_MONTH})\s+(\d{{1,2}}),?\s+(\d{{4}})\s*$", re.I)
_URL = re.compile(r"(?:https?://|www\.)\S+|\bpic\.twitter\.com/\S+|\b[\w-]+\.(?:com|org|net|ly|co)/\S*", re.I)
_HANDLE = re.compile(r"(?<![\w@])@(\w{1,30})")
_HASHTAG = re.compile(r"(?<![\w#])#(\w+)")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])|_+")
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+({_MONTH})(?![\w])", re.I)
_MONTH_DAY = re.compile(rf"\b({_MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b,?", re.I)
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_DIGIT = re.compile(r"\d")
_RT = re.compile(r"^\s*RT\s+@\w+:\s*")
_ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'", "&nbsp;": " "}


def _split_name(name: str) -> str:
    return " ".join(part for part in _CAMEL.split(name) if part)


def _month(word: str) -> str:
    word = word.lower().rstrip(".")
    return _MONTH_ABBREVIATIONS.get(word[:4] if word.startswith("sept") else word[:3], word)


def _symbols_out(text: str) -> str:
    # Emoji, pictographs and other symbols say nothing a stemmer or an embedding should weigh.
    if text.isascii():
        return text
    return "".join(" " if unicodedata.category(ch) in ("So", "Sk", "Cs", "Co") else ch for ch in text)


def _iso_date(match: re.Match) -> str:
    year, month, day = (int(x) for x in match.groups())
    return f"{day} {MONTHS[month - 1]} {year}" if 1 <= month <= 12 else match.group(0)


def social(text: str) -> str:
    """A post or wire copy as plain sentences: the quoted post's signature, links, retweet marks and emoji out;
    @handles and #hashtags as words ("#RedFort" -> "Red Fort"); HTML entities decoded; dates written one way
    ("October 22, 2024", "22nd Oct 2024" and "2024-10-22" are "22 october 2024")."""
    for entity, char in _ENTITIES.items():
        text = text.replace(entity, char)
    text = text.replace("\u200d", "").replace("\ufe0f", "")
    text = _RT.sub("", text)
    text = text.strip().strip('"').strip()
    if "(@" in text:
        text = _SIGNATURE.sub("", text)
    if "/" in text or "www." in text:
        text = _URL.sub(" ", text)
    if "@" in text:
        text = _HANDLE.sub(lambda m: _split_name(m.group(1)), text)
    if "#" in text:
        text = _HASHTAG.sub(lambda m: _split_name(m.group(1)), text)
    text = _symbols_out(text)
    if _DIGIT.search(text):  # dates have figures
        text = _ISO_DATE.sub(_iso_date, text)
        text = _DAY_MONTH.sub(lambda m: f"{int(m.group(1))} {_month(m.group(2))}", text)
        text = _MONTH_DAY.sub(lambda m: f"{int(m.group(2))} {_month(m.group(1))}", text)
    text = text.replace('""', '"')
    return " ".join(text.split())


def post_date(text: str) -> dt.date | None:
    """The date of a quoted post, read from its signature ("— Donald J. Trump (@realDonaldTrump) May 26, 2020"),
    or None. Matching prefers the fact-checks published near it."""
    found = _SIGNATURE_DATE.search(text.strip().strip('"').strip()) if "(@" in text else None
    if found is None:
        return None
    month = MONTHS.index(_month(found.group(1))) + 1
    try:
        return dt.date(int(found.group(3)), month, int(found.group(2)))
    except ValueError:
        return None


def for_matching(text: str) -> str:
    """What the lexical stage indexes and searches: social posts cleaned, then figures written one way."""
    return figures(social(text))
