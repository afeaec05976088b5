"""Background jobs of the archive, found by procrastinate's autodiscovery of `tasks` modules."""

from procrastinate.contrib.django import app

from archive.services import EMBED_QUEUE, EMBED_TASK


@app.task(name=EMBED_TASK, queue=EMBED_QUEUE, retry=2, pass_context=False)
def embed_entries(entry_ids: list[int]) -> None:
    """Embed a batch of archive entries (deferred by the import and by approving a claim)."""
    from archive import services

    services.entries_embed(entry_ids)
