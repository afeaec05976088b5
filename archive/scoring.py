"""How alike a text and an archive entry are, from what the two stages measured. Pure functions; no Django.

- `bm25`: the lexical stage's BM25 over claim and headline; `coverage` is it divided by the sum of the idf of
  the text's lexemes (0..1: how much of what the text says in rare words the entry holds).
- `cosine`: the cosine similarity of the two sentence embeddings (None: the entry is not embedded yet).

`combined` is the ranking score, a weighted sum chosen on the 2021 CheckThat! dev split (see
`evaluate_matching --dataset`); an entry without an embedding is scored by its words alone, scaled to the same
range. `likely` is the combined score at or above `LIKELY`, calibrated so that at least 95% of the dev split's
likely matches are right.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass
class Evidence:
    bm25: float = 0.0
    coverage: float = 0.0
    cosine: float | None = None


@dataclass(frozen=True)
class Weights:
    cosine: float = 0.8
    coverage: float = 0.2
    # e5's cosines of unrelated sentences sit around 0.75, not 0: the ranking score rescales them from here.
    cosine_floor: float = 0.7
    likely: float = 0.6


def idf(df: float, n: int) -> float:
    """BM25's inverse document frequency (the Lucene form, never negative)."""
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


def combined(evidence: Evidence, weights: Weights = Weights()) -> float:
    """0..1, higher is better."""
    if evidence.cosine is None:
        return evidence.coverage
    meaning = max(0.0, (evidence.cosine - weights.cosine_floor) / (1 - weights.cosine_floor))
    return weights.cosine * meaning + weights.coverage * evidence.coverage


def likely(evidence: Evidence, score: float, weights: Weights = Weights()) -> bool:
    return score >= weights.likely


def calibrate(top_results: list[tuple[float, bool]], precision: float = 0.95) -> float | None:
    """The lowest threshold at which at least `precision` of the top results scoring at or above it are right
    ((score, right) of each query's first result); None when no threshold reaches it."""
    ordered = sorted(top_results, key=lambda pair: -pair[0])
    best, right = None, 0
    for i, (score, is_right) in enumerate(ordered, start=1):
        right += is_right
        tie_follows = i < len(ordered) and ordered[i][0] == score
        if not tie_follows and right / i >= precision:
            best = score
    return best
