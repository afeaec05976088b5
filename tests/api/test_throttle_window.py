"""The throttle's window in PostgreSQL: exact budgets, times kept in order, and no crash-safe logging it does not
need."""

import pytest
from django.db import connection

from factcheck.api.models import ThrottleWindow
from factcheck.api.throttling import take_postgres

pytestmark = pytest.mark.django_db


def hit_postgres(key: str, now: float, limit: int, period: float) -> list[float] | None:
    """One request at `now`, as a caller's first in a process takes it: None when it may go ahead; otherwise the
    times still in the window, newest first (what Retry-After is worked out from)."""
    taken = take_postgres(key, now, now - period, limit)
    return None if taken.granted else list(taken.window)


def test_a_budget_lets_through_exactly_its_requests_in_any_window_and_frees_them_as_they_leave_it():
    key = "throttle-api-token-1"
    assert [hit_postgres(key, t, 3, 60.0) for t in (100.0, 110.0, 120.0)] == [None, None, None]
    assert hit_postgres(key, 130.0, 3, 60.0) == [120.0, 110.0, 100.0]  # refused: the times for Retry-After
    assert hit_postgres(key, 159.9, 3, 60.0) is not None  # 100.0 is still inside (159.9 - 60 < 100)
    assert hit_postgres(key, 160.0, 3, 60.0) is None  # 100.0 left the window at 160
    assert ThrottleWindow.objects.get(key=key).hits == [110.0, 120.0, 160.0]
    assert hit_postgres(key, 500.0, 3, 60.0) is None  # all old times dropped at once
    assert ThrottleWindow.objects.get(key=key).hits == [500.0]


def test_a_request_that_took_the_lock_after_a_later_one_keeps_the_window_in_order():
    # Two processes read the clock, then take turns on the row: the one with the earlier time may come second.
    key = "throttle-api-user-2"
    hit_postgres(key, 200.0, 10, 60.0)
    hit_postgres(key, 199.5, 10, 60.0)
    hits = ThrottleWindow.objects.get(key=key).hits
    assert hits == sorted(hits) == [200.0, 200.0]
    assert hit_postgres(key, 260.0, 10, 60.0) is None
    assert ThrottleWindow.objects.get(key=key).hits == [260.0]  # both left the window together


def test_the_windows_are_not_written_to_the_write_ahead_log():
    with connection.cursor() as cursor:
        cursor.execute("SELECT relpersistence FROM pg_class WHERE relname = %s", [ThrottleWindow._meta.db_table])
        assert cursor.fetchone() == ("u",)  # unlogged: a crash empties it, which resets every caller's budget


def test_a_lease_grants_several_requests_at_one_time_never_more_than_a_quarter_of_what_is_left():
    key = "throttle-api-token-3"
    taken = take_postgres(key, stamp=101.0, cutoff=40.0, limit=100, want=8)
    assert (taken.granted, taken.stamp) == (8, 101.0)
    assert ThrottleWindow.objects.get(key=key).hits == [101.0] * 8
    assert take_postgres(key, stamp=102.0, cutoff=41.0, limit=100, want=1000).granted == 23  # (100 - 8) // 4
    assert take_postgres(key, stamp=103.0, cutoff=42.0, limit=32, want=5).granted == 1  # one left: one
    refused = take_postgres(key, stamp=104.0, cutoff=43.0, limit=32, want=5)
    assert refused.granted == 0 and refused.window == (103.0,) + (102.0,) * 23 + (101.0,) * 8


def test_the_unused_part_of_a_lease_is_given_back_with_the_next_one():
    key = "throttle-api-token-4"
    take_postgres(key, stamp=100.0, cutoff=40.0, limit=100, want=1)
    lease = take_postgres(key, stamp=101.0, cutoff=41.0, limit=100, want=10)
    take_postgres(key, stamp=102.0, cutoff=42.0, limit=100, want=2)  # another process
    # This process used 4 of its 10: 6 go back, taken from the lease's own time only.
    again = take_postgres(key, stamp=103.0, cutoff=43.0, limit=100, want=1, giveback=(lease.stamp, 6))
    assert again.granted == 1
    assert ThrottleWindow.objects.get(key=key).hits == [100.0] + [101.0] * 4 + [102.0] * 2 + [103.0]
    # Giving back more than is there (the lease already left the window) removes only what is there.
    take_postgres(key, stamp=200.0, cutoff=101.5, limit=100, want=1, giveback=(101.0, 50))
    assert ThrottleWindow.objects.get(key=key).hits == [102.0] * 2 + [103.0, 200.0]


def test_what_a_lease_gives_back_makes_room_in_a_full_window():
    key = "throttle-api-token-5"
    lease = take_postgres(key, stamp=100.0, cutoff=40.0, limit=12, want=2)
    assert lease.granted == 2
    for _ in range(10):  # another process takes what is left, one at a time
        take_postgres(key, stamp=100.5, cutoff=40.5, limit=12, want=1)
    assert take_postgres(key, stamp=101.0, cutoff=41.0, limit=12, want=1).granted == 0
    # The first process used one of its two: the other is given back, and this request gets it.
    assert take_postgres(key, stamp=101.0, cutoff=41.0, limit=12, want=1, giveback=(lease.stamp, 1)).granted == 1
    assert ThrottleWindow.objects.get(key=key).hits == [100.0] + [100.5] * 10 + [101.0]
