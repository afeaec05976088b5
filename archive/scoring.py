"""How alike a text and an archive entry are, from what the two stages measured. Pure functions; no Django.

- `bm25`: the lexical stage's BM25 over claim and headline; `coverage` is it divided by the sum of the idf of
  the text's lexemes (0..1: how much of what the text says in rare words the entry holds).
- `cosine`: the cosine similarity of the two sentence embeddings (None: the entry is not embedded yet).

`combined` is the ranking score, a weighted sum chosen on the 2021 CheckThat! dev split (see
`evaluate_matching --dataset`), plus a bonus for a fact-check published near the date of the post being matched;
an entry without an embedding is scored by its words alone, scaled to the same range. `likely` is the combined
score at or above `Weights.likely`, calibrated so that at least 95% of the dev splits' likely matches are right.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass
class Evidence:
    bm25: float = 0.0
    coverage: float = 0.0
    cosine: float | None = None
    # Where the entry stands among the text's candidates (both stages'): 0 = the best by words / by meaning.
    # Set by `HybridMatcher.rank` (`situate`); the learned combination reads them.
    lexical_rank: int | None = None
    semantic_rank: int | None = None
    top_bm25: float = 0.0  # the best BM25 among the candidates
    top_cosine: float | None = None  # the best cosine among the candidates
    # Days between the fact-check's publication and the date of the post being matched, when both are known.
    days_apart: int | None = None


@dataclass(frozen=True)
class Weights:
    cosine: float = 0.8
    coverage: float = 0.2
    # e5's cosines of unrelated sentences sit around 0.75, not 0: the ranking score rescales them from here.
    cosine_floor: float = 0.7
    likely: float = 0.57
    # A learned combination (logistic regression over `features`; intercept first), used instead of the two
    # weights above when set. Fitted by `evaluate_matching --dataset --fit` (see archive/evaluation.py).
    learned: tuple[float, ...] = ()
    # A post is more likely to repeat the claim of a fact-check published near its date (within `recent_days`
    # either way) than that of an older one on the same subject: this is added to the score.
    recent: float = 0.05
    recent_days: int = 90


FEATURES = ("meaning", "coverage", "bm25 share", "cosine gap", "lexical rank", "semantic rank")


def features(evidence: Evidence, weights: Weights = Weights()) -> list[float]:
    """What the learned combination weighs, each in 0..1 or near it: the rescaled cosine, BM25 coverage, BM25
    as a share of the best candidate's, the cosine's distance below the best candidate's, and the reciprocal
    ranks by words and by meaning among the candidates (1 for the first, 0 when absent)."""
    cosine = weights.cosine_floor if evidence.cosine is None else evidence.cosine
    meaning = max(0.0, (cosine - weights.cosine_floor) / (1 - weights.cosine_floor))
    top_cosine = cosine if evidence.top_cosine is None else evidence.top_cosine
    return [
        meaning,
        evidence.coverage,
        evidence.bm25 / evidence.top_bm25 if evidence.top_bm25 > 0 else 0.0,
        max(0.0, top_cosine - cosine) / (1 - weights.cosine_floor),
        0.0 if evidence.lexical_rank is None else 1 / (1 + evidence.lexical_rank),
        0.0 if evidence.semantic_rank is None else 1 / (1 + evidence.semantic_rank),
    ]


def situate(evidences: list[Evidence]) -> None:
    """Set the ranks and the best values of one text's candidates (in place)."""
    if not evidences:
        return
    top_bm25 = max(ev.bm25 for ev in evidences)
    cosines = [ev.cosine for ev in evidences if ev.cosine is not None]
    top_cosine = max(cosines) if cosines else None
    by_words = sorted((ev for ev in evidences if ev.bm25 > 0), key=lambda ev: -ev.bm25)
    by_meaning = sorted((ev for ev in evidences if ev.cosine is not None), key=lambda ev: -ev.cosine)
    for ev in evidences:
        ev.top_bm25, ev.top_cosine = top_bm25, top_cosine
        ev.lexical_rank = ev.semantic_rank = None
    for rank, ev in enumerate(by_words):
        ev.lexical_rank = rank
    for rank, ev in enumerate(by_meaning):
        ev.semantic_rank = rank


def idf(df: float, n: int) -> float:
    """BM25's inverse document frequency (the Lucene form, never negative)."""
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


def combined(evidence: Evidence, weights: Weights = Weights()) -> float:
    """0..1, higher is better."""
    near = evidence.days_apart is not None and evidence.days_apart <= weights.recent_days
    return min(1.0, _alike(evidence, weights) + (weights.recent if near else 0.0))


def _alike(evidence: Evidence, weights: Weights) -> float:
    if evidence.cosine is None:
        return evidence.coverage
    if weights.learned:
        values = features(evidence, weights)
        z = weights.learned[0] + sum(w * x for w, x in zip(weights.learned[1:], values, strict=True))
        return 1 / (1 + math.exp(-z))
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
