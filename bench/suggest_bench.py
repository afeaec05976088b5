"""Benchmark the suggestion finder (suggestions.finder.find) on a ~50 KB article.

Run from the project root:  .venv/bin/python bench/suggest_bench.py [-n 20]

The article is made of the paragraphs of the shipped evaluation texts (suggestions/evaluation/ and the demo
article), shuffled with a fixed seed and repeated until it reaches 50,000 code points, so it is dense with
numbers, quotes, comparisons and names, misspelt and not. Target: under 1 second per analysis on 2 cores.

It times three things separately:
- the analysis itself, with the gazetteer loaded (what each job after a worker's first pays);
- loading the gazetteer from its cache file (a worker's first job);
- building the gazetteer from the data packages (the first job on a machine, once per package version).
A 10x longer article shows how the time grows with the text.
"""

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from suggestions import evaluation, finder, gazetteer


def article(size: int, seed: int = 6) -> str:
    paragraphs = []
    for path in (evaluation.LABELS, evaluation.HELD_OUT):
        for text in evaluation.load(path)[0]:
            paragraphs += text.body.split("\n\n")
    rng = random.Random(seed)
    out, length = [], 0
    while length < size:
        rng.shuffle(paragraphs)
        for p in paragraphs:
            out.append(p)
            length += len(p) + 2
            if length >= size:
                break
    return "\n\n".join(out)


def timed(fn, n: int) -> tuple[float, float, object]:
    times, result = [], None
    for _ in range(n):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times), result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=20, help="runs per case")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as cache_dir:
        import os

        os.environ["FACTCHECK_CACHE_DIR"] = cache_dir
        gazetteer.package_gazetteer.cache_clear()
        start = time.perf_counter()
        gazetteer.package_gazetteer()
        built = time.perf_counter() - start
        gazetteer.package_gazetteer.cache_clear()
        start = time.perf_counter()
        names = gazetteer.package_gazetteer()
        cached = time.perf_counter() - start
    start = time.perf_counter()
    words = gazetteer.common_words()
    word_list = time.perf_counter() - start
    names = names.with_names(["Pezeshkian", "Mirziyoyev", "Tokayev", "Araghchi", "Erdoğan"])
    print(
        f"gazetteer: built from the packages in {built:.2f} s, loaded from its cache in {cached:.2f} s; word list "
        f"{word_list:.2f} s"
    )

    for size in (50_000, 500_000):
        text = article(size)
        runs = args.n if size == 50_000 else max(3, args.n // 5)
        median, best, found = timed(lambda text=text: finder.find(text, names=names, words=words), runs)
        kinds = {kind: sum(f.kind == kind for f in found) for kind in finder.KINDS}
        print(
            f"{len(text):>8,} code points: median {median * 1000:7.1f} ms, min {best * 1000:7.1f} ms, {len(found):,} "
            f"findings {kinds}"
        )


if __name__ == "__main__":
    main()
