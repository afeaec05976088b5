"""Waiting on a condition that another process makes true (a worker, a server starting)."""

import time


def wait_until(condition, *, timeout: float, message: str, interval: float = 0.05) -> None:
    """Return as soon as `condition()` is true; fail with `message` once `timeout` seconds have passed. Another
    process gives no event to wait on, so the condition is asked again every `interval` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, message
        time.sleep(interval)
