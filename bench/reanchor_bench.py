"""Re-anchoring benchmark: how long `reanchor` takes for a revision of a long article.

Builds a seeded, deterministic article (paragraphs of sentences drawn from a Zipf-distributed vocabulary,
with some Persian, accented and emoji words), puts claims on it, applies scattered edits (insertions,
deletions, replacements and paragraph moves, some inside claimed text), and times `reanchor` over the median
of several runs, for four such articles. Then it joins two and four of them into one article and compares
the time with the sum of the parts' times: about x1 if the cost is linear in the article, x2 and x4 if
it were quadratic.

    .venv/bin/python bench/reanchor_bench.py [--runs N] [--seed S]
"""

import argparse
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from annotations.reanchoring import reanchor, selector_for

SYLLABLES = [consonant + vowel for consonant in "bdklmnrstv" for vowel in "aeio"]
EXTRA_WORDS = [*"تهران پزشکیان روسیه café naïve São Zürich 👍 🇮🇷 3.2% 2024 £40m".split(), "e\u0301te\u0301"]


def make_vocabulary(rng: random.Random, size: int = 3000) -> list[str]:
    lengths = (1, 1, 2, 2, 2, 3, 3, 4)  # syllables per word
    words = {"".join(rng.choice(SYLLABLES) for _ in range(rng.choice(lengths))) for _ in range(size * 2)}
    vocabulary = sorted(words)[:size]
    rng.shuffle(vocabulary)
    return vocabulary + EXTRA_WORDS


def make_article(rng: random.Random, vocabulary: list[str], size: int) -> str:
    weights = [1 / (rank + 1) for rank in range(len(vocabulary))]  # Zipf: a few words are very common

    def sentence() -> str:
        words = rng.choices(vocabulary, weights, k=rng.randint(6, 28))
        text = " ".join(words)
        if rng.random() < 0.2:
            cut = rng.randint(1, len(words) - 1)
            text = " ".join(words[:cut]) + ", " + " ".join(words[cut:])
        return text[0].upper() + text[1:] + rng.choice(".....?!")

    paragraphs, total = [], 0
    while total < size:
        paragraph = " ".join(sentence() for _ in range(rng.randint(2, 6)))
        paragraphs.append(paragraph)
        total += len(paragraph) + 2
    return "\n\n".join(paragraphs)[:size].rstrip()


def make_claims(rng: random.Random, text: str, count: int) -> list[tuple[int, int, int, object]]:
    starts = [i for i in range(1, len(text)) if text[i - 1] == " " and text[i] != " "]
    claims = []
    for claim_id in range(count):
        start = rng.choice(starts)
        end = min(len(text), start + rng.randint(15, 150))
        while end < len(text) and text[end] not in " \n":
            end += 1
        claims.append((claim_id, start, end, selector_for(text, start, end)))
    return claims


class Revision:
    """Applies edits one at a time, following where each claim's text truly goes.

    `truth[claim_id]` is ("same", start, end) while no edit has touched the claim's text, ("edited",
    start, end) after one small edit inside it, and None once anything else happened to it.
    """

    def __init__(self, text: str, claims):
        self.text = text
        self.truth: dict[int, tuple[str, int, int] | None] = {c: ("same", s, e) for c, s, e, _ in claims}

    def replace(self, lo: int, hi: int, new: str, inside: int | None = None) -> None:
        delta = len(new) - (hi - lo)
        for claim_id, span in self.truth.items():
            if span is None:
                continue
            how, start, end = span
            if claim_id == inside:
                self.truth[claim_id] = ("edited" if how == "same" else None, start, end + delta)
            elif hi <= start and (lo < hi or lo <= start):  # entirely before (an insertion at start is before)
                self.truth[claim_id] = (how, start + delta, end + delta)
            elif lo < end:
                self.truth[claim_id] = None
        self.text = self.text[:lo] + new + self.text[hi:]

    def move(self, lo: int, hi: int, to: int) -> None:
        """Cut text[lo:hi] and paste it at `to` (an offset in the text after the cut)."""
        piece = self.text[lo:hi]
        carried = {c: s for c, s in self.truth.items() if s is not None and lo <= s[1] and s[2] <= hi}
        self.replace(lo, hi, "")
        self.replace(to, to, piece)
        for claim_id, (how, start, end) in carried.items():
            self.truth[claim_id] = (how, to + start - lo, to + end - lo)


def make_edits(rng: random.Random, revision: Revision, claims, count: int, vocabulary: list[str]) -> None:
    """`count` edits at random places: insertions, deletions, replacements, paragraph moves, small edits
    inside claimed text, and deletions of a claim with its surroundings."""

    def phrase(n: int) -> str:
        return " ".join(rng.choices(vocabulary[:500], k=n))

    done = 0
    while done < count:
        text = revision.text
        kind = rng.choice(("insert", "delete", "replace", "inside", "inside", "delete-claim", "move"))
        if kind in ("inside", "delete-claim"):
            claim_id = rng.randrange(len(claims))
            span = revision.truth[claim_id]
            if span is None or span[0] != "same" or span[2] - span[1] < 20:
                continue
            _, start, end = span
            if kind == "inside":  # one to three characters changed, away from the ends
                lo = rng.randint(start + 3, end - 6)
                hi, replacement = lo + rng.randint(0, 3), rng.choice(("", "x", "ab", "ée", "9"))
                if text[lo:hi] == replacement:
                    continue
                revision.replace(lo, hi, replacement, inside=claim_id)
            else:
                revision.replace(max(0, start - rng.randint(40, 200)), min(len(text), end + rng.randint(40, 200)), "")
        elif kind == "move":  # a whole paragraph to another paragraph break
            breaks = [i for i in range(len(text) - 1) if text[i : i + 2] == "\n\n"]
            if len(breaks) < 3:
                continue
            i = rng.randrange(len(breaks) - 1)
            lo, hi = breaks[i] + 2, breaks[i + 1] + 2
            after = [b + 2 for b in breaks if b + 2 < lo or b + 2 > hi]
            to = rng.choice(after)
            revision.move(lo, hi, to if to < lo else to - (hi - lo))
        elif kind == "insert":
            at = rng.randrange(len(text))
            revision.replace(at, at, " " + phrase(rng.randint(3, 30)) + ". ")
        elif kind == "delete":
            lo = rng.randrange(len(text))
            revision.replace(lo, min(len(text), lo + rng.randint(10, 300)), "")
        else:
            lo = rng.randrange(len(text))
            revision.replace(lo, min(len(text), lo + rng.randint(3, 60)), phrase(rng.randint(1, 8)))
        done += 1


def scenario(seed: int, size: int, claims_count: int, edits_count: int, vocabulary: list[str]):
    rng = random.Random(seed)
    old = make_article(rng, vocabulary, size)
    claims = make_claims(rng, old, claims_count)
    revision = Revision(old, claims)
    make_edits(rng, revision, claims, edits_count, vocabulary)
    return old, revision.text, claims, revision.truth


def check(results, truth) -> str:
    """How the results compare with where the claims' text truly went."""
    same = same_right = edited = edited_right = 0
    for result in results:
        span = truth[result.claim_id]
        if span is None:
            continue
        how, start, end = span
        if how == "same":
            same += 1
            same_right += (result.start, result.end) == (start, end) and result.state in ("exact", "moved")
        else:
            # A small edit inside: fuzzy, on the edited text give or take a character at either end.
            edited += 1
            edited_right += result.state == "fuzzy" and abs(result.start - start) <= 1 and abs(result.end - end) <= 1
    return f"untouched {same_right}/{same} at their true offsets, edited inside {edited_right}/{edited} fuzzy there"


def combine(parts):
    """One article made of several independent ones, in order, with the claims and truths shifted."""
    old, new, claims, truth = "", "", [], {}
    for part_old, part_new, part_claims, part_truth in parts:
        if old:
            old, new = old + "\n\n", new + "\n\n"
        for claim_id, start, end, _ in part_claims:
            key = len(claims)
            claims.append((key, len(old) + start, len(old) + end, None))
            span = part_truth[claim_id]
            truth[key] = None if span is None else (span[0], len(new) + span[1], len(new) + span[2])
        old, new = old + part_old, new + part_new
    # Context crosses the joins, so the selectors are taken again from the whole.
    claims = [(key, start, end, selector_for(old, start, end)) for key, start, end, _ in claims]
    return old, new, claims, truth


def measure(old: str, new: str, claims, runs: int):
    """Median wall-clock and CPU milliseconds; CPU time is what other processes on the machine disturb least."""
    wall, cpu = [], []
    for _ in range(runs):
        began, began_cpu = time.perf_counter(), time.process_time()
        results = reanchor(old, new, claims)
        wall.append(time.perf_counter() - began)
        cpu.append(time.process_time() - began_cpu)
    return statistics.median(wall) * 1000, statistics.median(cpu) * 1000, results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()

    print(f"reanchor(): median of {args.runs} runs, seeds {args.seed}..{args.seed + 3}; CPU time in brackets")
    vocabulary = make_vocabulary(random.Random(args.seed))  # shared, so the parts read alike
    parts = [scenario(args.seed + i, 100_000, 1000, 50, vocabulary) for i in range(4)]
    alone = []
    for i, part in enumerate(parts):
        ms, cpu_ms, results = measure(*part[:3], args.runs)
        alone.append(cpu_ms)
        states = Counter(r.state for r in results)
        counts = ", ".join(f"{state} {states.get(state, 0)}" for state in ("exact", "moved", "fuzzy", "orphaned"))
        print(
            f"{len(part[0]) // 1000:4d} KB, 1000 claims, 50 edits (seed {args.seed + i}): "
            f"{ms:6.1f} ms ({cpu_ms:6.1f} ms CPU)"
        )
        print(f"      {counts}; {check(results, part[3])}")
    print("Scaling: the same articles joined into one, against the sum of their times alone (linear: x1.0)")
    for k in (2, 4):
        old, new, claims, truth = combine(parts[:k])
        ms, cpu_ms, results = measure(old, new, claims, args.runs)
        print(
            f"{len(old) // 1000:4d} KB, {len(claims)} claims, {50 * k} edits: {ms:6.1f} ms ({cpu_ms:6.1f} ms CPU)"
            f"  x{cpu_ms / sum(alone[:k]):.2f} the sum of its parts, x{cpu_ms / alone[0]:.2f} the first"
        )
        print(f"      {check(results, truth)}")
    print("Target: 100 KB and 1,000 claims under 1,000 ms. Quadratic cost would be x2 and x4 the sum of the parts.")


if __name__ == "__main__":
    main()
