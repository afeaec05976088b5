import time

from django.core.management.base import BaseCommand
from django.db import transaction

from archive import services
from archive.models import Entry


class Command(BaseCommand):
    help = (
        "Embed the archive entries that have no sentence embedding yet (the worker does this after each import). "
        "--all first forgets every embedding: run it after changing ARCHIVE_EMBEDDER, since vectors of two models "
        "cannot be compared (until an entry is embedded again it is matched by its words)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="re-embed every entry (a model change)")
        parser.add_argument("--defer", action="store_true", help="queue the work for the worker instead")
        parser.add_argument("--batch", type=int, default=services.EMBED_BATCH)

    def handle(self, *args, all: bool, defer: bool, batch: int, **options):
        if all:
            cleared = Entry.objects.exclude(embedding=None).update(embedding=None)
            self.stdout.write(f"Forgot {cleared} embeddings.")
        ids = list(Entry.objects.filter(embedding=None).order_by("pk").values_list("pk", flat=True))
        if defer:
            with transaction.atomic():
                services.embedding_defer(ids)
            self.stdout.write(f"Queued {len(ids)} entries for the worker.")
            return
        started, done = time.perf_counter(), 0
        for start in range(0, len(ids), batch):
            with transaction.atomic():
                done += services.entries_embed(ids[start : start + batch])
            elapsed = time.perf_counter() - started
            self.stderr.write(f"{done} of {len(ids)} embedded ({done / elapsed:.1f} a second)")
        self.stdout.write(f"Embedded {done} entries in {time.perf_counter() - started:.1f} s.")
