"""The API's plumbing takes over its two tables from the integrations app, in the state only (issue 24).

The tables stay where they are, with every row: integrations/migrations/0001 to 0006 made them (fresh databases
still run those), integrations/migrations/0007 forgets them, and 0002 here gives them this app's names.
"""

import django.contrib.postgres.fields
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import factcheck.api.models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("integrations", "0006_throttle_take"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ApiToken",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("name", models.CharField(help_text="What uses the token, e.g. “CMS sync”.", max_length=100)),
                        ("key_hash", models.CharField(editable=False, max_length=64, unique=True)),
                        (
                            "hint",
                            models.CharField(
                                editable=False, help_text="The first characters, to recognise the token.", max_length=12
                            ),
                        ),
                        (
                            "scopes",
                            django.contrib.postgres.fields.ArrayField(
                                base_field=models.CharField(
                                    choices=[
                                        ("read", "read: everything the user may see"),
                                        ("write", "write: articles, claims, sources, comments, submitting"),
                                        ("review", "review: approve, request changes, reopen, sign off"),
                                        ("admin", "admin: webhooks"),
                                    ],
                                    max_length=10,
                                ),
                                default=factcheck.api.models.default_scopes,
                            ),
                        ),
                        ("expires_at", models.DateTimeField(blank=True, null=True)),
                        ("last_used_at", models.DateTimeField(blank=True, editable=False, null=True)),
                        ("revoked_at", models.DateTimeField(blank=True, editable=False, null=True)),
                        ("created", models.DateTimeField(auto_now_add=True)),
                        (
                            "created_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="api_tokens",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={"ordering": ["-created", "-id"], "db_table": "integrations_apitoken"},
                ),
                migrations.CreateModel(
                    name="ThrottleWindow",
                    fields=[
                        ("key", models.CharField(max_length=200, primary_key=True, serialize=False)),
                        (
                            "hits",
                            django.contrib.postgres.fields.ArrayField(
                                base_field=models.FloatField(),
                                default=list,
                                help_text="Unix times of the requests let through.",
                            ),
                        ),
                    ],
                    options={"verbose_name": "API throttle window", "db_table": "integrations_throttlewindow"},
                ),
            ],
            database_operations=[],
        ),
    ]
