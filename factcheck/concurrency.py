"""Two writes to the same rows at once: a stale version is a Conflict, a deadlock is run again.

Plumbing that every app's services share and that the API's errors translate (409, 503); it knows no model.
"""

import logging
from functools import wraps

import psycopg
from django.db import OperationalError, connection, transaction

logger = logging.getLogger(__name__)

DEADLOCK_ATTEMPTS = 3


class Conflict(Exception):
    """A save based on an old version. Carries the current object so the user sees what changed."""

    def __init__(self, current):
        super().__init__(f"{type(current).__name__} {current.pk} was changed by someone else meanwhile.")
        self.current = current


def is_deadlock(error: Exception) -> bool:
    """PostgreSQL broke a lock cycle (or a serialization conflict) by aborting this transaction: try it again."""
    cause = getattr(error, "__cause__", None)
    return isinstance(error, OperationalError) and isinstance(
        cause, (psycopg.errors.DeadlockDetected, psycopg.errors.SerializationFailure)
    )


def retried_on_deadlock(function):
    """Run `function` in a transaction of its own, again (up to DEADLOCK_ATTEMPTS times) when PostgreSQL aborts it
    to break a deadlock. Inside a caller's transaction it runs once: the caller owns the retry."""

    @wraps(function)
    def wrapper(*args, **kwargs):
        if connection.in_atomic_block:
            with transaction.atomic():
                return function(*args, **kwargs)
        for attempt in range(1, DEADLOCK_ATTEMPTS + 1):
            try:
                with transaction.atomic():
                    return function(*args, **kwargs)
            except OperationalError as error:
                if attempt == DEADLOCK_ATTEMPTS or not is_deadlock(error):
                    raise
                logger.warning("Deadlock in %s, attempt %d; running it again.", function.__qualname__, attempt)

    return wrapper
