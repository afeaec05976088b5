"""`./dev run` and `./dev test`: start what the app needs, run it, and stop everything on Ctrl-C. `./dev lint`: ruff.

Run: embedded PostgreSQL (when DATABASE_URL is unset), migrate, demo data, then the web server and the
procrastinate worker as child processes. A lock file keeps a second run from starting beside the first.
"""

import fcntl
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
LOCK_FILE = BASE_DIR / ".run.lock"
SECRET_KEY_FILE = BASE_DIR / ".secret-key"
PYTHON = sys.executable


def local_secret_key() -> None:
    """Local runs and tests get a random SECRET_KEY of their own (settings refuse to start without one)."""
    if os.environ.get("SECRET_KEY"):
        return
    if not SECRET_KEY_FILE.exists():
        import secrets

        fd = os.open(SECRET_KEY_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_urlsafe(50))
    os.environ["SECRET_KEY"] = SECRET_KEY_FILE.read_text().strip()


def manage(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([PYTHON, str(BASE_DIR / "manage.py"), *args], check=True, **kwargs)


def start_database() -> bool:
    """Point DATABASE_URL at a server; returns True when this process started the embedded one."""
    if os.environ.get("DATABASE_URL"):
        return False
    from factcheck import embedded_db

    was_running = embedded_db.is_running()
    os.environ["DATABASE_URL"] = embedded_db.ensure_running()
    if not was_running:
        print(f"Started embedded PostgreSQL (data in {embedded_db.PGDATA})", flush=True)
    return not was_running


def stop_database(started: bool) -> None:
    if started:
        from factcheck import embedded_db

        embedded_db.stop()
        print("Stopped embedded PostgreSQL.", flush=True)


def port_in_use(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def run() -> int:
    lock = open(LOCK_FILE, "a+")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        lock.seek(0)
        print(
            f"factcheck is already running from this folder (pid {lock.read().strip() or '?'}); "
            "use that one, or stop it with Ctrl-C first.",
            file=sys.stderr,
        )
        return 1
    lock.seek(0)
    lock.truncate()
    lock.write(str(os.getpid()))
    lock.flush()

    port = int(os.environ.get("PORT", "8000"))
    if port_in_use(port):
        print(f"Port {port} is already in use by another program; set PORT to use another one.", file=sys.stderr)
        return 1
    # The links in the mails the workers send point at this server (unless SITE_URL says otherwise).
    os.environ.setdefault("SITE_URL", f"http://127.0.0.1:{port}")
    # The demo shows the public pages (corrections log, feeds, reader embed); elsewhere they are off by default.
    os.environ.setdefault("PUBLIC_SITE", "true")

    compile_translations()
    started = start_database()
    children: list[subprocess.Popen] = []
    try:
        manage("migrate", "--no-input", stdout=subprocess.DEVNULL)
        demo = manage("load_demo", capture_output=True, text=True).stdout
        children.append(
            subprocess.Popen(
                [PYTHON, str(BASE_DIR / "manage.py"), "runserver", f"127.0.0.1:{port}", "--noreload", "--skip-checks"]
            )
        )
        children.extend(subprocess.Popen(command) for command in worker_commands())
        print(
            f"\nfactcheck is running at http://127.0.0.1:{port}/  (web server and background workers; Ctrl-C stops "
            "them)\n",
            flush=True,
        )
        print(demo, flush=True)
        return wait_for(children)
    except KeyboardInterrupt:
        return 0
    finally:
        stop_children(children)
        stop_database(started)
        print("factcheck stopped.", flush=True)


WEBHOOK_QUEUE = "webhooks"
SNAPSHOT_QUEUE = "snapshots"
OWN_WORKER_QUEUES = (WEBHOOK_QUEUE, SNAPSHOT_QUEUE)
# Every queue some task of the project names, printed by a Django process (tasks register when apps load).
_QUEUES = "from procrastinate.contrib.django import app; print(','.join(sorted({t.queue for t in app.tasks.values()})))"


def worker_commands() -> list[list[str]]:
    """Three workers: webhook deliveries and source snapshots each on a worker of their own, so a slow endpoint
    or a slow cited site never delays the other, text analysis or any other job; the third takes every other
    queue."""
    found = subprocess.run(
        [PYTHON, str(BASE_DIR / "manage.py"), "shell", "--no-imports", "-c", _QUEUES],
        capture_output=True,
        text=True,
        check=True,
    )
    listed = found.stdout.strip().splitlines()[-1]  # the shell may say more before it (e.g. what it imported)
    others = [queue for queue in listed.split(",") if queue and queue not in OWN_WORKER_QUEUES]
    worker = [PYTHON, str(BASE_DIR / "manage.py"), "procrastinate", "worker"]
    return [
        *([*worker, "--name", queue, "--queues", queue] for queue in OWN_WORKER_QUEUES),
        [*worker, "--name", "jobs", "--queues", ",".join(others)],
    ]


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def wait_for(children: list[subprocess.Popen]) -> int:
    while True:
        for child in children:
            try:
                code = child.wait(timeout=0.5)
            except subprocess.TimeoutExpired:
                continue
            print(
                f"A process stopped unexpectedly ({' '.join(map(str, child.args[1:3]))}, exit code {code}); stopping "
                "the rest.",
                file=sys.stderr,
            )
            return code or 1


def stop_children(children: list[subprocess.Popen]) -> None:
    for child in children:
        if child.poll() is None:
            child.terminate()  # both runserver and the worker stop cleanly on SIGTERM
    for child in children:
        try:
            child.wait(timeout=15)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def compile_translations() -> None:
    from factcheck import translations

    translations.compile_all()


def test(args: list[str]) -> int:
    compile_translations()
    started = start_database()
    try:
        return subprocess.run([PYTHON, "-m", "pytest", *args], cwd=BASE_DIR).returncode
    except KeyboardInterrupt:
        return 130
    finally:
        stop_database(started)


def manage_command(args: list[str]) -> int:
    """`./dev manage ARGS`: any manage.py command against the embedded database, started if needed."""
    started = start_database()
    try:
        return subprocess.run([PYTHON, str(BASE_DIR / "manage.py"), *args], cwd=BASE_DIR).returncode
    except KeyboardInterrupt:
        return 130
    finally:
        stop_database(started)


def lint(paths: list[str]) -> int:
    """`./dev lint [PATHS]`: ruff's checks and its formatter's check, with the rules in pyproject.toml; both always
    run, so one pass lists every finding. Non-zero when either finds something (CI runs it before the tests)."""
    paths = paths or ["."]
    checked = subprocess.run([PYTHON, "-m", "ruff", "check", *paths], cwd=BASE_DIR).returncode
    formatted = subprocess.run([PYTHON, "-m", "ruff", "format", "--check", *paths], cwd=BASE_DIR).returncode
    if checked or formatted:
        print(
            "Lint failed. `.venv/bin/ruff check --fix PATHS` fixes what it safely can; "
            "`.venv/bin/ruff format PATHS` formats.",
            file=sys.stderr,
        )
        return 1
    return 0


def tour(argv: list[str]) -> int:
    """`./dev tour`: factcheck.tour uses this module's set-up (database, translations, manage.py), so it runs as a
    process of its own rather than being imported back here. Ctrl-C reaches both; the tour stops what it started."""
    child = subprocess.Popen([PYTHON, "-m", "factcheck.tour", *argv], cwd=BASE_DIR)
    try:
        return child.wait()
    except KeyboardInterrupt:
        return child.wait()


def main(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    local_secret_key()
    # Ctrl-C and SIGTERM both mean an orderly stop, even when started from a shell that ignores SIGINT.
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    command, rest = (argv[0], argv[1:]) if argv else ("help", [])
    if command == "run":
        return run()
    if command == "test":
        return test(rest)
    if command == "manage":
        return manage_command(rest)
    if command == "lint":
        return lint(rest)
    if command == "tour":
        return tour(rest)
    print(
        "usage: ./dev run | ./dev test [pytest arguments] | ./dev manage COMMAND [arguments] | ./dev lint [paths]"
        " | ./dev tour [--help]",
        file=sys.stderr,
    )
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
