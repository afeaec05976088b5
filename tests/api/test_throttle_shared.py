"""API throttling counts in a store every web process shares: two processes do not double a token's budget."""

import os
import shutil
import subprocess
import sys

import pytest

from tests.api.conftest import make_token
from tests.api.test_worker import ROOT, database_url
from tests.waiting import wait_until

# A web process of its own: the project's settings, its own database connection, its own memory. It sends its
# requests, then keeps asking until it is refused: a process that stopped while holding part of a lease would keep
# that part counted (by design: see factcheck/api/throttling.py), so "exactly the budget" is for callers who go on.
PROCESS = """
import os, django
django.setup()
from django.test import Client
client = Client(HTTP_AUTHORIZATION="Token " + os.environ["TOKEN"], HTTP_HOST="127.0.0.1")
answers = [client.get("/api/v1/articles/").status_code for _ in range(int(os.environ["REQUESTS"]))]
while answers[-1] != 429 and len(answers) < 2000:
    answers.append(client.get("/api/v1/articles/").status_code)
print(" ".join(map(str, answers)))
"""


@pytest.fixture
def redis_url(tmp_path):
    """A Redis server of the test's own, on a Unix socket (Debian's redis-server; .ci/run installs it)."""
    import redis

    server = shutil.which("redis-server")
    assert server, "this test needs redis-server (apt-get install redis-server)"
    socket = tmp_path / "redis.sock"
    process = subprocess.Popen(
        [server, "--port", "0", "--unixsocket", str(socket), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
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


def two_processes(env: dict, requests: int = 40) -> list[str]:
    env = env | {"REQUESTS": str(requests)}
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", PROCESS],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    answers = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        assert out.split()[-1] == "429", out  # each went on until refused
        answers += out.split()
    return answers


@pytest.mark.django_db(transaction=True)
def test_two_processes_share_one_tokens_budget_in_postgresql(editor):
    env = os.environ | {"DATABASE_URL": database_url(), "API_THROTTLE_RATE": "30/min", "TOKEN": make_token(editor)}
    env.pop("REDIS_URL", None)
    answers = two_processes(env)
    assert answers.count("200") == 30, answers
    assert answers.count("429") >= 50


@pytest.mark.django_db(transaction=True)
def test_two_processes_share_one_tokens_budget_in_redis(editor, redis_url):
    env = os.environ | {
        "DATABASE_URL": database_url(),
        "API_THROTTLE_RATE": "30/min",
        "TOKEN": make_token(editor),
        "REDIS_URL": redis_url,
    }
    answers = two_processes(env)
    assert answers.count("200") == 30, answers
    assert answers.count("429") >= 50
    from factcheck.api.models import ThrottleWindow

    assert not ThrottleWindow.objects.exists()  # counted in Redis, not in PostgreSQL


@pytest.mark.parametrize("store", ["postgresql", "redis"])
@pytest.mark.django_db(transaction=True)
def test_busy_processes_spending_leases_let_through_the_whole_budget_and_no_more(request, editor, store):
    # Each process takes its requests in leases that grow while it uses them up; what one holds is not lost to
    # the other, and together they stop exactly at the budget.
    env = os.environ | {"DATABASE_URL": database_url(), "API_THROTTLE_RATE": "200/min", "TOKEN": make_token(editor)}
    env.pop("REDIS_URL", None)
    if store == "redis":
        env["REDIS_URL"] = request.getfixturevalue("redis_url")
    answers = two_processes(env, requests=150)
    assert answers.count("200") == 200, answers
    assert answers.count("429") >= 100


@pytest.mark.throttle_leases
@pytest.mark.django_db
def test_a_busy_caller_costs_one_throttle_query_per_lease_not_per_request(settings, editor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.api.conftest import token_client

    settings.API_THROTTLE_RATE = "600/min"
    client = token_client(make_token(editor))
    with CaptureQueriesContext(connection) as captured:
        assert {client.get("/api/v1/articles/").status_code for _ in range(100)} == {200}
    leases = [q["sql"] for q in captured if "factcheck_throttle_take" in q["sql"]]
    assert 7 <= len(leases) <= 20  # 1 + 2 + 4 + ... + 64 covers 100 requests; more only if a lease ran out of time


def test_redis_gives_back_the_unused_part_of_a_lease(redis_url, monkeypatch):
    from factcheck.api.throttling import take_redis

    monkeypatch.setenv("REDIS_URL", redis_url)
    key = "throttle-api-token-test"
    lease = take_redis(key, stamp=101.0, cutoff=41.0, limit=12, want=2)
    assert (lease.granted, lease.stamp) == (2, 101.0)
    for _ in range(10):
        assert take_redis(key, stamp=101.5, cutoff=41.5, limit=12).granted == 1
    refused = take_redis(key, stamp=102.0, cutoff=42.0, limit=12)
    assert refused.granted == 0 and refused.window == (101.5,) * 10 + (101.0,) * 2
    assert take_redis(key, stamp=102.0, cutoff=42.0, limit=12, giveback=(lease.stamp, 1)).granted == 1
    # 101.0 leaves the window: one request free again.
    assert take_redis(key, stamp=161.2, cutoff=101.2, limit=12, want=4).granted == 1
    assert take_redis(key, stamp=161.3, cutoff=101.3, limit=12).granted == 0
