"""Statements worth checking: each sentence that a check-worthiness model scores at or above a threshold, and
the merge of those sentences with the rule detectors' findings. Pure Python, no Django.

The model is any callable from a list of sentences to their scores from 0 to 1 (the shipped one is
`suggestions.checkworthiness.model.CheckworthinessModel`); sentences are sent in batches of BATCH, so a long
article costs memory for one batch at a time.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace

from suggestions.checkworthiness.sentences import sentence_spans
from suggestions.detectors import reasons as r
from suggestions.detectors.finding import STATEMENT, Finding

Scorer = Callable[[list[str]], Sequence[float]]
BATCH = 64


def statement_reason(score: float) -> r.Reason:
    return r.Reason(r.CHECKWORTHY, {"score": f"{score:.2f}"})


def find_statements(text: str, score: Scorer, threshold: float) -> list[Finding]:
    found: list[Finding] = []
    batch: list[tuple[int, int]] = []
    for span in [*sentence_spans(text), None]:
        if span is not None:
            batch.append(span)
        if batch and (span is None or len(batch) == BATCH):
            scores = score([text[s:e] for s, e in batch])
            for (start, end), p in zip(batch, scores, strict=True):
                if p >= threshold:
                    found.append(Finding(start, end, STATEMENT, statement_reason(float(p)), round(float(p), 4)))
            batch = []
    return found


def merge(rules: Iterable[Finding], statements: list[Finding]) -> list[Finding]:
    """One entry where a rule and the model fire on one sentence: the rule's tight span and kind, both reasons,
    and the higher of the two scores. A sentence the model flags with no rule finding in it stays whole."""
    starts = [s.start for s in statements]
    claimed: set[int] = set()
    merged: list[Finding] = []
    for f in rules:
        i = bisect.bisect_right(starts, f.start) - 1
        if i >= 0 and f.start < statements[i].end:
            sentence = statements[i]
            claimed.add(i)
            f = replace(
                f,
                reason=replace(f.reason, details=(*f.reason.details, sentence.reason)),
                score=max(f.score, sentence.score),
            )
        merged.append(f)
    merged += [s for i, s in enumerate(statements) if i not in claimed]
    return sorted(merged, key=lambda f: (f.start, -f.end))
