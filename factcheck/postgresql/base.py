"""Django's PostgreSQL backend, with a cheaper health check for persistent connections.

With CONN_HEALTH_CHECKS, Django sends `SELECT 1` before the first query of every request that reuses a
connection: one more round trip per request, a fifth of a small API request's database time. An idle connection
that the server closed (a restart, `pg_terminate_backend`, idle_session_timeout) has something waiting on its
socket, though: the server's error message or the end of the stream. So the socket is polled first, without
waiting; only when something is there (or the connection is not idle) does Django's own check run, which then
finds the broken connection and replaces it before the request's first query, as before. A connection whose
network silently vanished hangs `SELECT 1` as much as the request's own query, so that case is unchanged.
"""

import select

from django.db.backends.postgresql import base
from psycopg import pq


def idle_and_intact(connection) -> bool:
    """True when the psycopg connection is open, idle, and nothing arrived from the server since its last reply."""
    if connection.closed or connection.broken or connection.info.transaction_status != pq.TransactionStatus.IDLE:
        return False
    try:
        readable, _, _ = select.select([connection.fileno()], [], [], 0)
    except (OSError, ValueError):
        return False
    return not readable


class DatabaseWrapper(base.DatabaseWrapper):
    def close_if_health_check_failed(self):
        if self.connection is not None and self.health_check_enabled and not self.health_check_done and not self.pool:
            if idle_and_intact(self.connection):
                self.health_check_done = True
                return
        super().close_if_health_check_failed()
