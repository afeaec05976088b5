"""Read replicas: list and export reads may go to a replica, everything else stays on the primary.

`DATABASE_REPLICA_URLS` (comma-separated) adds the aliases `replica_1`, `replica_2`, ... Reads go to a replica
only inside `replica_reads()` (a context manager and decorator), which the list pages, the API lists and the
exports use; there the router picks one replica per block. Everything else, every write and every read inside a
transaction on the primary uses `default`, so a service sees its own writes and a form what it saves. A replica
may lag behind the primary by its replication delay; lists and exports tolerate that, forms and workflow actions
never read from one.
"""

import contextlib
import contextvars
import random

from django.conf import settings
from django.db import connections

_replica: contextvars.ContextVar[str | None] = contextvars.ContextVar("replica", default=None)

PRIMARY = "default"


def replica_aliases() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith("replica_")]


class _ReplicaReads(contextlib.ContextDecorator):
    def __enter__(self):
        replicas = replica_aliases()
        current = _replica.get()
        self.token = _replica.set(current or (random.choice(replicas) if replicas else None))
        return self

    def __exit__(self, *exc):
        _replica.reset(self.token)
        return False


def replica_reads():
    """Within this block (or decorated function) reads go to one replica, when there is one."""
    return _ReplicaReads()


def streamed_from_replica(iterable):
    """Iterate `iterable` with replica reads: a streaming response is consumed after its view has returned."""

    def generate():
        with replica_reads():
            yield from iterable

    return generate()


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        replica = _replica.get()
        # Inside a transaction on the primary, reads must see that transaction's own writes.
        if replica is None or connections[PRIMARY].in_atomic_block:
            return PRIMARY
        return replica

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replicas hold the same data as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY
