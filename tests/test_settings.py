import os
import subprocess
import sys
from pathlib import Path

import pytest
import requests

BASE_DIR = Path(__file__).resolve().parent.parent

# The production variables docs/production.md documents.
PRODUCTION = {
    "SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "factcheck.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://factcheck.example.org",
    "HTTPS": "true",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "BEHIND_PROXY": "true",
    "STATIC_MANIFEST": "true",
    "EMAIL_HOST": "smtp.example.org",
}


def test_check_deploy_reports_nothing_with_the_documented_production_variables():
    # The browser tests' DJANGO_ALLOW_ASYNC_UNSAFE (set by conftest) is no part of a deployment.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {**inherited, **PRODUCTION, "DJANGO_SETTINGS_MODULE": "factcheck.settings"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


# Fail closed: no SECRET_KEY with DEBUG off stops everything; nothing starts a database behind one's back.


def _env_without(*names: str, **extra: str) -> dict:
    inherited = {k: v for k, v in os.environ.items() if k not in names and k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {**inherited, "DJANGO_SETTINGS_MODULE": "factcheck.settings", **extra}


def test_without_secret_key_every_command_and_the_wsgi_app_refuse_and_name_it():
    env = _env_without("SECRET_KEY", "DEBUG")
    commands = [
        ["manage.py", "check"],
        ["manage.py", "migrate", "--no-input"],
        ["manage.py", "help"],
        ["manage.py", "shell", "-c", "print('started')"],
        ["manage.py", "procrastinate", "worker"],
        ["-c", "import factcheck.wsgi"],
        ["-c", "import factcheck.asgi"],
    ]
    running = [
        subprocess.Popen(
            [sys.executable, *args], cwd=BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for args in commands
    ]
    for args, process in zip(commands, running, strict=True):
        out, err = process.communicate(timeout=120)
        assert process.returncode != 0, f"{args} started without SECRET_KEY: {out}{err}"
        assert "SECRET_KEY" in err, (args, err)
        assert "started" not in out


def test_debug_mode_runs_without_a_secret_key():
    env = _env_without("SECRET_KEY", DEBUG="true")
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr


def test_importing_settings_never_starts_the_embedded_database(tmp_path):
    pgdata = tmp_path / "pgdata"
    env = _env_without("DATABASE_URL", FACTCHECK_PGDATA=str(pgdata))
    code = (
        "import django; django.setup(); from django.conf import settings; print(settings.DATABASES['default']['NAME'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "factcheck"
    assert not pgdata.exists(), "importing the settings created (and started) a database"


@pytest.mark.django_db(transaction=True, databases="__all__")  # lists read from the replica when there is one
def test_a_database_restart_costs_no_errors_once_it_is_back(live_server, editor):
    # Killing every server-side connection is what a PostgreSQL restart does to the web processes' pooled ones.
    from django.db import connection

    from integrations import services

    _, raw = services.api_token_create(actor=None, user=editor, name="health")
    session = requests.Session()
    session.headers["Authorization"] = f"Token {raw}"
    url = f"{live_server.url}/api/v1/articles/"
    assert session.get(url, timeout=30).status_code == 200  # the server now holds a persistent connection
    with connection.cursor() as cursor:
        # With a timeout, pg_terminate_backend waits until the backend has gone, as a restart's would have: without
        # one, the server's next health check could run before the signal lands and its query just after.
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid, 5000)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        assert cursor.fetchone()[0] >= 1
    assert [session.get(url, timeout=30).status_code for _ in range(3)] == [200, 200, 200]
