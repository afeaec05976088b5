"""Token scopes replace the read/write switch; a group marks the users that exist only to own tokens.

Existing writable tokens get read and write, not review or admin: those must now be given explicitly.
"""

import django.contrib.postgres.fields
from django.db import migrations, models

import factcheck.api.models
import integrations.models


def scopes_from_write(apps, schema_editor):
    ApiToken = apps.get_model("integrations", "ApiToken")
    ApiToken.objects.filter(write=True).update(scopes=["read", "write"])
    ApiToken.objects.filter(write=False).update(scopes=["read"])


def integration_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=integrations.models.INTEGRATION_GROUP)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("integrations", "0003_throttle_window"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="scopes",
            field=django.contrib.postgres.fields.ArrayField(
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
        migrations.RunPython(scopes_from_write, migrations.RunPython.noop),
        migrations.RemoveField(model_name="apitoken", name="write"),
        migrations.RunPython(integration_group, migrations.RunPython.noop),
    ]
