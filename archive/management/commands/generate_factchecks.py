"""Generate a large archive of imported fact-checks for benchmarks: seeded ClaimReview JSON through the real import."""

import json
import random
import time

from django.core.management.base import BaseCommand

from archive import services

WORDS = (
    "president minister government parliament election vote tax budget inflation unemployment economy bank rate "
    "percent million billion vaccine virus covid hospital doctor school teacher police crime prison border migrant "
    "refugee war army soldier missile drone oil gas price petrol electricity climate flood drought wildfire heat "
    "summit treaty sanction export import grain wheat harvest farmer factory job wage pension protest strike court "
    "judge law ban video photo post viral claim hoax fake celebrity singer actor football olympic city capital "
    "river lake island airport railway bridge road car bus train ship plane space moon satellite internet phone "
    "bitcoin market stock company chinese russian american european african indian iranian turkish german french"
).split()
NAMES = (
    "Kazan Ashgabat Tehran Moscow Berlin Paris Lagos Nairobi Delhi Karachi Ankara Baku Tbilisi Almaty Astana Tashkent "
    "Biden Trump Putin Modi Erdogan Macron Scholz Pezeshkian Obama Clinton Harris Musk Gates Zelensky"
).split()


def statement(rng: random.Random, i: int) -> tuple[str, str]:
    words = rng.sample(WORDS, rng.randint(6, 12))
    words.insert(rng.randrange(len(words)), rng.choice(NAMES))
    if rng.random() < 0.5:
        words.insert(rng.randrange(len(words)), str(rng.randint(2, 2000)))
    words.insert(rng.randrange(len(words)), f"w{i % 50_000}")  # a rarer word, as real claims have
    claim = " ".join(words).capitalize() + "."
    return claim, " ".join(rng.sample(words, min(5, len(words)))).title() + "?"


class Command(BaseCommand):
    help = "Import N generated fact-checks (seeded) through the ClaimReview import, in batches; prints the rate."

    def add_arguments(self, parser):
        parser.add_argument("n", type=int)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--batch", type=int, default=10_000)
        parser.add_argument("--start", type=int, default=0, help="number of the first (for adding more)")

    def handle(self, *args, n: int, seed: int, batch: int, start: int, **options):
        rng = random.Random(seed + start)
        started, done = time.perf_counter(), 0
        for first in range(start, start + n, batch):
            items = []
            for i in range(first, min(first + batch, start + n)):
                claim, headline = statement(rng, i)
                items.append(
                    {
                        "@type": "ClaimReview",
                        "url": f"https://generated.example/{i}",
                        "claimReviewed": claim,
                        "name": headline,
                        "inLanguage": "en",
                        "datePublished": f"20{10 + i % 15}-0{1 + i % 9}-1{i % 10}",
                        "reviewRating": {"alternateName": rng.choice(["False", "True", "Misleading"])},
                    }
                )
            result = services.fact_checks_import(data=json.dumps(items))
            done += result.created + result.updated + result.unchanged
            rate = done / (time.perf_counter() - started)
            self.stderr.write(f"{done} of {n} imported ({rate:.0f} a second)")
        self.stdout.write(f"Imported {done} fact-checks in {time.perf_counter() - started:.0f} s ({rate:.0f} a second)")
