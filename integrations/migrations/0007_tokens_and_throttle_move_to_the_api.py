"""API tokens and the throttle's windows belong to the API's plumbing now (factcheck.api, issue 24).

State only: the tables and their rows stay; factcheck/api/migrations/0001 took them over, and its 0002 renamed them.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("integrations", "0006_throttle_take"),
        ("api", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ApiToken"), migrations.DeleteModel(name="ThrottleWindow")],
            database_operations=[],
        ),
    ]
