"""Does a year of newsroom work cost what one article costs? The pages at 100,000 articles against 200.

    .venv/bin/python bench/scale_bench.py                      # 100,000 / 2,000,000 against 200 / 4,000
    .venv/bin/python bench/scale_bench.py --large 20000 --rounds 1        # a quicker look

Two databases on the same PostgreSQL server (the embedded one, or the server of DATABASE_URL):
`factcheck_scale_small` and `factcheck_scale_large`, filled by `manage.py generate_archive` (same seed, 20 claims
per article) and kept for the next run (`--regenerate` starts them again; the large one takes a while and
some GB). Two gunicorn servers (the production `gunicorn.conf.py`, 2 workers each), one per database, serve the
app on ports 8201 and 8202 (`--port`). `wrk` (one
connection) loads each page for `--seconds` on each archive, small then large, in `--rounds` rounds over all
pages, so that the load of this shared machine hits both sides alike; each side's p50 and p95 are the medians
over the rounds. The ratios large/small of the p50 and of the p95 must stay at or under 1.5 for every page. Then
every query each page runs is explained with EXPLAIN (ANALYZE, BUFFERS) on both archives: the sum of their execution
times per page is printed for both (a measure the machine's load hardly moves), the large archive's plans
are shown, and a sequential scan of a big table (articles, claims, sources, comments, revisions) is flagged.
"""

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SEED = 11
CLAIMS_PER_ARTICLE = 20
RATIO_LIMIT = 1.5


def base_url() -> str:
    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"]
    sys.path.insert(0, str(ROOT))
    from factcheck import embedded_db

    return embedded_db.ensure_running()


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


def env_for(url: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "false",
        "SECRET_KEY": "scale-bench-only",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "API_THROTTLE_RATE": "1000000/min",
        "LOG_LEVEL": "ERROR",
        "PUBLIC_SITE": "true",  # the reader's public answers are measured too
    }


def run(args: list[str], url: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(args, env=env_for(url), cwd=ROOT, check=True, **kwargs)


def articles_in(url: str) -> int:
    import psycopg

    with psycopg.connect(url) as conn:
        exists = conn.execute("SELECT to_regclass('annotations_article')").fetchone()[0]
        return conn.execute("SELECT count(*) FROM annotations_article").fetchone()[0] if exists else 0


def prepare(url: str, name: str, articles: int, regenerate: bool, search: bool = True) -> str:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        if regenerate:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    db = with_database(url, name)
    run([PYTHON, "manage.py", "migrate", "-v0"], db)
    have = articles_in(db)
    if have < articles:
        print(f"{name}: generating {articles - have} articles", flush=True)
        run(
            [
                PYTHON,
                "manage.py",
                "generate_archive",
                "--articles",
                str(articles - have),
                "--claims-per-article",
                str(CLAIMS_PER_ARTICLE),
                "--seed",
                str(SEED),
            ],
            db,
        )
        run(
            [
                PYTHON,
                "manage.py",
                "shell",
                "-c",
                "from django.db import connection; connection.cursor().execute('VACUUM ANALYZE')",
            ],
            db,
        )
    if unassigned(db):
        # Archives generated before articles had an editor and a reviewer get what the generator now gives them.
        print(f"{name}: assigning editors and reviewers (annotations.demo.archive.assign_existing)", flush=True)
        run(
            [
                PYTHON,
                "manage.py",
                "shell",
                "-c",
                "from annotations.demo.archive import assign_existing; print(assign_existing())",
            ],
            db,
        )
        run(
            [
                PYTHON,
                "manage.py",
                "shell",
                "-c",
                "from django.db import connection; connection.cursor().execute('VACUUM ANALYZE annotations_article')",
            ],
            db,
        )
    if search and search_unindexed(db):
        # The archive plug-in's search documents follow the core's events, which COPY does not publish.
        print(f"{name}: building the search index (manage.py archive_reindex)", flush=True)
        run([PYTHON, "manage.py", "archive_reindex"], db)
        run(
            [
                PYTHON,
                "manage.py",
                "shell",
                "-c",
                "from django.db import connection; connection.cursor().execute('VACUUM ANALYZE')",
            ],
            db,
        )
    if unpublished(db):
        # Sign-off writes the published copies (annotations.services); generate_archive's COPY published none.
        print(f"{name}: publishing the signed-off articles (bench/scale_probe.py publish)", flush=True)
        run([PYTHON, "bench/scale_probe.py", "publish"], db)
    return db


def unpublished(url: str) -> bool:
    import psycopg

    with psycopg.connect(url) as conn:
        if not conn.execute("SELECT to_regclass('annotations_publishedclaim')").fetchone()[0]:
            return False
        return not conn.execute("SELECT EXISTS (SELECT 1 FROM annotations_publishedclaim)").fetchone()[0] and bool(
            conn.execute(
                "SELECT EXISTS (SELECT 1 FROM annotations_article WHERE signed_off_at IS NOT NULL)"
            ).fetchone()[0]
        )


def unassigned(url: str) -> bool:
    import psycopg

    with psycopg.connect(url) as conn:
        return not conn.execute(
            "SELECT EXISTS (SELECT 1 FROM annotations_article WHERE assignee_id IS NOT NULL)"
        ).fetchone()[0]


def search_unindexed(url: str) -> bool:
    import psycopg

    with psycopg.connect(url) as conn:
        if not conn.execute("SELECT to_regclass('archive_searchdocument')").fetchone()[0]:
            return False
        return not conn.execute("SELECT EXISTS (SELECT 1 FROM archive_searchdocument)").fetchone()[0]


def probe(db: str, *args: str):
    out = run([PYTHON, "bench/scale_probe.py", *args], db, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def start_server(db: str, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        # As in production (gunicorn.conf.py: the app frozen out of the garbage collector's way), 2 workers.
        [
            PYTHON,
            "-m",
            "gunicorn",
            "-c",
            "gunicorn.conf.py",
            "factcheck.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--timeout",
            "120",
        ],
        env=env_for(db),
        cwd=ROOT,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=10)
            return server
        except (urllib.error.URLError, OSError):  # refused, reset or timed out while it starts
            time.sleep(0.5)
    stop_server(server)
    raise SystemExit(f"gunicorn on port {port} did not answer within 120 s")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def check_page(port: int, path: str, session: str) -> tuple[int, int]:
    """One GET before loading: the page must answer 200 itself (a redirect to the log-in page would be fast)."""
    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Cookie": f"sessionid={session}"})
    try:
        with opener.open(request, timeout=120) as response:
            body = response.read()
            return response.status, len(body)
    except urllib.error.HTTPError as error:
        return error.code, 0


def wrk(port: int, path: str, session: str, seconds: float) -> dict:
    out = subprocess.run(
        [
            "wrk",
            "-t1",
            "-c1",
            f"-d{max(1, round(seconds))}s",
            "--timeout",
            "60s",
            "-s",
            str(ROOT / "bench" / "wrk_report.lua"),
            "-H",
            f"Cookie: sessionid={session}",
            f"http://127.0.0.1:{port}{path}",
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", type=int, default=200, help="articles in the small archive (default 200)")
    parser.add_argument("--large", type=int, default=100_000, help="articles in the large archive (default 100,000)")
    parser.add_argument("--seconds", type=float, default=5, help="wrk duration per page, archive and round (default 5)")
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="rounds over all pages; the median of their p50 and p95 counts (default 3)",
    )
    parser.add_argument("--port", type=int, default=8201, help="first of the two server ports (default 8201)")
    parser.add_argument("--regenerate", action="store_true", help="drop and generate both archives again")
    parser.add_argument("--plans", action="store_true", help="print every plan in full, not only the flagged ones")
    parser.add_argument(
        "--only",
        default="",
        help="measure only the pages whose label contains one of these comma-separated words (e.g. feed,embed)",
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (apt-get install wrk)")

    url = base_url()
    search = not args.only or "search" in args.only.lower()  # the search index only for the search page
    archives = {
        "small": prepare(url, "factcheck_scale_small", args.small, args.regenerate, search),
        "large": prepare(url, "factcheck_scale_large", args.large, args.regenerate, search),
    }
    setups = {size: probe(db, "setup") for size, db in archives.items()}
    if args.only:
        words = [w.strip().lower() for w in args.only.split(",") if w.strip()]
        for setup in setups.values():
            setup["pages"] = [p for p in setup["pages"] if any(w in p[0].lower() for w in words)]
    for size, setup in setups.items():
        print(f"{size}: {setup['counts']['articles']:,} articles, {setup['counts']['claims']:,} claims", flush=True)
    ports = {"small": args.port, "large": args.port + 1}
    servers = {}
    results = []
    try:
        for size, db in archives.items():
            servers[size] = None
            servers[size] = start_server(db, ports[size])
        pages = setups["small"]["pages"]
        samples = {(i, size): [] for i in range(len(pages)) for size in ("small", "large")}
        lengths = {}
        for i, (label, _path, role) in enumerate(pages):
            for size in ("small", "large"):
                path, session = setups[size]["pages"][i][1], setups[size]["sessions"][role]
                status, lengths[i, size] = check_page(ports[size], path, session)
                if status != 200:
                    raise SystemExit(f"{label} on the {size} archive answered {status} ({path})")
                wrk(ports[size], path, session, 1)  # warm up
        # Rounds, each page on both archives back to back, so that the machine's load changes hit both sides
        # alike; small first in one round, large first in the next, so neither side always follows the other.
        loads = [os.getloadavg()[0]]
        for round_number in range(args.rounds):
            for i, (label, _path, role) in enumerate(pages):
                for size in ("small", "large") if round_number % 2 == 0 else ("large", "small"):
                    path, session = setups[size]["pages"][i][1], setups[size]["sessions"][role]
                    result = wrk(ports[size], path, session, args.seconds)
                    if not result["requests"] or result["status_errors"] or result["socket_errors"]:
                        raise SystemExit(f"{label} on the {size} archive: no clean answers from wrk ({result})")
                    samples[i, size].append(result)
            loads.append(os.getloadavg()[0])
            print(f"  round {round_number + 1} of {args.rounds} done (load average {loads[-1]:.2f})", flush=True)
        for i, (label, _path, _role) in enumerate(pages):
            row = {"page": label}
            for size in ("small", "large"):
                runs = samples[i, size]
                row[size] = {
                    "p50_us": statistics.median(r["p50_us"] for r in runs),
                    "p95_us": statistics.median(r["p95_us"] for r in runs),
                    "requests": sum(r["requests"] for r in runs),
                    "bytes": lengths[i, size],
                    "path": setups[size]["pages"][i][1],
                }
            row["ratio_p50"] = row["large"]["p50_us"] / row["small"]["p50_us"]
            row["ratio_p95"] = row["large"]["p95_us"] / row["small"]["p95_us"]
            results.append(row)
    finally:
        for server in servers.values():
            if server:
                stop_server(server)

    print(
        f"\n{args.rounds} rounds of {args.seconds:g} s per page and archive; 1-minute load average during the rounds "
        f"{min(loads):.2f}-{max(loads):.2f} on {os.cpu_count()} cores"
    )
    print(
        f"{'page':<28} {'small p50':>10} {'p95':>9} {'large p50':>10} {'p95':>9} {'x p50':>6} {'x p95':>6} "
        f"{'KB large':>9}"
    )
    for row in results:
        s, lg = row["small"], row["large"]
        print(
            f"{row['page']:<28} {s['p50_us'] / 1000:>8.1f}ms {s['p95_us'] / 1000:>7.1f}ms "
            f"{lg['p50_us'] / 1000:>8.1f}ms {lg['p95_us'] / 1000:>7.1f}ms {row['ratio_p50']:>6.2f} "
            f"{row['ratio_p95']:>6.2f} {lg['bytes'] / 1024:>9.1f}"
        )
    failing = [row["page"] for row in results if row["ratio_p50"] > RATIO_LIMIT]
    failing_p95 = [row["page"] for row in results if row["ratio_p95"] > RATIO_LIMIT]

    explained = {
        size: probe(archives[size], "explain", json.dumps(setups[size]["pages"])) for size in ("small", "large")
    }

    def sql_ms(page) -> float:
        return sum(float(m) for plan in page["plans"] for m in re.findall(r"Execution Time: ([\d.]+) ms", plan["plan"]))

    print(f"\n{'page':<28} {'SQL small':>10} {'SQL large':>10} {'x':>6}   (sum of EXPLAIN ANALYZE execution times)")
    for small, large in zip(explained["small"], explained["large"], strict=True):
        print(
            f"{small['page']:<28} {sql_ms(small):>8.2f}ms {sql_ms(large):>8.2f}ms "
            f"{sql_ms(large) / max(sql_ms(small), 0.001):>6.2f}"
        )

    print("\nEXPLAIN (ANALYZE, BUFFERS) on the large archive")
    flagged = []
    for page in explained["large"]:
        scans = sorted({s for plan in page["plans"] for s in plan["seq_scans"]})
        print(
            f"\n== {page['page']} ({page['path']}): {page['queries']} queries, "
            f"{'sequential scans of ' + ', '.join(scans) if scans else 'index scans only on the big tables'}"
        )
        for plan in page["plans"]:
            if args.plans or plan["seq_scans"] or "LIMIT" in plan["sql"].upper():
                print("-- " + plan["sql"][:400] + (" ..." if len(plan["sql"]) > 400 else ""))
                print(plan["plan"])
        if scans:
            flagged.append(page["page"])

    print()
    print(f"ratio large/small of p50 over {RATIO_LIMIT}: {', '.join(failing) or 'none'}")
    print(f"ratio large/small of p95 over {RATIO_LIMIT}: {', '.join(failing_p95) or 'none'}")
    print(f"pages with a sequential scan of a big table: {', '.join(flagged) or 'none'}")
    sys.exit(1 if failing or failing_p95 or flagged else 0)


if __name__ == "__main__":
    main()
