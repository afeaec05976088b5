"""Benchmark the analysis with the check-worthiness model: what the worker computes for one article
(suggestions.analysis.find: the rules, the model's score for every sentence, the merge).

Run from the project root:
    .venv/bin/python bench/checkworthiness_bench.py              # a 2,000-word article, 3 runs
    .venv/bin/python bench/checkworthiness_bench.py --megabyte   # also a 1 MB article, in a child process

The articles are made of unique sentences (CheckThat! training sentences, then the shipped evaluation texts'
paragraphs), so the model's per-sentence memory cannot make a run cheaper than a fresh article; each run starts
with an empty memory. Target: a 2,000-word article in at most 5 seconds; the 1 MB article finishes, and its peak
resident memory (printed) stays bounded: sentences are embedded one at a time.
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
os.environ.setdefault("DEBUG", "1")


def sentences() -> list[str]:
    from django.conf import settings

    from suggestions import evaluation
    from suggestions.checkworthiness import training

    out = []
    for path in (evaluation.LABELS, evaluation.HELD_OUT):
        for text in evaluation.load(path)[0]:
            out += text.body.split("\n\n")
    train = Path(settings.CHECKWORTHINESS_DATA) / "train.tsv"
    if train.exists():
        out += training.read_tsv(train).texts
    return list(dict.fromkeys(out))


def article(words: int = 0, chars: int = 0) -> str:
    """Paragraphs of five unique sentences until the article has `words` words or `chars` code points."""
    pool, out, n_words, n_chars = sentences(), [], 0, 0
    for i in range(0, len(pool), 5):
        paragraph = " ".join(pool[i : i + 5])
        out.append(paragraph)
        n_words += len(paragraph.split())
        n_chars += len(paragraph) + 2
        if (words and n_words >= words) or (chars and n_chars >= chars):
            break
    return "\n\n".join(out)


def run(body: str) -> tuple[float, float, int, int]:
    """(wall seconds, CPU seconds, sentences, suggestions) of one analysis with an empty sentence memory."""
    from suggestions import analysis
    from suggestions.checkworthiness.sentences import sentence_spans

    model = analysis.checkworthiness_model()
    model._remembered.clear()
    wall, cpu = time.perf_counter(), time.process_time()
    found = analysis.find(body, [], language="en")
    return time.perf_counter() - wall, time.process_time() - cpu, len(list(sentence_spans(body))), len(found)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=3, help="runs of the 2,000-word case")
    parser.add_argument("--megabyte", action="store_true", help="also analyse a 1 MB article in a child process")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    import django

    django.setup()
    from suggestions import analysis

    if args.child:
        body = article(chars=1_000_000)
        wall, cpu, n, found = run(body)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"1 MB article ({len(body):,} code points, {n:,} sentences): {wall:.0f} s wall, {cpu:.0f} s CPU, "
            f"{found:,} suggestions, peak RSS {peak:.0f} MiB"
        )
        return

    model = analysis.checkworthiness_model()
    start = time.perf_counter()
    model(["Load the embedding engine first."])
    print(
        f"Model: {[c.name for c in model.components]}, threshold {model.threshold:.2f}; "
        f"first call (loads the engine) {time.perf_counter() - start:.2f} s; load average {os.getloadavg()[0]:.1f}"
    )
    body = article(words=2000)
    results = [run(body) for _ in range(args.n)]
    walls = [r[0] for r in results]
    n, found = results[0][2], results[0][3]
    print(
        f"2,000-word article ({len(body.split()):,} words, {n} sentences, {found} suggestions): "
        f"median {statistics.median(walls):.2f} s wall (min {min(walls):.2f}), "
        f"{statistics.median(r[1] for r in results):.2f} s CPU; target <= 5 s"
    )
    if args.megabyte:
        child = subprocess.run(
            [sys.executable, __file__, "--child"], capture_output=True, text=True, check=True, env=os.environ
        )
        print(child.stdout.strip())


if __name__ == "__main__":
    main()
