"""Misspellings are looked up in a small table of the documents' words (with a trigram index) instead of a trigram
index over every document's short text, which a search of two million documents could not afford."""

import django.contrib.postgres.indexes
from django.db import migrations, models


def words_of_existing_documents(apps, schema_editor):
    from archive import indexing

    with schema_editor.connection.cursor() as cursor:
        cursor.execute(indexing.WORDS.format(where="true"))


class Migration(migrations.Migration):
    dependencies = [("archive", "0004_entry_config_search")]
    operations = [
        migrations.CreateModel(
            name="Word",
            fields=[("word", models.CharField(max_length=100, primary_key=True, serialize=False))],
        ),
        migrations.RemoveIndex(model_name="searchdocument", name="archive_searchdoc_trgm"),
        migrations.AlterField(
            model_name="searchdocument",
            name="short",
            field=models.TextField(
                help_text="Statement, quote and claimant; an article's title. Its words go into Word."
            ),
        ),
        migrations.AddIndex(
            model_name="word",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["word"], name="archive_word_trgm", opclasses=["gin_trgm_ops"]
            ),
        ),
        migrations.RunPython(words_of_existing_documents, migrations.RunPython.noop),
    ]
