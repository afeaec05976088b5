"""TF-IDF features of sentences in plain NumPy, the same numbers as scikit-learn's `TfidfVectorizer` gives with
`lowercase=True, sublinear_tf=True, norm="l2"` and the analyzers below, so that a model trained with
scikit-learn runs from its saved vocabulary and weights alone (tests/suggestions/test_checkworthiness.py
compares the two).

- `word`: tokens of `TOKEN_PATTERN` (words, and the signs `%` and `$`), as n-grams joined by one space;
- `char_wb`: character n-grams inside each white-space separated word padded with one space on each side.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

TOKEN_PATTERN = r"(?u)\b\w+\b|[%$]"
_TOKEN = re.compile(TOKEN_PATTERN)
_WHITE = re.compile(r"\s\s+")


def word_ngrams(text: str, low: int, high: int) -> list[str]:
    tokens = _TOKEN.findall(text.lower())
    grams = list(tokens) if low == 1 else []
    for n in range(max(low, 2), high + 1):
        grams += [" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]
    return grams


def char_wb_ngrams(text: str, low: int, high: int) -> list[str]:
    grams = []
    for word in _WHITE.sub(" ", text.lower()).split():
        padded = f" {word} "
        for n in range(low, high + 1):
            if len(padded) <= n:
                grams.append(padded)  # a short word counts once, whole, as scikit-learn counts it
                break
            grams += [padded[i : i + n] for i in range(len(padded) - n + 1)]
    return grams


ANALYZERS = {"word": word_ngrams, "char_wb": char_wb_ngrams}


@dataclass
class Tfidf:
    analyzer: str
    ngram_range: tuple[int, int]
    vocabulary: dict[str, int]
    idf: np.ndarray

    def transform(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The rows as (row, column, value) triples of a sparse matrix, each row of unit length."""
        analyse, (low, high) = ANALYZERS[self.analyzer], self.ngram_range
        rows, cols, vals = [], [], []
        for i, text in enumerate(texts):
            counts = Counter(g for g in analyse(text, low, high) if g in self.vocabulary)
            if not counts:
                continue
            index = np.fromiter((self.vocabulary[g] for g in counts), dtype=np.int64, count=len(counts))
            value = (1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64, count=len(counts)))) * self.idf[index]
            value /= np.linalg.norm(value)
            rows.append(np.full(len(index), i))
            cols.append(index)
            vals.append(value)
        if not rows:
            return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0)
        return np.concatenate(rows), np.concatenate(cols), np.concatenate(vals)

    def dot(self, texts: list[str], weights: np.ndarray) -> np.ndarray:
        """Each text's features times `weights` (one column per output)."""
        rows, cols, vals = self.transform(texts)
        out = np.zeros((len(texts), weights.shape[1]))
        np.add.at(out, rows, vals[:, None] * weights[cols])
        return out
