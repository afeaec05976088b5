import time

from django.core.management.base import BaseCommand
from django.db import transaction

from archive import indexing


class Command(BaseCommand):
    help = "Rebuild the search documents of every article and claim, and the archive entries of approved claims."

    def handle(self, *args, **options):
        started = time.perf_counter()
        with transaction.atomic():
            counts = indexing.reindex_all()
        self.stdout.write(
            f"Indexed {counts['articles']} articles, {counts['claims']} claims, "
            f"{counts['entries']} approved claims in the archive ({time.perf_counter() - started:.1f} s)."
        )
