import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive import services


class Command(BaseCommand):
    help = (
        "Import past fact-checks from schema.org ClaimReview JSON-LD (object, array or DataFeed) or CSV; "
        "idempotent by url."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="a .json, .jsonld or .csv file")

    def handle(self, *args, file: Path, **options):
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        content_type = "text/csv" if file.suffix.lower() == ".csv" else ""
        try:
            result = services.fact_checks_import(data=data, content_type=content_type)
        except ValueError as error:
            raise CommandError(f"{file}: {error}") from None
        self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=1))
        if result.errors:
            self.stderr.write(f"{len(result.errors)} item(s) not imported; see errors above.")
