"""The API's tables take its name (`api_apitoken`, `api_throttlewindow`), and `factcheck_throttle_take` is defined
here from now on (issue 24). Renaming keeps every row, index and constraint; the throttle's table stays unlogged.

`factcheck_throttle_take` does in one round trip, under the caller's row lock: give back what the process's last
lease did not use, drop the times that left the window, and grant up to `want` requests if the window has room
(never more than a quarter of what is left, so one process cannot sit on the rest of a budget). The granted
requests are recorded at one time, `stamp`, which is at least the time of their last possible use: counting them
from then on keeps every window within the budget. It returns how many it granted and at what time, or, when it
refused, the window's times (for Retry-After). Why leases, and why the table is unlogged: issue 12 and
factcheck/api/throttling.py.

The content types move too, so the admin's permissions and log entries for tokens stay attached to them.
"""

from django.db import migrations

OLD_TABLE = "integrations_throttlewindow"
TABLE = "api_throttlewindow"
MODELS = ("apitoken", "throttlewindow")


def throttle_take(table: str) -> str:
    """The function, reading and writing `table` (PL/pgSQL resolves table names when it runs, not when made)."""
    return f"""
CREATE OR REPLACE FUNCTION factcheck_throttle_take(
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
    INSERT INTO {table} (key, hits) VALUES (p_key, '{{}}') ON CONFLICT (key) DO NOTHING;
    SELECT w.hits INTO h FROM {table} w WHERE w.key = p_key FOR UPDATE;
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
        UPDATE {table} w SET hits = h WHERE w.key = p_key;
        granted := 0;
        hits := h;
        RETURN;
    END IF;
    granted := least(p_want, greatest(1, free / 4));
    -- Kept in order: a request that took the lock after a later one is recorded at that one's time.
    stamp := greatest(p_stamp, h[cardinality(h)]);
    UPDATE {table} w SET hits = h || array_fill(stamp, ARRAY[granted]) WHERE w.key = p_key;
END
$$
"""


def content_types_to(app_label: str, other: str):
    def move(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        taken = ContentType.objects.filter(app_label=app_label, model__in=MODELS).values_list("model", flat=True)
        ContentType.objects.filter(app_label=other, model__in=MODELS).exclude(model__in=list(taken)).update(
            app_label=app_label
        )

    return move


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_initial"),
        ("integrations", "0007_tokens_and_throttle_move_to_the_api"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelTable(name="apitoken", table=None),
        migrations.AlterModelTable(name="throttlewindow", table=None),
        migrations.RunSQL(throttle_take(TABLE), throttle_take(OLD_TABLE)),
        migrations.RunPython(content_types_to("api", "integrations"), content_types_to("integrations", "api")),
    ]
