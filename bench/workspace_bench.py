"""The workspace of an article with 200 claims: an earlier commit against this checkout, in one run.

    .venv/bin/python bench/workspace_bench.py                          # against BEFORE_COMMIT
    .venv/bin/python bench/workspace_bench.py --before <commit> --duration 20 --rounds 5

Each side gets its own database on one throw-away PostgreSQL server (see peer_bench.py), the demo article's
text with the same 200 claims (made through the API), the demo users, and gunicorn with 2 workers (with the
project's gunicorn.conf.py where that side has one). The earlier commit is exported with `git archive` into
--peer-dir and run with this checkout's virtual environment. Cases, measured alternately, round after round:

- `page`: GET /articles/{id}/, the workspace, as the signed-in editor;
- `save`: the htmx round trip of saving a claim in the workspace: the edit form exactly as the server renders
  it (fields, CSRF token) with a changed rationale, POSTed with HX-Request, answered with the claim's card and
  the out-of-band updates. The 8 connections cycle through the 200 claims (each wrk thread its own half).
  The form's `version` is left out, so repeated saves of one claim do not conflict; with it the server only
  compares one number more.

It prints req/s, p50, p99, the app's CPU per request and response bytes, and this checkout's ratio to the
earlier commit in each round (the median of the rounds is the result).
"""

from __future__ import annotations

import argparse
import html.parser
import http.cookiejar
import json
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

from peer_bench import (
    DEMO_TEXT,
    PASSWORD,
    ROOT,
    Case,
    Gunicorn,
    Postgres,
    api_token,
    bench_spans,
    call,
    log,
    measure,
    median,
    round_line,
    seed_article,
    seed_claims,
    start_ours,
    wrk,
)

# The last commit before issue 12's work on the workspace: "today's code" for the before/after comparison.
BEFORE_COMMIT = "728ec2c"


def export_commit(commit: str, peer_dir: Path) -> Path:
    sha = subprocess.run(
        ["git", "rev-parse", "--short=12", commit], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()
    target = peer_dir / f"before-{sha}"
    if not (target / "manage.py").exists():
        target.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "archive", sha], cwd=ROOT, check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target


class Session:
    """A signed-in browser: the session and CSRF cookies, and the headers htmx sends with them."""

    def __init__(self, base: str, username: str, password: str):
        self.base = base
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        page = self.opener.open(f"{base}/login/").read().decode()
        csrf = _csrf_field(page)
        body = urllib.parse.urlencode(
            {"username": username, "password": password, "csrfmiddlewaretoken": csrf}
        ).encode()
        self.opener.open(urllib.request.Request(f"{base}/login/", data=body, headers={"Referer": f"{base}/login/"}))
        cookies = {c.name: c.value for c in jar}
        if "sessionid" not in cookies:
            raise SystemExit(f"signing in at {base} failed")
        self.cookie = f"sessionid={cookies['sessionid']}; csrftoken={cookies['csrftoken']}"
        self.csrf = cookies["csrftoken"]

    def get(self, path: str, htmx: bool = False) -> str:
        headers = {"HX-Request": "true"} if htmx else {}
        return self.opener.open(urllib.request.Request(self.base + path, headers=headers)).read().decode()

    def htmx_headers(self) -> dict:
        return {
            "Cookie": self.cookie,
            "X-CSRFToken": self.csrf,
            "HX-Request": "true",
            "Content-Type": "application/x-www-form-urlencoded",
        }


def _csrf_field(page: str) -> str:
    marker = 'name="csrfmiddlewaretoken" value="'
    start = page.index(marker) + len(marker)
    return page[start : page.index('"', start)]


class FormReader(html.parser.HTMLParser):
    """The fields of the form with id="claim-form" as a browser would submit them, and its hx-post address."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.inside = False
        self.action = None
        self.fields: list[tuple[str, str]] = []
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == "claim-form":
            self.inside, self.action = True, a.get("hx-post") or a.get("action")
        if not self.inside:
            return
        if tag == "input" and a.get("name") and a.get("type") not in {"submit", "button", "checkbox", "radio"}:
            self.fields.append((a["name"], a.get("value") or ""))
        elif tag == "textarea":
            self._textarea = [a["name"], ""]
        elif tag == "select":
            self._select = [a["name"], None]
        elif tag == "option" and self._select is not None:
            if "selected" in a or self._select[1] is None:
                self._select[1] = a.get("value", "")

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "textarea" and self._textarea is not None:
            self.fields.append(tuple(self._textarea))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            self.fields.append((self._select[0], self._select[1] or ""))
            self._select = None


def save_request(session: Session, claim_id: int) -> tuple[str, str]:
    reader = FormReader()
    reader.feed(session.get(f"/claims/{claim_id}/edit/", htmx=True))
    if not reader.action or not reader.fields:
        raise SystemExit(f"no claim form found for claim {claim_id}")
    fields = [(n, v + " Re-checked." if n == "rationale" else v) for n, v in reader.fields if n != "version"]
    return reader.action, urllib.parse.urlencode(fields)


def lua_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def save_script(requests: list[tuple[str, str]], headers: dict, threads: int, path: Path) -> Path:
    """A wrk script that POSTs the forms in turn; thread t takes every threads-th form, starting at t."""
    entries = ",\n".join(f"  {{{lua_string(p)}, {lua_string(b)}}}" for p, b in requests)
    header_table = ", ".join(f"[{lua_string(k)}] = {lua_string(v)}" for k, v in headers.items())
    path.write_text(f"""
local forms = {{
{entries}
}}
local headers = {{{header_table}}}
local next_thread = 0
function setup(thread)
  thread:set("offset", next_thread)
  next_thread = next_thread + 1
end
function init(args)
  counter = offset
end
function request()
  local form = forms[(counter % #forms) + 1]
  counter = counter + {threads}
  return wrk.format("POST", form[1], headers, form[2])
end
""")
    return path


class Side:
    def __init__(
        self, name: str, root: Path, port: int, db: Postgres, peer_dir: Path, claims: int, seed: int, servers: list
    ):
        self.name = name
        database = name.replace("-", "_")
        self.server = start_ours(root, db, port, peer_dir / f"workspace-{name}-gunicorn.log", database=database)
        servers.append(self.server)  # stopped by the caller even when the set-up below fails
        token = api_token(root, db, database)
        self.base = f"http://127.0.0.1:{port}"
        article = seed_article(self.base, token, DEMO_TEXT.read_text(encoding="utf-8"))
        self.spans = bench_spans(article["body"], claims, seed)
        seed_claims(self.base, token, article, self.spans)
        _status, _, body = call("GET", f"{self.base}/api/v1/articles/{article['id']}/claims/?page_size={claims}", token)
        self.claim_ids = [c["id"] for c in json.loads(body)["results"]]
        self.article_id = article["id"]
        self.session = Session(self.base, "editor", PASSWORD)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", default=BEFORE_COMMIT, help="the commit to compare with (default: %(default)s)")
    parser.add_argument("--peer-dir", type=Path, default=Path.home() / ".cache" / "factcheck-peer")
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--claims", type=int, default=200)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--ports", default="8102,8103", help="before,after")
    parser.add_argument("--db-port", type=int, default=8153)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    args.peer_dir.mkdir(parents=True, exist_ok=True)
    before_root = export_commit(args.before, args.peer_dir)
    ports = [int(p) for p in args.ports.split(",")]

    db = Postgres(args.peer_dir, args.db_port)
    sides: list[Side] = []
    servers_started: list[Gunicorn] = []
    try:
        log("Starting a throw-away PostgreSQL server")
        db.start(databases=("before", "after"))
        for name, root, port in (("before", before_root, ports[0]), ("after", ROOT, ports[1])):
            log(f"Setting up {name} ({root}): migrate, demo users, the article and its claims")
            sides.append(Side(name, root, port, db, args.peer_dir, args.claims, args.seed, servers_started))
        if sides[0].spans != sides[1].spans:
            raise SystemExit("the two sides do not hold the same claims")
        db.settle(("before", "after"))

        cases: list[Case] = []
        scripts, first_form = {}, {}
        workdir = Path(tempfile.mkdtemp(prefix="workspace-bench-", dir=args.peer_dir))
        for side in sides:
            headers = {"Cookie": side.session.cookie}
            cases.append(Case(f"page-{side.name}", f"{side.base}/articles/{side.article_id}/", headers, side.name))
        for side in sides:
            forms = [save_request(side.session, claim_id) for claim_id in side.claim_ids]
            case = Case(f"save-{side.name}", side.base + forms[0][0], side.session.htmx_headers(), side.name)
            scripts[case.name] = save_script(
                forms, side.session.htmx_headers(), args.threads, workdir / f"{case.name}.lua"
            )
            first_form[case.name] = forms[0][1]
            cases.append(case)
        servers = {side.name: side.server for side in sides}

        for case in cases:
            script = scripts.get(case.name)
            if script is None:
                case.body_bytes = len(
                    urllib.request.urlopen(urllib.request.Request(case.url, headers=case.headers)).read()
                )
            else:
                request = urllib.request.Request(
                    case.url, data=first_form[case.name].encode(), headers=case.headers, method="POST"
                )
                case.body_bytes = len(urllib.request.urlopen(request).read())
            wrk(case.url, case.headers, 2, args.threads, args.connections, script=script)  # warm-up, not counted

        for round_number in range(1, args.rounds + 1):
            for case in cases:
                r = measure(case, servers[case.server], db, args, script=scripts.get(case.name))
                log(round_line(round_number, case.name, r))

        loads = [r["load"] for case in cases for r in case.results]
        print(
            f"\nMedians of {args.rounds} rounds; 'x before' is this checkout against {args.before} in the same round; "
            f"load average (1 min) during the runs {min(loads):.1f}-{max(loads):.1f}, median {median(loads):.1f}:"
        )
        print(
            f"{'case':<13} {'req/s':>8} {'x before':>9} {'p50 ms':>8} {'p99 ms':>8} {'CPU ms/req':>11} "
            f"{'DB ms/req':>10} {'bytes':>9}"
        )
        summary = {}
        by_name = {c.name: c for c in cases}
        for case in cases:
            kind = case.name.split("-")[0]
            baseline = by_name[f"{kind}-before"]
            ratios = [r["rps"] / b["rps"] for r, b in zip(case.results, baseline.results, strict=True)]
            row = {
                "rps": median([r["rps"] for r in case.results]),
                "ratio_to_before": median(ratios),
                "p50_ms": median([r["p50"] for r in case.results]),
                "p99_ms": median([r["p99"] for r in case.results]),
                "cpu_ms_per_request": median([r["cpu_ms"] for r in case.results]),
                "db_cpu_ms_per_request": median([r["db_cpu_ms"] for r in case.results]),
                "bytes": case.body_bytes,
                "rounds": case.results,
            }
            summary[case.name] = row
            print(
                f"{case.name:<13} {row['rps']:>8.1f} {row['ratio_to_before']:>8.2f}x {row['p50_ms']:>8.1f} "
                f"{row['p99_ms']:>8.1f} {row['cpu_ms_per_request']:>11.1f} {row['db_cpu_ms_per_request']:>10.1f} "
                f"{row['bytes']:>9,}"
            )
        if args.json:
            args.json.write_text(
                json.dumps({"settings": {k: str(v) for k, v in vars(args).items()}, "cases": summary}, indent=2)
            )
    finally:
        for server in servers_started:
            server.stop()
        db.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
