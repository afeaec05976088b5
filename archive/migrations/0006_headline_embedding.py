"""Matching on claim and headline, by words (BM25 over the GIN index) and by meaning (pgvector, HNSW).

The fact-check's headline is kept; entries get a sentence embedding column with an HNSW index for cosine
distance; and the statistics of `search` track ten thousand lexemes (BM25's document frequencies come from
pg_stats, archive.frequencies)."""

from django.db import migrations, models

import archive.models


class Migration(migrations.Migration):
    dependencies = [("archive", "0005_word_vocabulary")]
    operations = [
        migrations.RunSQL("CREATE EXTENSION IF NOT EXISTS vector", migrations.RunSQL.noop),
        migrations.AddField(
            model_name="factcheck",
            name="headline",
            field=models.TextField(blank=True, help_text="The fact-check's own title: ClaimReview's name or headline."),
        ),
        migrations.AddField(model_name="entry", name="headline", field=models.TextField(blank=True)),
        migrations.AddField(
            model_name="entry",
            name="embedding",
            field=archive.models.VectorField(blank=True, dimensions=384, editable=False, null=True),
        ),
        migrations.RunSQL(
            "CREATE INDEX archive_entry_embedding ON archive_entry USING hnsw (embedding vector_cosine_ops)",
            "DROP INDEX archive_entry_embedding",
        ),
        migrations.RunSQL(
            "ALTER TABLE archive_entry ALTER COLUMN search SET STATISTICS 1000",
            "ALTER TABLE archive_entry ALTER COLUMN search SET STATISTICS -1",
        ),
        # Entries still waiting for their embedding, found without reading the others.
        migrations.RunSQL(
            "CREATE INDEX archive_entry_unembedded ON archive_entry (id) WHERE embedding IS NULL",
            "DROP INDEX archive_entry_unembedded",
        ),
    ]
