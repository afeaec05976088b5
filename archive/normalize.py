"""Text normalization applied alike to archived statements and to the text being matched. No Django.

PostgreSQL's stemmers see "10.6%" and "10.6 percent", or "twenty-four" and "24", as different words; this
module writes figures one way before the text reaches them. `plain` leaves the text alone (the untuned
baseline of the evaluation).
"""

from __future__ import annotations

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
    "ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "da": "danish", "nl": "dutch",
    "en": "english", "fi": "finnish", "fr": "french", "de": "german", "el": "greek", "hi": "hindi",
    "hu": "hungarian", "id": "indonesian", "ga": "irish", "it": "italian", "lt": "lithuanian", "ne": "nepali",
    "no": "norwegian", "nb": "norwegian", "nn": "norwegian", "pt": "portuguese", "ro": "romanian",
    "ru": "russian", "sr": "serbian", "es": "spanish", "sv": "swedish", "ta": "tamil", "tr": "turkish",
    "yi": "yiddish",
}


def ascii_digits(text: str) -> str:
    """Persian, Arabic-Indic, Devanagari... digits as 0-9."""
    return "".join(str(unicodedata.digit(ch)) if ch.isdigit() and not ch.isascii() else ch for ch in text)
