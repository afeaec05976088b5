"""Statements worth checking: the check-worthiness model's score for each sentence, and how the panel puts the
model and the rule detectors together. Pure Python, no Django.

- A sentence scored at or above `threshold` is a statement to check.
- A rule finding (a figure, a comparison, a quote) inside such a sentence keeps its tight span and kind, and
  gains the model's reason and, if higher, its score: the editor sees one entry with both reasons. A flagged
  sentence without a rule finding is an entry of its own, the whole sentence.
- A figure or comparison the rules find in a sentence scored below `rule_floor` is left out: the model judges
  the sentence not worth checking ("I'd like to mention one thing."), and a figure alone does not change that.
  Names and quotes are always kept: a misspelling is worth fixing wherever it is, and quoted words are checked
  against the record whatever they say.

The model is any callable from a list of sentences to their scores from 0 to 1 (the shipped one is
`suggestions.checkworthiness.model.CheckworthinessModel`); sentences go to it in batches of BATCH, so a long
article costs memory for one batch of embeddings at a time.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace

from suggestions.checkworthiness.sentences import sentence_spans
from suggestions.detectors import reasons as r
from suggestions.detectors.finding import NAME, QUOTE, STATEMENT, Finding

Scorer = Callable[[list[str]], Sequence[float]]
BATCH = 64
ALWAYS_KEPT = {NAME, QUOTE}


def statement_reason(score: float) -> r.Reason:
    return r.Reason(r.CHECKWORTHY, {"score": f"{score:.2f}"})


def scored_sentences(text: str, score: Scorer) -> Iterator[tuple[int, int, float]]:
    """(start, end, score) of each sentence, in text order."""
    batch: list[tuple[int, int]] = []
    for span in [*sentence_spans(text), None]:
        if span is not None:
            batch.append(span)
        if batch and (span is None or len(batch) == BATCH):
            scores = score([text[s:e] for s, e in batch])
            for (start, end), p in zip(batch, scores, strict=True):
                yield start, end, float(p)
            batch = []


def merge(
    rules: Iterable[Finding], sentences: list[tuple[int, int, float]], threshold: float, rule_floor: float = 0.0
) -> list[Finding]:
    """The panel's entries from the rules' findings and the scored sentences (see the module's docstring)."""
    starts = [start for start, _, _ in sentences]
    claimed: set[int] = set()
    merged: list[Finding] = []
    for f in rules:
        i = bisect.bisect_right(starts, f.start) - 1
        if i < 0 or f.start >= sentences[i][1]:
            merged.append(f)  # outside every scored sentence (too short to score): the rule alone decides
            continue
        p = sentences[i][2]
        if p >= threshold:
            claimed.add(i)
            reason = replace(f.reason, details=(*f.reason.details, statement_reason(p)))
            merged.append(replace(f, reason=reason, score=round(max(f.score, p), 4)))
        elif p >= rule_floor or f.kind in ALWAYS_KEPT:
            merged.append(f)
    for i, (start, end, p) in enumerate(sentences):
        if p >= threshold and i not in claimed:
            merged.append(Finding(start, end, STATEMENT, statement_reason(p), round(p, 4)))
    return sorted(merged, key=lambda f: (f.start, -f.end))
