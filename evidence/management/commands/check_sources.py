from django.core.management.base import BaseCommand, CommandError

from annotations.models import Claim
from evidence import services


class Command(BaseCommand):
    help = (
        "Check the live pages of cited sources now: every source of the approved claims, or of one claim "
        "(--claim). A changed or vanished page keeps a new copy and notifies the claim's editor and the reviewer."
    )

    def add_arguments(self, parser):
        parser.add_argument("--claim", type=int, help="Only this claim's sources (whatever its status).")

    def handle(self, *args, claim=None, **options):
        if claim is not None and not Claim.objects.filter(pk=claim).exists():
            raise CommandError(f"There is no claim {claim}.")
        report = services.sources_check(claim_id=claim)
        counts = ", ".join(f"{name} {n}" for name, n in report.counts.items() if n)
        self.stdout.write(
            f"Checked {report.checked} source(s)"
            + (f" ({counts})" if counts else "")
            + f"; {report.taken} new copies taken."
        )
