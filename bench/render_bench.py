"""Benchmark annotations.rendering.render_article.

Run from the project root:  .venv/bin/python bench/render_bench.py [-n 20]

Everything is seeded, so runs are comparable. The main case is a ~50 KB
article (paragraphs with some emoji and Persian words) with 1,000 claims of
5-400 characters placed at random, so many overlap and cross. Target: under
100 ms per render on 2 cores (the renderer is single-threaded).

The scaling section grows spans and text together (same claim density), so a
linear-ish renderer shows a ratio near 10 for 10x the input, and a quadratic
one near 100. It also adds 10x the spans on the same text: there every claim
crosses ~10x more others, so the output itself grows faster than 10x (the
nesting rule forces more split pieces); the time per output byte shows the
renderer keeps pace with its output.
"""

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from annotations.rendering import Span, render_article

WORDS = (
    "the minister said on friday that talks with tehran and moscow were progressing well although "
    "officials declined to give figures for trade which analysts estimate at several billion dollars "
    "a year according to customs data published last month"
).split()
EXTRA = ["😀", "🇮🇷", "👩‍👩‍👧", "تهران", "مسکو", "۱۴۰۳", "café", "naïve"]


def make_body(target_chars: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    paras, size = [], 0
    while size < target_chars:
        words = [rng.choice(EXTRA) if rng.random() < 0.03 else rng.choice(WORDS) for _ in range(rng.randint(40, 140))]
        para = " ".join(words).capitalize() + "."
        paras.append(para)
        size += len(para) + 2
    return "\n\n".join(paras)


def make_spans(body: str, count: int, seed: int = 2) -> list[Span]:
    rng = random.Random(seed)
    spans = []
    for i in range(count):
        length = rng.randint(5, 400)
        start = rng.randint(0, len(body) - length)
        spans.append(Span(i + 1, start, start + length, rng.choice(["kind-factual", "kind-number", "kind-quote"])))
    return spans


def timed(body: str, spans: list[Span], runs: int) -> tuple[float, float, str]:
    """Median and min wall time in ms over `runs` renders, and the last output."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        html = render_article(body, spans)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), min(times), html


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--runs", type=int, default=20, help="renders per case (default 20)")
    args = parser.parse_args()

    body = make_body(50_000)
    spans = make_spans(body, 1_000)
    median, best, html = timed(body, spans, args.runs)
    pieces = html.count("<mark ")
    print(f"python {sys.version.split()[0]}, {args.runs} runs per case")
    print(
        f"main: {len(body):,} chars ({len(body.encode()):,} bytes UTF-8), {len(spans):,} claims, "
        f"{pieces:,} mark pieces, {len(html):,} chars out"
    )
    print(f"  median {median:.1f} ms, min {best:.1f} ms  (target < 100 ms)")

    print("scaling (ratios use the min, which is least disturbed by other load):")
    rows = [
        ("50k chars, 1k claims", make_body(50_000), 1_000),
        ("500k chars, 10k claims", make_body(500_000), 10_000),
        ("50k chars, 10k claims", body, 10_000),
    ]
    results = []
    for label, text, count in rows:
        case_spans = make_spans(text, count)
        med, low, out = timed(text, case_spans, max(5, args.runs // 2))
        results.append((low, len(out)))
        print(
            f"  {label:<24} median {med:6.1f} ms, min {low:6.1f} ms  {out.count('<mark '):>8,} pieces  "
            f"{len(out) / 1e6:6.2f} M chars out  {low * 1e6 / len(out):5.1f} ns/char out"
        )
    (t1, o1), (t2, o2), (t3, o3) = results
    print(f"  same density, 10x input: time x{t2 / t1:.1f}, output x{o2 / o1:.1f} (quadratic would be ~x100)")
    print(f"  same text, 10x claims:   time x{t3 / t1:.1f}, output x{o3 / o1:.1f} (time follows output)")


if __name__ == "__main__":
    main()
