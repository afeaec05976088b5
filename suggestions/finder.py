"""Find what an editor should check in an article. Pure functions, no Django.

`find(text, names=..., words=...)` returns `Finding`s: spans of `text` (code point offsets, like claims) with a
kind, a reason for the editor and a score from 0 to 1. Each kind has its own detector in
`suggestions/detectors/`:

- number (`numbers.py`): quantities, percentages, money, dates and durations, as the tightest phrase that still
  says what is counted ("leaders of 24 countries", "$9.8 billion", "less than 48 hours", "October 22");
- comparison (`comparisons.py`): comparatives with their standard ("much closer to each other than other
  countries"), superlatives ("the lowest level since 2015") and changes stated without a number ("an increase
  in the volume of trade");
- quote (`quotes.py`): quoted speech with its attribution ("“...,” the Russian leader said"), and the speaker as
  claimant;
- name (`names.py`): a name this article spells two ways ("Ashgabat" and "Ashgatat"), or one letter away from a
  name the gazetteer knows while not known itself; `correction` holds the proposed spelling;
- statement (`statements.py`), when a check-worthiness model is given: each sentence the model scores at or above
  the threshold. A rule finding inside such a sentence keeps its tight span and kind and gains the model's reason
  and score (one entry, both reasons); a flagged sentence without one is a suggestion of its own; a figure,
  comparison or quote in a sentence the model scores below the rule floor is left out.

The rules are regular expressions and dictionary lookups over the text, so a 50 KB article takes well under a
second (bench/suggest_bench.py); the model's cost is per sentence (bench/checkworthiness_bench.py). `names` is
anything with the lookups of `suggestions.gazetteer.Gazetteer`; `words` is a set of common lower-case words, which
are never taken for misspelt places.
"""

from __future__ import annotations

from collections.abc import Container

from suggestions.detectors.comparisons import find_comparisons
from suggestions.detectors.finding import COMPARISON, KINDS, NAME, NUMBER, QUOTE, STATEMENT, Finding
from suggestions.detectors.names import Names, find_names
from suggestions.detectors.numbers import find_numbers
from suggestions.detectors.quotes import find_quotes
from suggestions.detectors.statements import Scorer, merge, scored_sentences

__all__ = ["COMPARISON", "KINDS", "NAME", "NUMBER", "QUOTE", "STATEMENT", "Finding", "Names", "Scorer", "find"]


def find(
    text: str,
    *,
    names: Names | None = None,
    words: Container[str] = frozenset(),
    scorer: Scorer | None = None,
    threshold: float = 0.5,
    rule_floor: float = 0.0,
) -> list[Finding]:
    """The rules' findings; with a `scorer` (sentences to check-worthiness scores), merged with the sentences it
    scores at or above `threshold`, and without the rules' figures, comparisons and quotes in sentences it scores
    below `rule_floor` (statements.py)."""
    found = find_numbers(text) + find_comparisons(text) + find_quotes(text) + find_names(text, names, words)
    found = _without_overlaps(found)
    if scorer is None:
        return found
    return merge(found, list(scored_sentences(text, scorer)), threshold, rule_floor)


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
