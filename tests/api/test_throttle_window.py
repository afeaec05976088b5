"""The throttle's window in PostgreSQL: exact budgets, times kept in order, and no crash-safe logging it does not need."""

import pytest
from django.db import connection

from factcheck.api.throttling import hit_postgres
from integrations.models import ThrottleWindow

pytestmark = pytest.mark.django_db


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
