"""Matching finds candidates of one language: the GIN index leads with the configuration (btree_gin), so a
language with few entries is no longer read through the matches of the others."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.operations import BtreeGinExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("archive", "0003_index_existing")]
    operations = [
        BtreeGinExtension(),
        migrations.RemoveIndex(model_name="entry", name="archive_entry_search"),
        migrations.AddIndex(
            model_name="entry", index=GinIndex(fields=["config", "search"], name="archive_entry_config_search")
        ),
    ]
