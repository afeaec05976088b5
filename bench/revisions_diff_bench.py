"""Time annotations.revisions_diff.render_diff on big articles with many edits.

    .venv/bin/python bench/revisions_diff_bench.py            # median of 7 runs per case
    .venv/bin/python bench/revisions_diff_bench.py --runs 15 --seed 3

Main case: a seeded ~100 KB article of generated news sentences (annotations/demo/newsroom_text.py) in
paragraphs, 10% of its words edited (replaced, deleted or with a word inserted after them, spread over the
whole text, so nearly every paragraph changes), a paragraph moved and one inserted, and 1,000 claims marked.
Target: under 200 ms. The scaling rows time 25, 50, 100, 200 and 400 KB with the same edit density; a
linear diff takes about twice as long for twice the text (the old whole-text word diff took 0.14 s at 5 KB,
0.64 s at 10 KB and 3.4 s at 20 KB). Every output is checked: without <ins> it is the old text, without
<del> the new one.
"""

import argparse
import html
import random
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from annotations.demo import newsroom_text
from annotations.revisions_diff import render_diff

WORD = re.compile(r"\w+")
VOCABULARY = "budget figure report council minister growth river harbour census tariff verdict source".split()


def article(rng: random.Random, size: int) -> str:
    next_sentence = newsroom_text.sentences(rng, today_year=2026)
    text, _ = newsroom_text.body(rng, next_sentence, min_chars=size, max_chars=size + 2_000)
    return text


def edit(rng: random.Random, text: str, share: float) -> tuple[str, int]:
    words = list(WORD.finditer(text))
    chosen = sorted(rng.sample(range(len(words)), int(len(words) * share)))
    out, pos = [], 0
    for i in chosen:
        match = words[i]
        out.append(text[pos : match.start()])
        action = rng.random()
        if action < 0.6:
            out.append(rng.choice(VOCABULARY))
        elif action < 0.8:
            out.append(match.group() + " " + rng.choice(VOCABULARY))
        # else: deleted
        pos = match.end()
    out.append(text[pos:])
    edited = "".join(out)
    paragraphs = edited.split("\n\n")
    moved = paragraphs.pop(rng.randrange(len(paragraphs)))
    paragraphs.insert(rng.randrange(len(paragraphs)), moved)
    paragraphs.insert(rng.randrange(len(paragraphs)), "An entirely new paragraph, added in this revision.")
    return "\n\n".join(paragraphs), len(chosen)


def claims(rng: random.Random, text: str, n: int) -> list[tuple[int, int]]:
    spans = []
    for _ in range(n):
        start = rng.randrange(len(text) - 200)
        spans.append((start, start + rng.randint(15, 150)))
    return spans


def strip(markup: str, drop: str) -> str:
    markup = re.sub(rf"<{drop}>.*?</{drop}>", "", markup, flags=re.S)
    return html.unescape(re.sub(r"</?(ins|del|mark)[^>]*>", "", markup))


def time_case(rng, size, runs, n_claims):
    old = article(rng, size)
    new, edited_words = edit(rng, old, 0.10)
    spans = claims(rng, new, n_claims)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        out = render_diff(old, new, spans)
        times.append(time.perf_counter() - started)
    assert strip(out, "ins") == old and strip(out, "del") == new, "the diff does not reproduce both texts"
    return len(new), edited_words, statistics.median(times), min(times), out.count("<ins>"), out.count("<del>")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    print(f"{'case':<28} {'chars':>8} {'edited words':>13} {'median':>9} {'min':>9} {'ins':>6} {'del':>6}")
    size, words, median, best, ins, dels = time_case(rng, 100_000, args.runs, 1_000)
    print(
        f"{'100 KB, 10% words (main)':<28} {size:>8} {words:>13} {median * 1000:>7.1f}ms {best * 1000:>7.1f}ms "
        f"{ins:>6} {dels:>6}"
    )
    main_median = median
    base = None
    for kb in (25, 50, 100, 200, 400):
        size, words, median, best, ins, dels = time_case(rng, kb * 1000, args.runs, kb * 10)
        base = base or median / kb
        print(
            f"{f'{kb} KB, 10% words':<28} {size:>8} {words:>13} {median * 1000:>7.1f}ms {best * 1000:>7.1f}ms {ins:>6} "
            f"{dels:>6}   x{median / kb / base:.2f} per KB vs 25 KB"
        )
    print(f"main case {'meets' if main_median < 0.2 else 'MISSES'} the 200 ms target")


if __name__ == "__main__":
    main()
