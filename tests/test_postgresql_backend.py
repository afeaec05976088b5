"""The database backend's health check: no query while the connection is intact, a new connection when not."""

import select

import psycopg
import pytest
from django.db import close_old_connections, connection, connections

from factcheck.postgresql.base import DatabaseWrapper, idle_and_intact


def backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


@pytest.fixture
def persistent():
    # As in production: the project's backend, persistent connections with health checks.
    assert isinstance(connections["default"], DatabaseWrapper)
    assert connection.health_check_enabled and connection.settings_dict["CONN_MAX_AGE"]


@pytest.mark.django_db(transaction=True)
def test_an_intact_connection_starts_a_request_without_a_health_check_query(persistent, monkeypatch):
    first = backend_pid()
    checks = []
    monkeypatch.setattr(DatabaseWrapper, "is_usable", lambda self: checks.append(1) or True)
    close_old_connections()  # what Django does when a request starts
    assert backend_pid() == first  # the same connection, kept
    assert checks == []  # and no SELECT 1 sent before the request's first query


@pytest.mark.django_db(transaction=True)
def test_a_connection_the_server_closed_is_replaced_before_the_next_requests_first_query(persistent):
    first = backend_pid()
    with psycopg.connect(**connection.get_connection_params(), autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [first])
    # The server says goodbye on the socket; wait for it to arrive.
    assert select.select([connection.connection.fileno()], [], [], 30)[0]
    assert not idle_and_intact(connection.connection)
    close_old_connections()
    assert backend_pid() != first  # replaced, with no error for the request
