"""The throttle hands out leases: one call takes several of a caller's requests at once (issue 12).

`factcheck_throttle_take` does in one round trip, under the caller's row lock: give back what the process's last
lease did not use, drop the times that left the window, and grant up to `want` requests if the window has room
(never more than a quarter of what is left, so one process cannot sit on the rest of a budget). The granted
requests are recorded at one time, `stamp`, which is at least the time of their last possible use: counting them
from then on keeps every window within the budget. It returns how many it granted and at what time, or, when it
refused, the window's times (for Retry-After).
"""

from django.db import migrations

TABLE = "integrations_throttlewindow"

CREATE = f"""
CREATE FUNCTION factcheck_throttle_take(
    p_key text, p_stamp float8, p_cutoff float8, p_limit integer, p_want integer,
    p_giveback_stamp float8, p_giveback integer,
    OUT granted integer, OUT stamp float8, OUT hits float8[]
) LANGUAGE plpgsql AS $$
DECLARE
    h float8[];
    first integer;
    copies integer;
    free integer;
BEGIN
    INSERT INTO {TABLE} (key, hits) VALUES (p_key, '{{}}') ON CONFLICT (key) DO NOTHING;
    SELECT w.hits INTO h FROM {TABLE} w WHERE w.key = p_key FOR UPDATE;
    -- The unused part of the last lease: its copies of the lease's time sit together (the times are sorted).
    IF p_giveback > 0 THEN
        first := array_position(h, p_giveback_stamp);
        IF first IS NOT NULL THEN
            copies := least(p_giveback, width_bucket(p_giveback_stamp, h) - first + 1);
            h := h[:first - 1] || h[first + copies:];
        END IF;
    END IF;
    h := h[width_bucket(p_cutoff, h) + 1:];
    free := p_limit - cardinality(h);
    IF free <= 0 THEN
        UPDATE {TABLE} w SET hits = h WHERE w.key = p_key;
        granted := 0;
        hits := h;
        RETURN;
    END IF;
    granted := least(p_want, greatest(1, free / 4));
    -- Kept in order: a request that took the lock after a later one is recorded at that one's time.
    stamp := greatest(p_stamp, h[cardinality(h)]);
    UPDATE {TABLE} w SET hits = h || array_fill(stamp, ARRAY[granted]) WHERE w.key = p_key;
END
$$
"""

DROP = "DROP FUNCTION factcheck_throttle_take(text, float8, float8, integer, integer, float8, integer)"


class Migration(migrations.Migration):
    dependencies = [("integrations", "0005_throttle_window_unlogged")]

    operations = [migrations.RunSQL(CREATE, DROP)]
