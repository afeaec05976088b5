"""Add a generated archive of articles, claims, sources, comments and revisions, to measure on.

    python manage.py generate_archive --articles 100000 --claims-per-article 20 --seed 1

Adds to what is there (run it twice for twice the archive). How it writes and how history is kept:
annotations/demo/archive.py.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from annotations.demo.archive import generate_archive


class Command(BaseCommand):
    help = "Add a realistic generated archive (articles, claims in every state, sources, comments, revisions)."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=1000, help="How many articles to add (default 1000).")
        parser.add_argument(
            "--claims-per-article", type=int, default=20, help="Average claims per article (default 20)."
        )
        parser.add_argument("--seed", type=int, default=1, help="Random seed; the same seed gives the same archive.")
        parser.add_argument("--batch-size", type=int, default=500, help="Articles per transaction (default 500).")
        parser.add_argument(
            "--without-history", action="store_true", help="Write no pghistory events for the generated rows."
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, articles, claims_per_article, seed, batch_size, without_history, no_progress, **options):
        if articles < 0 or claims_per_article < 0 or batch_size < 1:
            raise CommandError("--articles and --claims-per-article must be 0 or more, --batch-size at least 1.")
        started = time.monotonic()
        done = 0

        def progress(n, stats):
            nonlocal done
            done += n
            if no_progress:
                return
            elapsed = time.monotonic() - started
            left = elapsed / done * (articles - done)
            bar = "#" * (30 * done // articles)
            self.stderr.write(
                f"\r[{bar:<30}] {done}/{articles} articles, {stats.claims} claims, {elapsed:.0f} s, about {left:.0f} "
                "s left",
                ending="",
            )
            self.stderr.flush()

        stats = generate_archive(
            articles=articles,
            claims_per_article=claims_per_article,
            seed=seed,
            batch_size=batch_size,
            history=not without_history,
            progress=progress,
        )
        if not no_progress and articles:
            self.stderr.write("")
        self.stdout.write(
            f"Added {stats.articles} articles, {stats.claims} claims, {stats.sources} sources, {stats.comments} "
            f"comments, {stats.revisions} revisions and {stats.history_events} history events in "
            f"{time.monotonic() - started:.1f} s."
        )
