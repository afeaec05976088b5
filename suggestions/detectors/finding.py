"""What every detector returns, and the regular-expression helper they share. Pure Python, no Django."""

from __future__ import annotations

from dataclasses import dataclass

from suggestions.detectors.reasons import Reason

NUMBER, COMPARISON, QUOTE, NAME = "number", "comparison", "quote", "name"
KINDS = (NAME, NUMBER, COMPARISON, QUOTE)  # the rule detectors' kinds
STATEMENT = "statement"  # a sentence the check-worthiness model flags (statements.py)


@dataclass(frozen=True)
class Finding:
    """A span of the text (code point offsets, like claims) worth checking, and why."""

    start: int
    end: int
    kind: str
    reason: Reason  # a code and parameters; `reason.text()` is the English sentence
    score: float
    correction: str = ""
    claimant: str = ""


def alternation(words: str) -> str:
    """A regex alternation of the space-separated words, longest first so that none shadows a longer one."""
    return "|".join(sorted(words.split(), key=len, reverse=True))
