"""Index what the database already holds when the archive app is installed (later changes arrive as events)."""

from django.db import migrations


def index_existing(apps, schema_editor):
    # The live indexing code, not a frozen copy: the documents are derived data, and `manage.py archive_reindex`
    # rebuilds them the same way at any time.
    from archive import indexing

    if apps.get_model("annotations", "Article").objects.exists():
        indexing.reindex_all()


class Migration(migrations.Migration):
    dependencies = [("archive", "0002_reuse_search_saved")]
    operations = [migrations.RunPython(index_existing, migrations.RunPython.noop)]
