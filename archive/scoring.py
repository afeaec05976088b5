"""Re-ranking of lexical candidates: pure functions over PostgreSQL lexemes. No Django.

PostgreSQL does the language work (stemming with the configuration of each language, stop words) and finds
candidates through the GIN index; this module decides how alike two lexeme sets are. The score is a weighted
cosine between the query's and the candidate's lexemes: figures count more than words (a claim is mostly its
numbers), years a little less than other figures, and a figure the query states that the candidate contradicts
(both give a figure of the same kind, and they differ) costs points.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

YEAR = re.compile(r"^(1[89]|20)\d\d$")
NUMBER = re.compile(r"^\d[\d.,]*$")


@dataclass(frozen=True)
class Weights:
    word: float = 1.0
    number: float = 1.0
    year: float = 1.0
    conflict: float = 0.0  # subtracted per figure the query has and the candidate lacks while giving others


def weight(lexeme: str, weights: Weights) -> float:
    if YEAR.match(lexeme):
        return weights.year
    if NUMBER.match(lexeme):
        return weights.number
    return weights.word


def score(query: set[str], candidate: set[str], weights: Weights) -> float:
    """0..1: how much of each side the other covers, figures weighted."""
    if not query or not candidate:
        return 0.0
    shared = sum(weight(lexeme, weights) for lexeme in query & candidate)
    norm = math.sqrt(sum(weight(lx, weights) for lx in query) * sum(weight(lx, weights) for lx in candidate))
    value = shared / norm
    if weights.conflict:
        query_figures = {lx for lx in query if NUMBER.match(lx) and not YEAR.match(lx)}
        candidate_figures = {lx for lx in candidate if NUMBER.match(lx) and not YEAR.match(lx)}
        if query_figures and candidate_figures:
            value -= weights.conflict * len(query_figures - candidate_figures) / len(query_figures)
    return max(0.0, min(1.0, value))
