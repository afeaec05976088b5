"""API throttling counts in a store every web process shares: two processes do not double a token's budget."""

import os
import shutil
import subprocess
import sys

import pytest

from tests.api.conftest import make_token
from tests.api.test_worker import ROOT, database_url
from tests.waiting import wait_until

# A web process of its own: the project's settings, its own database connection, its own memory.
PROCESS = """
import os, django
django.setup()
from django.test import Client
client = Client(HTTP_AUTHORIZATION="Token " + os.environ["TOKEN"], HTTP_HOST="127.0.0.1")
print(" ".join(str(client.get("/api/v1/articles/").status_code) for _ in range(40)))
"""


@pytest.fixture
def redis_url(tmp_path):
    """A Redis server of the test's own, on a Unix socket (Debian's redis-server; .ci/run installs it)."""
    import redis

    server = shutil.which("redis-server")
    assert server, "this test needs redis-server (apt-get install redis-server)"
    socket = tmp_path / "redis.sock"
    process = subprocess.Popen([server, "--port", "0", "--unixsocket", str(socket), "--save", "", "--appendonly", "no"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        def answers() -> bool:
            assert process.poll() is None, "redis-server stopped"
            try:
                return redis.Redis(unix_socket_path=str(socket)).ping()
            except redis.ConnectionError:
                return False

        wait_until(answers, timeout=30, message="redis-server did not start")
        yield f"unix://{socket}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def two_processes(env: dict) -> list[str]:
    processes = [
        subprocess.Popen([sys.executable, "-c", PROCESS], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    answers = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        answers += out.split()
    return answers


@pytest.mark.django_db(transaction=True)
def test_two_processes_share_one_tokens_budget_in_postgresql(editor):
    env = os.environ | {"DATABASE_URL": database_url(), "API_THROTTLE_RATE": "30/min", "TOKEN": make_token(editor)}
    env.pop("REDIS_URL", None)
    answers = two_processes(env)
    assert len(answers) == 80
    assert answers.count("200") == 30, answers
    assert answers.count("429") == 50


@pytest.mark.django_db(transaction=True)
def test_two_processes_share_one_tokens_budget_in_redis(editor, redis_url):
    env = os.environ | {"DATABASE_URL": database_url(), "API_THROTTLE_RATE": "30/min", "TOKEN": make_token(editor), "REDIS_URL": redis_url}
    answers = two_processes(env)
    assert answers.count("200") == 30, answers
    assert answers.count("429") == 50
    from integrations.models import ThrottleWindow

    assert not ThrottleWindow.objects.exists()  # counted in Redis, not in PostgreSQL
