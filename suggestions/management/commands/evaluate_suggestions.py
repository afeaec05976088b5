"""Precision and recall of the suggestion finder, per kind, on the labelled texts shipped in suggestions/evaluation/."""

from django.core.management.base import BaseCommand

from suggestions import analysis, evaluation

SETS = {
    "development": evaluation.LABELS,  # the demo article and the texts the finder was built with
    "held-out": evaluation.HELD_OUT,  # written and labelled after the finder was frozen
}


class Command(BaseCommand):
    help = "Print precision and recall per kind of the suggestion finder on the shipped evaluation texts."

    def add_arguments(self, parser):
        parser.add_argument(
            "--set",
            choices=[*SETS, "all"],
            default="all",
            help="Which labelled set to score (default: each, then both).",
        )
        parser.add_argument("--verbose", "-V", action="store_true", help="List missed labels and unlabelled findings.")

    def handle(self, *args, **options):
        chosen = SETS if options["set"] == "all" else {options["set"]: SETS[options["set"]]}
        all_texts, reports = [], []
        for name, path in chosen.items():
            texts, newsroom_names = evaluation.load(path)
            report = evaluation.evaluate(texts, lambda body, names=newsroom_names: analysis.find(body, names))
            reports.append(report)
            all_texts += texts
            self.stdout.write(f"{name} set: {len(texts)} texts ({path.relative_to(evaluation.ROOT)})")
            self.stdout.write(evaluation.format_report(report, verbose=options["verbose"]) + "\n")
        if len(reports) > 1:
            self.stdout.write(f"all sets: {len(all_texts)} texts")
            self.stdout.write(evaluation.format_report(evaluation.combine(reports)))
