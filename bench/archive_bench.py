"""Benchmark search and "checked before" on a generated archive (issue 13: p95 < 100 ms at 100,000 articles /
2,000,000 claims).

Run from the project root (heavy: generating the archive takes a long while and several GB; run it once):

    .venv/bin/python bench/archive_bench.py --articles 100000 --claims-per-article 20
    .venv/bin/python bench/archive_bench.py --skip-generate      # measure again on what is there

It uses its own database, `factcheck_bench`, on the embedded PostgreSQL (or on DATABASE_URL's server when set),
migrates it, fills it with the scale issue's `generate_archive` (without history events: they do not change
what is measured), builds the search documents and archive entries (`archive_reindex`), imports the matching
evaluation archive, then times, each over `-n` requests with a fixed seed:
- search: one word, two words, a phrase, a misspelt name (trigram), words plus filters, filters only;
  relevance and date order; the first page, its (capped) count and its snippets, as the page and the API do;
- checked-before: the evaluation sentences and random claim statements of the archive.
It prints the median and p95 per case and overall.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DB = "factcheck_bench"


def database_url() -> str:
    """DATABASE_URL (or the embedded server's URL) with the database name replaced by factcheck_bench."""
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    if os.environ.get("DATABASE_URL"):
        admin = os.environ["DATABASE_URL"]
    else:
        from factcheck import embedded_db

        admin = embedded_db.ensure_running()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB]).fetchone():
            conn.execute(f'CREATE DATABASE "{BENCH_DB}"')
    return urlunsplit(urlsplit(admin)._replace(path="/" + BENCH_DB))


def timed(fn, *args, **kwargs) -> float:
    started = time.perf_counter()
    fn(*args, **kwargs)
    return (time.perf_counter() - started) * 1000


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 20 else max(values)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--claims-per-article", type=int, default=20)
    parser.add_argument("--skip-generate", action="store_true")
    parser.add_argument("-n", type=int, default=100, help="requests per case")
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = database_url()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, reset_queries

    from annotations.models import Article, Claim
    from archive import evaluation, matching, selectors, services
    from archive.forms import SearchForm
    from archive.models import Entry

    # The generator writes English; an archive generated before articles had a language gets it here, before
    # the archive app's migration indexes what is there.
    call_command("migrate", "annotations", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE annotations_article SET language = 'en' WHERE language = ''")
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"Migrated (the archive app indexes what is there) in {time.perf_counter() - started:.0f} s", flush=True)
    if not args.skip_generate:
        have = Article.objects.count()
        if have < args.articles:
            print(f"Generating {args.articles - have} articles…", flush=True)
            call_command(
                "generate_archive",
                articles=args.articles - have,
                claims_per_article=args.claims_per_article,
                seed=have + 1,
                without_history=True,
                no_progress=True,
            )
            started = time.perf_counter()
            call_command("archive_reindex")
            print(f"Indexed in {time.perf_counter() - started:.0f} s", flush=True)
    services.fact_checks_import(data=(evaluation.DIRECTORY / "factchecks.json").read_bytes())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE archive_searchdocument")
        cursor.execute("ANALYZE archive_entry")
    articles, claims = Article.objects.count(), Claim.objects.count()
    print(f"Archive: {articles} articles, {claims} claims, {Entry.objects.count()} archive entries")

    rng = random.Random(13)
    statements = list(
        Claim.objects.filter(status="approved").order_by("?").values_list("statement", flat=True)[: args.n]
    )
    import json

    eval_texts = [q["text"] for q in json.loads((evaluation.DIRECTORY / "queries.json").read_text())["queries"]]
    words = [
        "minister",
        "inflation",
        "election",
        "budget",
        "Kazan",
        "Ashgabat",
        "population",
        "percent",
        "summit",
        "police",
    ]
    phrases = ['"prime minister"', "grain exports", "unemployment rate", "interest rates"]
    cases = {
        "search: one word": lambda: {"q": rng.choice(words)},
        "search: two words": lambda: {"q": " ".join(rng.sample(words, 2))},
        "search: phrase": lambda: {"q": rng.choice(phrases)},
        "search: misspelt name": lambda: {"q": rng.choice(["Ashgatat", "Kazann", "Pezeshkain", "Erdogann"])},
        "search: words + filters": lambda: {
            "q": rng.choice(words),
            "type": "claims",
            "state": "approved",
            "kind": "number",
        },
        "search: newest first": lambda: {"q": rng.choice(words), "sort": "newest"},
        "search: filters only": lambda: {
            "state": rng.choice(["draft", "approved", "submitted"]),
            "status": "in_progress",
        },
    }
    results = {}

    def run_search(params):
        # What the page does: the first page, its count (capped) and its snippets.
        form = SearchForm(params)
        assert form.is_valid(), form.errors
        page = selectors.CappedPaginator(selectors.search(form.cleaned_data), 20).get_page(1)
        rows = list(page.object_list)
        _ = page.paginator.count
        selectors.snippets(rows, form.cleaned_data["q"])

    for name, make in cases.items():
        run_search(make())  # warm
        results[name] = [timed(run_search, make()) for _ in range(args.n)]
    m = matching.matcher()
    m.match(eval_texts[0])  # warm: the language detector's model loads once per process
    results["checked-before: evaluation sentences"] = [timed(m.match, rng.choice(eval_texts)) for _ in range(args.n)]
    results["checked-before: archive statements"] = [timed(m.match, s) for s in statements] or [0.0]
    reset_queries()

    print(f"{'case':<42}{'median ms':>10}{'p95 ms':>10}")
    for name, values in results.items():
        print(f"{name:<42}{statistics.median(values):>10.1f}{p95(values):>10.1f}")
    search_all = [v for k, vs in results.items() if k.startswith("search") for v in vs]
    match_all = [v for k, vs in results.items() if k.startswith("checked") for v in vs]
    print(f"{'search, all cases':<42}{statistics.median(search_all):>10.1f}{p95(search_all):>10.1f}")
    print(f"{'checked-before, all cases':<42}{statistics.median(match_all):>10.1f}{p95(match_all):>10.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
