"""Benchmark the source watcher (issue 20): N cited sources re-checked by one worker against a local web site,
with the per-host spacing respected.

Run from the project root:

    .venv/bin/python bench/evidence_bench.py                       # 10,000 sources on 50 hosts, 1 s spacing
    .venv/bin/python bench/evidence_bench.py --sources 1000 --hosts 10 --spacing 0.5

It uses its own database, `factcheck_evidence_bench`, on the embedded PostgreSQL (or DATABASE_URL's server),
migrated from scratch. The site runs in a separate process, on loopback only: host k is 127.0.0.k (every
127.0.0.0/8 address is this machine), all on one port, so the sources are spread over `--hosts` hosts the way
a newsroom's are over sites. Every answer differs in its bytes (a "generated at" line with the time, as real pages
have), so every check runs the whole path: fetch, hash, extract the main text, compare; `--changed` of the pages
(2 % by default) also say something else in their text, so they keep a new copy and notify. The sources are
written straight into the tables (setting up is not what is measured); then one process calls what the periodic
job calls, `evidence.services.sources_check(due_only=True)`, on all of them at once.

It prints the wall time, checks per second, the worker's peak memory (max RSS) and its growth during the run, and
from the site's own log the shortest interval between two requests to one host (must be >= the spacing).
"""

import argparse
import itertools
import multiprocessing
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DB = "factcheck_evidence_bench"
PORT = 8191

PARAGRAPHS = [
    "The statistics office said on Tuesday that consumer prices rose {n} percent compared with a year earlier, "
    "the fastest pace since the spring, driven by food and energy.",
    "Economists polled before the release had expected a smaller figure, and the central bank said it would "
    "consider the data at its meeting next month, when it also publishes new forecasts.",
    "Food prices rose fastest, followed by household energy, while the cost of clothing and footwear was flat; "
    "services inflation eased slightly for the second month in a row.",
    "The ministry of finance said the figures were in line with its own projections and that the measures "
    "announced in the budget would bring inflation back towards the target by the end of next year.",
]


def figure(path: str) -> float:
    return sum(map(ord, path)) % 90 / 10 + 1


def page(path: str, changed: bool) -> bytes:
    number = figure(path) + (0.5 if changed else 0)
    body = "".join(f"<p>{p.format(n=f'{number:.1f}')}</p>" for p in PARAGRAPHS)
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>Report</title></head><body>"
        f"<nav><a href='/'>Home</a> <a href='/economy'>Economy</a></nav><article><h1>Prices report</h1>{body}"
        f"</article><footer>Generated at {time.time():.6f}</footer></body></html>"
    ).encode()


def serve(hosts: int, changed_every: int, ready, stop, log_queue):
    """The site: one ThreadingHTTPServer per loopback address, in this process; logs (time, host) per request."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    log = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            log.append((time.monotonic(), self.server.server_address[0]))
            number = int(self.path.rsplit("/", 1)[-1])
            body = page(self.path, changed=changed_every > 0 and number % changed_every == 0)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    servers = [ThreadingHTTPServer((f"127.0.0.{k}", PORT), Handler) for k in range(1, hosts + 1)]
    for server in servers:
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
    ready.set()
    stop.wait()
    for server in servers:
        server.shutdown()
    log_queue.put(log)


STARTED_DATABASE = []


def database_url() -> str:
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    if os.environ.get("DATABASE_URL"):
        admin = os.environ["DATABASE_URL"]
    else:
        from factcheck import embedded_db

        if not embedded_db.is_running():
            STARTED_DATABASE.append(embedded_db)
        admin = embedded_db.ensure_running()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}"')
        conn.execute(f'CREATE DATABASE "{BENCH_DB}"')
    return urlunsplit(urlsplit(admin)._replace(path="/" + BENCH_DB))


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def setup(sources: int, hosts: int) -> None:
    from django.contrib.auth import get_user_model
    from django.core.files.base import ContentFile
    from django.core.management import call_command
    from django.utils import timezone

    from annotations.models import Article, Claim, ClaimStatus, Snapshot, SnapshotState, Source
    from evidence import extract, services

    call_command("migrate", verbosity=0)
    user = get_user_model().objects.create(username="bench")
    per_claim = 10
    articles = Article.objects.bulk_create(
        Article(title=f"Article {i}", body="Prices rose.", created_by=user)
        for i in range((sources // per_claim) // 10 + 1)
    )
    claims = Claim.objects.bulk_create(
        Claim(
            article=articles[i // 10],
            start=0,
            end=6,
            exact="Prices",
            statement="Prices rose.",
            status=ClaimStatus.APPROVED,
            created_by=user,
            updated_by=user,
        )
        for i in range(sources // per_claim + 1)
    )
    rows = []
    for i in range(sources):
        host = 1 + i % hosts
        rows.append(Source(claim=claims[i // per_claim], url=f"http://127.0.0.{host}:{PORT}/page/{i}", created_by=user))
    created = Source.objects.bulk_create(rows, batch_size=2000)
    # Each source's copy as cited: the text the extractor gives for its page as first served, due now. The text
    # depends only on the page's figure, so it is extracted once per figure.
    now = timezone.now()
    name = services.storage().save("bench/page", ContentFile(page("/page/0", changed=False)))
    texts, copies = {}, []
    for source in created:
        path = source.url.split(f":{PORT}", 1)[1]
        key = figure(path)
        if key not in texts:
            texts[key] = extract.extract(page(path, changed=False), "text/html; charset=utf-8").text
        copies.append(
            Snapshot(
                source=source,
                state=SnapshotState.ARCHIVED,
                requested_url=source.url,
                final_url=source.url,
                status_code=200,
                content_type="text/html; charset=utf-8",
                fetched_at=now,
                sha256="0" * 64,
                size=0,
                file_name=name,
                title="Report",
                text=texts[key],
                next_check_at=now,
            )
        )
    Snapshot.objects.bulk_create(copies, batch_size=2000)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", type=int, default=10_000)
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--spacing", type=float, default=1.0, help="seconds between two requests to one host")
    parser.add_argument("--changed", type=int, default=50, help="every Nth page says something else (0: none)")
    args = parser.parse_args()

    import tempfile

    tmp = tempfile.mkdtemp(prefix="evidence-bench-")
    os.environ["DATABASE_URL"] = database_url()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ["SOURCE_SNAPSHOT_ALLOW_PRIVATE_NETWORKS"] = "true"  # the site is on loopback
    os.environ["SOURCE_SNAPSHOT_HOST_SPACING_SECONDS"] = str(args.spacing)
    os.environ["SOURCE_SNAPSHOT_DIR"] = tmp
    import django

    django.setup()

    ready, stop = multiprocessing.Event(), multiprocessing.Event()
    log_queue = multiprocessing.Queue()
    site = multiprocessing.Process(target=serve, args=(args.hosts, args.changed, ready, stop, log_queue))
    site.start()
    ready.wait(30)
    try:
        print(f"Setting up {args.sources:,} cited sources on {args.hosts} hosts ...", flush=True)
        setup(args.sources, args.hosts)
        from evidence import services

        before = current_rss_mb()
        started = time.perf_counter()
        report = services.sources_check(due_only=True)
        elapsed = time.perf_counter() - started
        after, peak = current_rss_mb(), rss_mb()
    finally:
        stop.set()
        log = log_queue.get(timeout=60)
        site.join(timeout=30)
    by_host: dict[str, list[float]] = {}
    for at, host in log:
        by_host.setdefault(host, []).append(at)
    gaps = [b - a for times in by_host.values() for a, b in itertools.pairwise(sorted(times))]
    floor = args.sources / args.hosts * args.spacing - args.spacing
    print(f"checked {report.checked:,} sources: {report.counts}")
    print(f"wall time {elapsed:.1f} s, {report.checked / elapsed:.1f} checks/s")
    print(
        f"spacing floor (sources per host x spacing) {floor:.0f} s; shortest gap between two requests to one host "
        f"{min(gaps):.3f} s (spacing {args.spacing} s); {len(log):,} requests served"
    )
    print(f"worker memory: RSS {before:.0f} MB before the run, {after:.0f} MB after, peak {peak:.0f} MB")
    return 0 if min(gaps) >= args.spacing * 0.99 and report.checked == args.sources else 1


if __name__ == "__main__":
    try:
        code = main()
    finally:
        for database in STARTED_DATABASE:  # the embedded server this run started
            database.stop()
    sys.exit(code)
