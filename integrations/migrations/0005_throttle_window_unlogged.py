"""The throttle's windows skip the write-ahead log and compression (issue 12).

Every API request writes its caller's window. Logged, each write waited for a WAL flush (1-2 ms here, more than
the rest of a small request); compressed (TOAST's default for an array past 2 KB), each write decompressed and
compressed the whole window again. The windows are worth nothing after a crash: PostgreSQL empties an unlogged
table then, which gives every caller a fresh budget, and read replicas do not get them (only the primary
throttles).
"""

from django.db import migrations

TABLE = "integrations_throttlewindow"


class Migration(migrations.Migration):
    dependencies = [("integrations", "0004_token_scopes")]

    operations = [
        migrations.RunSQL(
            [f"ALTER TABLE {TABLE} SET UNLOGGED", f"ALTER TABLE {TABLE} ALTER COLUMN hits SET STORAGE EXTERNAL"],
            [f"ALTER TABLE {TABLE} ALTER COLUMN hits SET STORAGE EXTENDED", f"ALTER TABLE {TABLE} SET LOGGED"],
        ),
    ]
