"""Past fact-checks for the demo, so the demo article shows "Checked before" matches. Idempotent.

`load_demo` runs every installed command whose name starts with `load_demo_`, so the core knows nothing of it.
"""

from pathlib import Path

from django.core.management.base import BaseCommand

from archive import services

DEMO_FEED = Path(__file__).resolve().parents[2] / "demo" / "factchecks.json"


class Command(BaseCommand):
    help = "Import the demo's past fact-checks (archive/demo/factchecks.json)."

    def handle(self, *args, **options):
        result = services.fact_checks_import(data=DEMO_FEED.read_bytes())
        self.stdout.write(
            f"Demo archive: {result.created} past fact-checks imported, {result.unchanged + result.updated} already "
            "there"
        )
