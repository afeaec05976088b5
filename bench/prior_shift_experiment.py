"""Unsupervised label-shift (prior) adaptation per document, with the shipped check-worthiness model.

Saerens, Latinne & Decaestecker (2002), "Adjusting the outputs of a classifier to new a priori probabilities":
a document's sentence probabilities p_i, calibrated to the training prior pi, are moved to a new prior pi' by the
odds ratio (pi'/pi) / ((1-pi')/(1-pi)); pi' is estimated from the document's own unlabelled sentences, then the
fixed threshold (0.47) applies to the adjusted probabilities.

Variants:
- em: EM, pi' <- mean adjusted probability, until it converges;
- em+m: the same with the estimate shrunk toward pi by a pseudo-count of m sentences at pi
  (pi' <- (sum adjusted + m pi) / (n + m)): a document of n << m sentences barely moves;
- mean(+m): one step, pi' = mean p (shrunk the same way), no EM.

Documents: a whole file (dev.tsv, devtest.tsv), or its consecutive chunks of 30 and 100 sentences (newsroom-sized
articles), F1 over the chunks pooled. Every choice (variant, reference prior, pseudo-count) is made on dev.tsv;
devtest.tsv is only reported.

    .venv/bin/python bench/prior_shift_experiment.py --dataset ../shared/data/checkworthiness

No Django. Scoring dev+devtest embeds ~1,350 sentences (1-3 minutes on one thread); the scores are kept in
--cache (default /tmp/prior_shift_scores.json) so that a second run costs nothing.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from suggestions.checkworthiness import training
from suggestions.checkworthiness.model import DEFAULT_DIRECTORY, CheckworthinessModel

CHUNKS = (30, 100)
PSEUDO_COUNTS = (0, 10, 15, 25, 35, 50, 75, 100, 200, 400)
OFFSETS = 5  # chunkings per size for the choice: the first chunk cut short by 0, size/5, ... sentences
TRAIN_SAMPLE = 600  # train.tsv sentences scored for the model's mean probability on its own training data


def shift(p: np.ndarray, pi: float, new: float) -> np.ndarray:
    """Posteriors calibrated to prior `pi`, moved to prior `new` (Bayes' rule with the odds ratio)."""
    ratio = (new / pi) / ((1 - new) / (1 - pi))
    return ratio * p / (ratio * p + (1 - p))


def estimate_prior(p: np.ndarray, pi: float, *, method: str = "em", pseudo: float = 0.0, tol=1e-7, steps=1000):
    """The document's prior: EM (Saerens et al.) or the mean probability, shrunk toward `pi` by `pseudo` sentences."""
    p = np.clip(np.asarray(p, dtype=float), 1e-6, 1 - 1e-6)
    n = len(p)
    if n == 0:
        return pi
    if method == "mean":
        return (p.sum() + pseudo * pi) / (n + pseudo)
    new = pi
    for _ in range(steps):
        estimate = (shift(p, pi, new).sum() + pseudo * pi) / (n + pseudo)
        estimate = min(max(estimate, 1e-4), 1 - 1e-4)
        if abs(estimate - new) < tol:
            return estimate
        new = estimate
    return new


def adapt(p: np.ndarray, pi: float, **options) -> np.ndarray:
    p = np.asarray(p, dtype=float)
    return shift(np.clip(p, 1e-6, 1 - 1e-6), pi, estimate_prior(p, pi, **options))


def chunks(n: int, size: int, offset: int = 0) -> list[slice]:
    """Consecutive documents of `size` sentences; with `offset`, the first one holds only `offset` sentences."""
    cuts = [0, *range(offset or size, n, size), n]
    return [slice(a, b) for a, b in itertools.pairwise(cuts) if b > a]


def scores(dataset: Path, cache: Path) -> dict:
    if cache.exists():
        return json.loads(cache.read_text())
    model = CheckworthinessModel.load(DEFAULT_DIRECTORY)
    out = {"threshold": model.threshold}
    for split in (*training.DEV_SPLITS, "train"):
        data = training.read_tsv(dataset / f"{split}.tsv")
        texts, labels = data.texts, data.labels
        if split == "train":
            pick = np.sort(np.random.default_rng(0).choice(len(texts), TRAIN_SAMPLE, replace=False))
            out["train_rate"] = float(labels.mean())
            texts, labels = [texts[i] for i in pick], labels[pick]
        started = time.process_time()
        p = model.score(texts)  # cascade on: as the product scores English
        print(f"scored {split}: {len(texts)} sentences, {time.process_time() - started:.0f} s CPU", file=sys.stderr)
        out[split] = {"p": [float(x) for x in p], "y": [bool(y) for y in labels]}
    cache.write_text(json.dumps(out))
    return out


def evaluate(p, y, threshold, size, offset=0, **adaptation) -> training.Figures:
    """F1 with documents of `size` sentences (None: the whole file), adapted when `adaptation` holds pi."""
    flagged = np.zeros(len(p), dtype=bool)
    for part in chunks(len(p), size or len(p), offset):
        q = adapt(p[part], **adaptation) if adaptation else p[part]
        flagged[part] = q >= threshold
    return training.figures(y, flagged)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dataset", type=Path, default=Path("../shared/data/checkworthiness"))
    parser.add_argument("--cache", type=Path, default=Path("/tmp/prior_shift_scores.json"))
    args = parser.parse_args()
    data = scores(args.dataset, args.cache)
    threshold = data["threshold"]
    sets = {s: (np.array(data[s]["p"]), np.array(data[s]["y"])) for s in training.DEV_SPLITS}
    references = {
        "train rate": data["train_rate"],
        "mean p train sample": float(np.mean(data["train"]["p"])),
        "mean p dev": float(np.mean(sets["dev"][0])),
    }
    print(f"threshold {threshold}; sentences: " + ", ".join(f"{s} {len(p)}" for s, (p, _) in sets.items()))
    for name, value in references.items():
        print(f"reference prior pi, {name}: {value:.4f}")
    for s, (p, y) in sets.items():
        print(f"{s}: true rate {y.mean():.3f}, mean p {p.mean():.3f}")
    sizes = (None, *reversed(CHUNKS))
    header = "".join(f"{s + ' ' + (str(z) if z else 'file'):>24}" for s in training.DEV_SPLITS for z in sizes)
    print(f"\n{'variant':<40}{header}")
    print(f"{'':<40}" + "".join(f"{'P     R     F1':>24}" for _ in training.DEV_SPLITS for _ in sizes))

    def row(label, **adaptation):
        cells, f1s = "", {}
        for s, (p, y) in sets.items():
            for size in sizes:
                f = evaluate(p, y, threshold, size, **adaptation)
                cells += f"{f.precision:>12.3f}{f.recall:>6.3f}{f.f1:>6.3f}"
                f1s[(s, size, "one")] = f.f1
                if size is None:
                    f1s[(s, size)] = f.f1
                else:  # for the choice: the mean over OFFSETS chunkings, less noisy than one
                    offsets = [k * size // OFFSETS for k in range(OFFSETS)]
                    each = [evaluate(p, y, threshold, size, o, **adaptation).f1 for o in offsets]
                    f1s[(s, size)] = float(np.mean(each))
        f1s_text = "".join(f"{f1s[(s, z)]:>7.3f}" for s in training.DEV_SPLITS for z in sizes)
        print(f"{label:<40}{cells}   |{f1s_text}")
        return f1s

    results = {"unadapted": row("unadapted")}
    for ref_name, pi in references.items():
        for method in ("em", "mean"):
            for m in PSEUDO_COUNTS:
                label = f"{method} m={m} pi={pi:.3f} ({ref_name})"
                results[label] = row(label, pi=pi, method=method, pseudo=m)
    # Reference only, never used to choose: each document moved to its own true rate (an oracle).
    for s, (p, y) in sets.items():
        pi = references["mean p dev"]
        for size in sizes:
            flagged = np.zeros(len(p), dtype=bool)
            for part in chunks(len(p), size or len(p)):
                rate = min(max(y[part].mean(), 0.01), 0.99)
                flagged[part] = shift(np.clip(p[part], 1e-6, 1 - 1e-6), pi, rate) >= threshold
            f = training.figures(y, flagged)
            figures = f"P {f.precision:.3f} R {f.recall:.3f} F1 {f.f1:.3f}"
            print(f"oracle (true rate per doc, reference only) {s} {size or 'file'}: {figures}")
    # Estimated priors per document, to see how far each variant moves them.
    for s, (p, y) in sets.items():
        pi = references["mean p dev"]
        for size in sizes:
            parts = chunks(len(p), size or len(p))
            true = np.array([y[x].mean() for x in parts])
            for method, m in (("em", 0), ("em", 100), ("mean", 0), ("mean", 100)):
                est = np.array([estimate_prior(p[x], pi, method=method, pseudo=m) for x in parts])
                corr = np.corrcoef(true, est)[0, 1] if len(parts) > 2 else float("nan")
                print(
                    f"prior estimate {s} {size or 'file'} {method} m={m}: mean |est-true| "
                    f"{np.abs(est - true).mean():.3f}, corr {corr:.2f}, est {est.mean():.3f} true {true.mean():.3f}"
                )
    # The choice, on dev.tsv only: the highest mean dev F1 over the file and its chunkings of 100 and 30 (five
    # chunkings each: one alone moves by a sentence or two). Equal scores keep the model unadapted.
    print("(after |: F1 on the file, and the mean F1 over 5 chunkings of 100 and of 30; dev then devtest)")
    for rule, key in (
        ("5 chunkings per size", lambda z: ("dev", z)),
        ("1 chunking (offset 0)", lambda z: ("dev", z, "one")),
    ):
        scored = {k: float(np.mean([v[key(z)] for z in sizes])) for k, v in results.items()}
        best = max(scored, key=lambda k: (round(scored[k], 4), k == "unadapted"))
        print(f"\nchosen on dev, mean dev F1 over file/100/30, {rule}: {best} {scored[best]:.4f}")
        for k, v in sorted(scored.items(), key=lambda kv: -kv[1])[:6]:
            print(f"  {v:.4f}  {k}")


if __name__ == "__main__":
    main()
