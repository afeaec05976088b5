"""Benchmark "checked before?" at scale (issue 22): 1,000,000 imported fact-checks, p95 <= 100 ms with the query's
embedding; import >= 300 ClaimReviews a second; the worker's embedding throughput; the web process's memory.

Run from the project root (heavy: generate once, then measure again with --skip-generate):

    .venv/bin/python bench/matching_bench.py --factchecks 1000000
    .venv/bin/python bench/matching_bench.py --skip-generate

It uses its own database, `factcheck_matching_bench`, on the embedded PostgreSQL (or DATABASE_URL's server):
1. imports N generated fact-checks through the real ClaimReview import (`generate_factchecks`), timing it;
2. gives every entry a generated unit vector (embedding a million statements on two cores would take days; the
   HNSW index is built once after the fill, as after a bulk load), then ANALYZE;
3. times the worker's job (`services.entries_embed`, the real model) on a batch of real statements;
4. times `matcher().match` (the query's embedding included) on the public dev tweets and the project's labelled
   sentences, and the embedding alone, printing median and p95, and the process's peak memory.
"""

import argparse
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DB = "factcheck_matching_bench"
TWEETS = ROOT.parent / "shared" / "data" / "claim-matching" / "dev_queries.jsonl"


def database_url() -> str:
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


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 20 else max(values)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--factchecks", type=int, default=1_000_000)
    parser.add_argument("--skip-generate", action="store_true")
    parser.add_argument("-n", type=int, default=200, help="queries timed")
    parser.add_argument("--tweets", type=Path, default=TWEETS)
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = database_url()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from archive import embedding, evaluation, frequencies, matching, services
    from archive.models import Entry

    call_command("migrate", verbosity=0)
    if not args.skip_generate:
        have = Entry.objects.count()
        if have < args.factchecks:
            print(f"Importing {args.factchecks - have} generated fact-checks…", flush=True)
            started = time.perf_counter()
            call_command("generate_factchecks", args.factchecks - have, start=have, stdout=sys.stdout)
            rate = (args.factchecks - have) / (time.perf_counter() - started)
            print(f"Import: {rate:.0f} ClaimReviews a second", flush=True)
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '512MB'")
            cursor.execute("DROP INDEX IF EXISTS archive_entry_embedding")
            cursor.execute(
                f"""UPDATE archive_entry e SET embedding = v.vector FROM (
                      SELECT id, l2_normalize(array_agg(random()::real - 0.5)::vector({embedding.DIMENSIONS})) AS vector
                      FROM archive_entry CROSS JOIN generate_series(1, {embedding.DIMENSIONS})
                      WHERE embedding IS NULL GROUP BY id) v
                    WHERE e.id = v.id"""
            )
            print(f"Generated vectors in {time.perf_counter() - started:.0f} s", flush=True)
            started = time.perf_counter()
            cursor.execute(
                "CREATE INDEX archive_entry_embedding ON archive_entry USING hnsw (embedding vector_cosine_ops)"
            )
            print(f"Built the HNSW index in {time.perf_counter() - started:.0f} s", flush=True)
        frequencies.analyze()
        # The procrastinate jobs the import deferred would embed them for real; the vectors are there instead.
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM procrastinate_jobs WHERE task_name = %s", [services.EMBED_TASK])

    # The project's labelled archive, really embedded, so that the labelled sentences have their answers.
    with transaction.atomic():
        services.fact_checks_import(data=(evaluation.DIRECTORY / "factchecks.json").read_bytes())
    fresh = list(Entry.objects.filter(embedding=None).values_list("pk", flat=True))
    started = time.perf_counter()
    for start in range(0, len(fresh), services.EMBED_BATCH):
        with transaction.atomic():
            services.entries_embed(fresh[start : start + services.EMBED_BATCH])
    if fresh:
        seconds = time.perf_counter() - started
        print(f"Worker embedding: {len(fresh)} entries in {seconds:.1f} s ({len(fresh) / seconds:.1f} a second)")
    matching.forget_cached_languages()
    print(f"Archive: {Entry.objects.count()} entries", flush=True)

    texts = [json.loads(line)["text"] for line in args.tweets.read_text().splitlines() if line.strip()]
    texts += [q["text"] for q in json.loads((evaluation.DIRECTORY / "queries.json").read_text())["queries"]]
    texts = (texts * (1 + args.n // len(texts)))[: args.n]
    m = matching.matcher()
    m.match(texts[0])  # warm: the language detector and the model load once per process
    embedder = matching.embedder()
    embed_ms = []
    for text in texts[:50]:
        started = time.perf_counter()
        embedder.query(text)
        embed_ms.append((time.perf_counter() - started) * 1000)
    match_ms, lexical_ms = [], []
    lexical = matching.LexicalMatcher()
    for text in texts:
        started = time.perf_counter()
        m.match(text, limit=5)
        match_ms.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        lexical.match(text, limit=5)
        lexical_ms.append((time.perf_counter() - started) * 1000)
    print(f"{'case':<46}{'median ms':>10}{'p95 ms':>10}")
    for name, values in [
        ("query embedding alone", embed_ms),
        ("checked-before, words only", lexical_ms),
        ("checked-before, words + meaning (whole)", match_ms),
    ]:
        print(f"{name:<46}{statistics.median(values):>10.1f}{p95(values):>10.1f}")
    print(f"Peak memory of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
