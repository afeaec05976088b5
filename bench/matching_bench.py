"""Benchmark "checked before?" at scale (issue 22): 1,000,000 imported fact-checks, p95 <= 100 ms with the query's
embedding; import >= 300 ClaimReviews a second; the worker's embedding throughput; the web process's memory.

Run from the project root (heavy: generate once, then measure again with --skip-generate):

    FACTCHECK_PGDATA=/tmp/bench-pgdata .venv/bin/python bench/matching_bench.py --factchecks 1000000
    FACTCHECK_PGDATA=/tmp/bench-pgdata .venv/bin/python bench/matching_bench.py --skip-generate

It uses its own database, `factcheck_matching_bench`, on the embedded PostgreSQL (or DATABASE_URL's server);
FACTCHECK_PGDATA puts that server's data elsewhere, so a million rows neither fill nor slow the test database
(the data directory takes several GB: delete it afterwards).
1. imports `--import` generated fact-checks (100,000 by default) through the real ClaimReview import
   (`generate_factchecks`), timing it; the rest up to N are the same generator's statements written in bulk by
   SQL (fact-check rows, entries with their tsvector; the GIN index rebuilt after), which is what a restore or a
   bulk load does, and saves an hour of the import path;
2. gives every entry a generated unit vector (embedding a million statements on two cores would take days; the
   HNSW index is built once after the fill, as after a bulk load), then ANALYZE;
3. times the worker's job (`services.entries_embed`, the real model) on a batch of real statements;
4. times `matcher().match` (the query's embedding included) on the public dev tweets and the project's labelled
   sentences, and the embedding alone, printing median and p95, and the process's peak memory. A first pass over
   the texts warms the database's caches, as a server's first minutes do; it is printed on a row of its own.
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


GIN = "CREATE INDEX archive_entry_config_search ON archive_entry USING gin (config, search)"


def bulk_fill(start: int, end: int, batch: int = 50_000) -> None:
    """Fact-checks number `start` to `end` of the generator, written by SQL: fact-check rows, then entries with
    their tsvector (the matcher's normalisation, as the import writes them). The GIN index is dropped during the
    fill and rebuilt after it."""
    import random

    from django.db import connection, transaction

    from archive import languages, matching
    from archive.management.commands.generate_factchecks import statement

    normalize = matching.matcher().normalize
    config = languages.config_for("en")
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'archive_entry_config_search'")
        found = cursor.fetchone()
        gin = found[0] if found else GIN
        cursor.execute("DROP INDEX IF EXISTS archive_entry_config_search")
    for first in range(start, end, batch):
        rng = random.Random(1 + first)
        rows = []
        for i in range(first, min(first + batch, end)):
            claim, headline = statement(rng, i)
            date = f"20{10 + i % 15}-0{1 + i % 9}-1{i % 10}"
            rating = rng.choice(["False", "True", "Misleading"])
            rows.append((f"https://generated.example/{i}", claim, headline, rating, date))
        columns = [list(column) for column in zip(*rows, strict=True)]
        match_texts = [normalize(matching.entry_text(claim, headline), "en") for _, claim, headline, _, _ in rows]
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                """WITH v AS (SELECT * FROM unnest(%s::text[], %s::text[], %s::text[], %s::text[], %s::date[],
                                                   %s::text[])
                              AS v(url, claim, headline, rating, published, match_text)),
                   f AS (INSERT INTO archive_factcheck (url, claim_reviewed, headline, rating_label, date_published,
                                                        author_name, author_url, claim_author, appearances, language,
                                                        raw, created, updated)
                         SELECT url, claim, headline, rating, published, '', '', '', '[]', 'en', '{}', now(), now()
                         FROM v RETURNING id, url)
                   INSERT INTO archive_entry (fact_check_id, statement, headline, rating_label, url, date_published,
                                              language, config, match_text, search)
                   SELECT f.id, v.claim, v.headline, v.rating, v.url, v.published, 'en', %s, v.match_text,
                          to_tsvector(%s::regconfig, v.match_text)
                   FROM v JOIN f ON f.url = v.url""",
                [*columns, match_texts, config, config],
            )
        print(f"  {min(first + batch, end)} entries", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '1GB'")
        cursor.execute(gin)


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 20 else max(values)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--factchecks", type=int, default=1_000_000)
    parser.add_argument("--skip-generate", action="store_true")
    parser.add_argument("--import", dest="imported", type=int, default=100_000, help="through the real import")
    parser.add_argument("--index-memory", default="6GB", help="maintenance_work_mem for the HNSW build")
    parser.add_argument("--index-workers", type=int, default=1, help="parallel workers for the HNSW build")
    parser.add_argument("-n", type=int, default=200, help="queries timed")
    parser.add_argument("--tweets", type=Path, default=TWEETS)
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = database_url()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from archive import embedding, evaluation, frequencies, matching, normalize, services
    from archive.models import Entry

    call_command("migrate", verbosity=0)
    if not args.skip_generate:
        have = Entry.objects.count()
        imported = min(args.factchecks, args.imported)
        if have < imported:
            print(f"Importing {imported - have} generated fact-checks…", flush=True)
            started = time.perf_counter()
            call_command("generate_factchecks", imported - have, start=have, stdout=sys.stdout)
            rate = (imported - have) / (time.perf_counter() - started)
            print(f"Import: {rate:.0f} ClaimReviews a second", flush=True)
            have = imported
        if have < args.factchecks:
            started = time.perf_counter()
            bulk_fill(have, args.factchecks)
            print(f"Bulk fill to {args.factchecks} entries in {time.perf_counter() - started:.0f} s", flush=True)
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = %s", [args.index_memory])
            cursor.execute("SET max_parallel_maintenance_workers = %s", [args.index_workers])
            cursor.execute("DROP INDEX IF EXISTS archive_entry_embedding")
            cursor.execute("SELECT min(id), max(id) FROM archive_entry")
            low, high = cursor.fetchone()
            for first in range(low or 0, (high or 0) + 1, 100_000):
                # Correlated with the row, so that every entry gets its own random vector.
                cursor.execute(
                    f"""UPDATE archive_entry e SET embedding = l2_normalize(
                          (SELECT array_agg(random()::real - 0.5) FROM generate_series(1, {embedding.DIMENSIONS})
                           WHERE e.id IS NOT NULL)::vector({embedding.DIMENSIONS}))
                        WHERE e.id >= %s AND e.id < %s AND e.embedding IS NULL""",
                    [first, first + 100_000],
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
    embed_ms, embed_cpu = [], []
    vectors = {}
    cold_ms = []  # the first pass after the server started: the archive's pages are not in memory yet
    for text in texts:
        started = time.perf_counter()
        m.match(text, limit=5)
        cold_ms.append((time.perf_counter() - started) * 1000)
    for text in dict.fromkeys(texts):
        started, cpu = time.perf_counter(), time.process_time()
        vectors[normalize.social(text)] = embedder.query(normalize.social(text))
        embed_ms.append((time.perf_counter() - started) * 1000)
        embed_cpu.append((time.process_time() - cpu) * 1000)

    class Precomputed:  # the query's vector computed above: the two stages' own time
        model_id, dimensions = embedder.model_id, embedder.dimensions

        def query(self, text):
            return vectors[text]

    stages = matching.HybridMatcher(embedder=Precomputed())
    match_ms, lexical_ms, stages_ms = [], [], []
    lexical = matching.LexicalMatcher()
    for text in texts:
        started = time.perf_counter()
        m.match(text, limit=5)
        match_ms.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        lexical.match(text, limit=5)
        lexical_ms.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        stages.match(text, limit=5)
        stages_ms.append((time.perf_counter() - started) * 1000)
    print(f"{'case':<58}{'median ms':>10}{'p95 ms':>10}")
    for name, values in [
        ("query embedding alone (wall clock)", embed_ms),
        ("query embedding alone (CPU time, all its threads)", embed_cpu),
        ("checked-before, words only", lexical_ms),
        ("checked-before, both stages, query vector precomputed", stages_ms),
        ("checked-before, words + meaning (whole, embedding included)", match_ms),
        ("the same, first pass after start (cold caches)", cold_ms),
    ]:
        print(f"{name:<58}{statistics.median(values):>10.1f}{p95(values):>10.1f}")
    print(f"Load average during the run: {os.getloadavg()[0]:.1f} (two cores)")
    print(f"Peak memory of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
