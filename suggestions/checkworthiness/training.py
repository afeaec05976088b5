"""Training and measuring the check-worthiness model. Needs scikit-learn (training only; the model it writes runs
on NumPy). Pure Python, no Django: `manage.py train_checkworthiness` and `evaluate_suggestions` call it.

Reproducible: every random choice takes `seed`, the solvers are deterministic, and the same data gives the same
weights. The training data is CLEF CheckThat! 2024 task 1 (English): `train.tsv` (ClaimBuster's crowdsourced
sentences) to fit, `dev.tsv` (ClaimBuster's ground truth) to choose the component weights and the threshold,
`devtest.tsv` (the lab's 2023 test split) only to report.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from suggestions.checkworthiness.features import TOKEN_PATTERN, Tfidf
from suggestions.checkworthiness.model import EMBEDDING_DIM, LEGACY_PREFIX, CheckworthinessModel, Component

SPLITS = ("train", "dev", "devtest")
DEV_SPLITS = ("dev", "devtest")
# One line of train.tsv lacks its line break: "...\tNo29286\t..." is two rows.
_JOINED_ROWS = re.compile(r"\t(Yes|No)(\d+)\t")


@dataclass
class Labelled:
    texts: list[str]
    labels: np.ndarray  # bool, True = check-worthy

    def __len__(self) -> int:
        return len(self.texts)

    def __add__(self, other: Labelled) -> Labelled:
        return Labelled(self.texts + other.texts, np.concatenate([self.labels, other.labels]).astype(bool))

    def sample(self, size: int, seed: int) -> Labelled:
        if size >= len(self):
            return self
        index = np.sort(np.random.RandomState(seed).choice(len(self), size, replace=False))
        return Labelled([self.texts[i] for i in index], self.labels[index])


def read_tsv(path: Path | str) -> Labelled:
    """A CheckThat! file: `Sentence_id`, `Text`, `class_label` (Yes/No), tab-separated, quoted like CSV."""
    raw = Path(path).read_text(encoding="utf-8").replace("\r\n", "\n")
    rows = csv.DictReader(io.StringIO(_JOINED_ROWS.sub(r"\t\1\n\2\t", raw)), delimiter="\t")
    kept = [(row["Text"].strip(), row["class_label"] == "Yes") for row in rows if row["class_label"] in ("Yes", "No")]
    return Labelled([t for t, _ in kept], np.array([y for _, y in kept], dtype=bool))


def read_splits(directory: Path | str, splits: Sequence[str] = SPLITS) -> dict[str, Labelled]:
    return {split: read_tsv(Path(directory) / f"{split}.tsv") for split in splits}


# Measuring


@dataclass(frozen=True)
class Figures:
    precision: float
    recall: float
    f1: float
    n: int
    positives: int

    def as_dict(self) -> dict:
        return {k: round(v, 6) if isinstance(v, float) else v for k, v in self.__dict__.items()}


def figures(labels: np.ndarray, flagged: np.ndarray) -> Figures:
    labels, flagged = np.asarray(labels, bool), np.asarray(flagged, bool)
    tp = int((labels & flagged).sum())
    precision = tp / flagged.sum() if flagged.sum() else 0.0
    recall = tp / labels.sum() if labels.sum() else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Figures(float(precision), float(recall), float(f1), len(labels), int(labels.sum()))


def best_threshold(labels: np.ndarray, scores: np.ndarray) -> float:
    """The threshold with the highest F1 on these labels, on a grid of 0.01 (the lowest of equals)."""
    grid = np.round(np.arange(0.05, 0.951, 0.01), 2)
    f1s = [figures(labels, scores >= t).f1 for t in grid]
    return float(grid[int(np.argmax(f1s))])


# Embeddings, cached: computing them for 22,500 sentences is most of the training time.

EmbedFn = Callable[[list[str]], np.ndarray]


class EmbeddingCache:
    """Sentence embeddings kept on disk (`texts.json` and `vectors.npy`, no pickle), so that training again, with
    or without feedback, embeds only the sentences it has not seen."""

    def __init__(self, embed: EmbedFn, directory: Path | str | None):
        self.embed, self.directory = embed, Path(directory) if directory else None
        self.index: dict[str, int] = {}
        self.vectors = np.zeros((0, EMBEDDING_DIM), np.float32)
        if self.directory and (self.directory / "vectors.npy").exists():
            texts = json.loads((self.directory / "texts.json").read_text(encoding="utf-8"))
            self.vectors = np.load(self.directory / "vectors.npy", allow_pickle=False)
            self.index = {t: i for i, t in enumerate(texts[: len(self.vectors)])}

    def __call__(self, texts: list[str]) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in self.index))
        if missing:
            added = np.asarray(self.embed(missing), dtype=np.float32)
            self.index.update({t: len(self.vectors) + i for i, t in enumerate(missing)})
            self.vectors = np.vstack([self.vectors, added])
            self.save()
        return self.vectors[[self.index[t] for t in texts]] if texts else np.zeros((0, EMBEDDING_DIM), np.float32)

    def save(self) -> None:
        if self.directory is None:
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        texts = sorted(self.index, key=self.index.__getitem__)
        (self.directory / "texts.json").write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
        np.save(self.directory / "vectors.npy", self.vectors)


# Fitting


@dataclass
class Settings:
    """What `fit` does; `model.json` keeps them, and `--with-feedback` trains again with the same."""

    seed: int = 0
    sample: int = 0  # train on this many random training sentences (0: all)
    word_ngrams: tuple[int, int] = (1, 3)
    char_ngrams: tuple[int, int] = (2, 5)
    word_min_df: int = 2
    char_min_df: int = 3
    tfidf_c: float = 2.0
    embeddings: bool = True
    embedding_sample: int = 0  # embed only this many random training sentences for the embedding component (0: all)
    embedding_c: float = 1.0
    embedding_prefix: str = "passage"  # multilingual-e5's input prefix: "passage" (chosen on dev.tsv) or "query"
    joint: bool = True  # the second component: one logistic regression over TF-IDF and embedding (else embedding only)
    embedding_scale: float = 4.0  # the embedding's factor in the joint component
    embedding_hidden: int = 0  # ReLU units of one hidden layer (an MLP) instead of a logistic regression (0)
    embedding_alpha: float = 1e-4  # the MLP's L2 penalty
    embedding_balanced: bool = False  # weigh the classes inversely to their frequency (logistic regression)
    feedback_weight: int = 3  # each of the desk's labelled sentences counts this many times
    cascade_below: float = 0.05  # sentences the TF-IDF part scores below this are not embedded (model.py)
    cascade_above: bool = True  # nor those it scores from a bound chosen on dev (`cascade_above` below) up
    mixes: tuple[float, ...] = tuple(round(0.05 * i, 2) for i in range(21))  # the TF-IDF component's weight

    def as_dict(self) -> dict:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in self.__dict__.items()}

    @classmethod
    def from_dict(cls, data: dict) -> Settings:
        known = {k: tuple(v) if isinstance(v, list) else v for k, v in data.items() if k in cls.__dataclass_fields__}
        if data and "embedding_prefix" not in data:
            known["embedding_prefix"] = LEGACY_PREFIX  # trained before the prefix was a setting
        return cls(**known)


def _logistic(features, labels: np.ndarray, c: float, seed: int):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, max_iter=5000, solver="lbfgs", random_state=seed).fit(features, labels)


def _embedding_component(features: np.ndarray, labels: np.ndarray, s: Settings) -> Component:
    """The embedding component: a logistic regression, or with `embedding_hidden` one hidden layer of ReLU units
    (scikit-learn's MLPClassifier, early stopping on a seeded tenth); stored as plain arrays either way."""
    if s.embedding_hidden:
        from sklearn.neural_network import MLPClassifier

        mlp = MLPClassifier(
            hidden_layer_sizes=(s.embedding_hidden,),
            alpha=s.embedding_alpha,
            early_stopping=True,
            max_iter=300,
            random_state=s.seed,
        ).fit(features, labels)
        (first, out), (bias, out_bias) = mlp.coefs_, mlp.intercepts_
        return Component(
            "embedding",
            ["embedding"],
            1.0,
            {"embedding": first.astype(np.float64)},
            bias.astype(np.float64),
            (out.astype(np.float64), out_bias.astype(np.float64)),
        )
    from sklearn.linear_model import LogisticRegression

    lr = LogisticRegression(
        C=s.embedding_c,
        max_iter=5000,
        solver="lbfgs",
        random_state=s.seed,
        class_weight="balanced" if s.embedding_balanced else None,
    ).fit(features, labels)
    return Component("embedding", ["embedding"], 1.0, {"embedding": lr.coef_.T.astype(np.float64)}, lr.intercept_)


def _tfidf_rows(word, char, texts: list[str]):
    from scipy.sparse import hstack

    return hstack([word.transform(texts), char.transform(texts)]).tocsr()


def _subset(data: Labelled, size: int, seed: int) -> Labelled:
    """The first `size` sentences of a seeded shuffle (all when size is 0)."""
    if not size or size >= len(data):
        return data
    order = np.random.RandomState(seed).permutation(len(data))[:size]
    return Labelled([data.texts[i] for i in order], data.labels[order])


def fit(
    train: Labelled,
    dev: Labelled,
    *,
    settings: Settings | None = None,
    embed: EmbedFn | None = None,
    feedback: Labelled | None = None,
) -> CheckworthinessModel:
    """A model fitted on `train` (and the desk's `feedback`, weighted); the mix of its two components and its
    threshold are chosen on `dev`."""
    from scipy.sparse import csr_matrix, hstack
    from sklearn.feature_extraction.text import TfidfVectorizer

    s = settings or Settings()
    base = _subset(train, s.sample, s.seed)
    extra = feedback if feedback is not None and len(feedback) else Labelled([], np.zeros(0, bool))
    repeats = s.feedback_weight if len(extra) else 0
    train = base
    for _ in range(repeats):
        train = train + extra
    word = TfidfVectorizer(
        ngram_range=s.word_ngrams, min_df=s.word_min_df, sublinear_tf=True, token_pattern=TOKEN_PATTERN
    )
    char = TfidfVectorizer(analyzer="char_wb", ngram_range=s.char_ngrams, min_df=s.char_min_df, sublinear_tf=True)
    x_train = hstack([word.fit_transform(train.texts), char.fit_transform(train.texts)]).tocsr()
    lr = _logistic(x_train, train.labels, s.tfidf_c, s.seed)
    n_word = len(word.vocabulary_)
    coef = lr.coef_.T.astype(np.float64)
    tfidf = {
        "word": Tfidf("word", s.word_ngrams, dict(word.vocabulary_), word.idf_),
        "char_wb": Tfidf("char_wb", s.char_ngrams, dict(char.vocabulary_), char.idf_),
    }
    components = [
        Component("tfidf", ["word", "char_wb"], 1.0, {"word": coef[:n_word], "char_wb": coef[n_word:]}, lr.intercept_)
    ]
    blocks: dict[str, object] = dict(tfidf)
    if s.embeddings and embed is not None:
        subset = _subset(base, s.embedding_sample, s.seed)
        for _ in range(repeats):
            subset = subset + extra
        vectors = embed(subset.texts)
        if s.joint:
            # One logistic regression over the TF-IDF features and the embedding (times `embedding_scale`, so that
            # its 384 numbers weigh against the ~120,000 sparse ones); the scale is folded into the coefficients.
            x_joint = x_train if subset.texts == train.texts else _tfidf_rows(word, char, subset.texts)
            joint = _logistic(
                hstack([x_joint, csr_matrix(vectors * s.embedding_scale)]).tocsr(), subset.labels, s.embedding_c, s.seed
            )
            w = joint.coef_.T.astype(np.float64)
            n_char = len(char.vocabulary_)
            coefs = {
                "word": w[:n_word],
                "char_wb": w[n_word : n_word + n_char],
                "embedding": w[n_word + n_char :] * s.embedding_scale,
            }
            components.append(Component("joint", ["word", "char_wb", "embedding"], 1.0, coefs, joint.intercept_))
        else:
            components.append(_embedding_component(vectors, subset.labels, s))
        blocks["embedding"] = embed(dev.texts)
    model = CheckworthinessModel(0.5, components, tfidf, embedder=embed)
    if len(components) == 2:
        model.card["embedding_prefix"] = s.embedding_prefix
        model.card["cascade_below"] = s.cascade_below
        # The mix with the best F1 on dev, each at its own best threshold; the higher weight of equals.
        tfidf_p, embedding_p = (c.probability(blocks, dev.texts) for c in components)
        best = (-1.0, 1.0)
        for w in s.mixes:
            mixed = w * tfidf_p + (1 - w) * embedding_p
            f1 = figures(dev.labels, mixed >= best_threshold(dev.labels, mixed)).f1
            if f1 >= best[0] - 1e-12:
                best = (f1, w)
        components[0].weight, components[1].weight = best[1], round(1 - best[1], 4)
        # The TF-IDF component stays even at weight 0: the cascade decides with it which sentences to embed.
        model.components = [c for c in components if c.weight > 0 or c is components[0]]
    dev_scores = model.score(dev.texts, embeddings=blocks.get("embedding"))
    model.threshold = best_threshold(dev.labels, dev_scores)
    if len(model.components) == 2 and s.cascade_above:
        lexical = model.components[0].probability(blocks, dev.texts)
        model.card["cascade_above"] = cascade_above(lexical, dev_scores, model.threshold)
    cap = min(model.threshold, rule_floor_cap(model))
    model.rule_floor = best_rule_floor(dev.labels, dev_scores, cap, model.threshold, *rule_flags(dev.texts))
    model.card["training"] = s.as_dict()
    return model


def cascade_above(lexical: np.ndarray, scores: np.ndarray, threshold: float) -> float:
    """The lowest bound (on a grid of 0.01, at least the threshold) such that every dev sentence the TF-IDF
    component scores at or above it is also flagged by the whole model: from there on, embedding it changes no
    decision on dev, so the worker skips it. 1.0 when there is no such bound below 1."""
    unflagged = lexical[scores < threshold]
    highest = float(unflagged.max()) if len(unflagged) else 0.0
    bound = max(threshold, np.floor(highest * 100 + 1e-9) / 100 + 0.01)
    return float(min(1.0, round(bound, 2)))


def rule_flags(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Which sentences the rules flag, posted as one article: (a figure, comparison or quote; a name)."""
    from suggestions import evaluation, finder
    from suggestions.gazetteer import common_words, package_gazetteer

    def find(body: str) -> list:
        return finder.find(body, names=package_gazetteer().with_names([]), words=common_words())

    others = evaluation.sentences_flagged(texts, find, kinds={finder.NUMBER, finder.COMPARISON})
    names = evaluation.sentences_flagged(texts, find, kinds={finder.NAME, finder.QUOTE})
    return np.array(others, dtype=bool), np.array(names, dtype=bool)


def panel_flags(scores: np.ndarray, threshold: float, rule_floor: float, others: np.ndarray, kept: np.ndarray):
    """What the panel flags (suggestions.detectors.statements.merge): the model's sentences, the rules' figures
    and comparisons (`others`) in sentences at or above the floor, and every name and quote (`kept`)."""
    return (scores >= threshold) | kept | (others & (scores >= rule_floor))


def rule_floor_cap(model: CheckworthinessModel) -> float:
    """The highest floor that keeps every figure and comparison labelled in the project's own texts
    (suggestions/evaluation/): the rules' figures there must not drop. Just below the lowest score of a sentence
    that holds one."""
    from suggestions import evaluation
    from suggestions.checkworthiness.sentences import sentence_spans

    lowest = 1.0
    for path in (evaluation.LABELS, evaluation.HELD_OUT):
        texts, _ = evaluation.load(path)
        for text in texts:
            spans = list(sentence_spans(text.body))
            wanted = {
                next((s, e) for s, e in spans if s <= label.start < e)
                for label in text.labels
                if label.kind in ("number", "comparison") and any(s <= label.start < e for s, e in spans)
            }
            if wanted:
                lowest = min(lowest, float(model([text.body[s:e] for s, e in wanted]).min()))
    return max(0.0, np.floor(lowest * 100) / 100 - 0.01)


def best_rule_floor(labels, scores, cap: float, threshold: float, others, kept) -> float:
    """The floor up to `cap` with the best F1 of the panel on these labels (the lowest of equals, so that the
    rules lose as little as they can)."""
    grid = np.round(np.arange(0.0, cap + 0.001, 0.01), 2)
    f1s = [figures(labels, panel_flags(scores, threshold, f, others, kept)).f1 for f in grid]
    return float(grid[int(np.argmax(f1s))])


def measure(model: CheckworthinessModel, data: dict[str, Labelled], threshold: float | None = None) -> dict:
    """Figures of the model alone at its threshold (or `threshold`) on each labelled set."""
    t = model.threshold if threshold is None else threshold
    return {name: figures(d.labels, model.score(d.texts) >= t) for name, d in data.items()}


def no_drop(before: dict[str, Figures], after: dict[str, Figures]) -> bool:
    """Whether the new model's F1 is at least the old one's on every development file (the feedback rule)."""
    return all(after[name].f1 >= before[name].f1 for name in before)


def format_figures(rows: dict[str, dict[str, Figures]]) -> str:
    """A table: one row per (what, set) with precision, recall and F1 of the check-worthy class."""
    lines = [f"{'':<22}{'set':<10}{'sentences':>10}{'check-worthy':>14}{'precision':>11}{'recall':>8}{'F1':>7}"]
    for what, sets in rows.items():
        for name, f in sets.items():
            lines.append(
                f"{what:<22}{name:<10}{f.n:>10}{f.positives:>14}{f.precision:>11.3f}{f.recall:>8.3f}{f.f1:>7.3f}"
            )
    return "\n".join(lines)
