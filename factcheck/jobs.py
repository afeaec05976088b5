"""Deferring a background job by its task's name, so that a service need not import its app's tasks module.

A job (`tasks.py`) calls a service; a service defers jobs. Were the service to import the tasks module, the two
would import each other. procrastinate keeps every task under its name (it imports each app's `tasks.py` when
Django starts), so a service names the task instead, with a constant the tasks module registers it under.
"""

from procrastinate.contrib.django import app
from procrastinate.jobs import JobDeferrer


def by_name(name: str, **options) -> JobDeferrer:
    """The task registered as `name`, with its own queue and retry, configured further with `options` (e.g.
    `queueing_lock`): call `.defer(**arguments)` on it. An unknown name raises procrastinate's TaskNotFound, rather
    than queueing a job no worker knows."""
    return app.configure_task(name, allow_unknown=False, **options)
