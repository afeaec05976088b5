"""Language of a text and the PostgreSQL text search configuration for it."""

from __future__ import annotations

from functools import lru_cache

from archive.normalize import UNACCENT_SIMPLE, config_for  # noqa: F401  (re-exported)

MIN_LETTERS = 12  # shorter texts are guessed too often wrongly
MIN_PROBABILITY = 0.3


@lru_cache(maxsize=8)
def _identifier(among: frozenset[str]):
    # py3langid's model ships inside its wheel; loading it takes ~0.2 s, so once per process and language set.
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    if among:
        usable = sorted(among & set(identifier.nb_classes))
        if usable:
            identifier.set_languages(usable)
    return identifier


def detect(text: str, default: str = "", among: frozenset[str] = frozenset()) -> str:
    """A two-letter language code, or `default` when the text is too short or the guess is weak.

    `among` limits the guess to those languages: a sentence is short, and choosing between the few languages
    an archive holds is far more reliable than choosing among all 97 that py3langid knows.
    """
    if len(among) == 1:
        return next(iter(among))
    if sum(ch.isalpha() for ch in text) < MIN_LETTERS:
        return default
    language, probability = _identifier(frozenset(among)).classify(text)
    return language if probability >= MIN_PROBABILITY else default
