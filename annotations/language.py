"""The language an article is written in, detected offline (py3langid's model ships inside its wheel)."""

from functools import lru_cache

MIN_LETTERS = 20  # below this a guess is noise; the editor can always set the language by hand
RIGHT_TO_LEFT = {"ar", "fa", "he", "ps", "ur", "yi", "dv", "ckb", "sd", "ug"}


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str:
    """A BCP-47 primary language code ("en", "ru", "fa"), or "" when the text is too short or too mixed to tell."""
    sample = text[:5000]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return ""
    code, probability = _identifier().classify(sample)
    return code if probability >= 0.5 else ""


def text_direction(language: str) -> str:
    """ "rtl" or "ltr" for a known language, "auto" when it is unknown."""
    if not language:
        return "auto"
    return "rtl" if language.split("-")[0].lower() in RIGHT_TO_LEFT else "ltr"
