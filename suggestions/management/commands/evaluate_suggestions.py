"""Precision and recall of the suggestion finder, per kind, on the labelled texts shipped in suggestions/evaluation/;
with --dataset, precision, recall and F1 of the check-worthy class on CheckThat! sentences (dev.tsv, devtest.tsv)
for the model alone, the rules alone and the panel (model and rules together)."""

import json
from pathlib import Path

import numpy as np
from django.core.management.base import BaseCommand, CommandError

from suggestions import analysis, evaluation
from suggestions.checkworthiness import training

RU_FA = evaluation.LABELS.parent / "checkworthiness-ru-fa.json"  # 40 Russian and 40 Persian labelled sentences
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
        parser.add_argument(
            "--dataset",
            help="A folder with CheckThat! check-worthiness files (dev.tsv, devtest.tsv): score the model, the "
            "rules and the panel on them instead.",
        )

    def handle(self, *args, **options):
        if options["dataset"]:
            return self.check_worthiness(Path(options["dataset"]))
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

    def check_worthiness(self, directory: Path) -> None:
        files = [directory / f"{name}.tsv" for name in training.DEV_SPLITS]
        if not all(f.exists() for f in files):
            raise CommandError(f"--dataset: {directory} needs dev.tsv and devtest.tsv")
        model = analysis.checkworthiness_model()
        if model is None:
            raise CommandError("No check-worthiness model (SUGGESTION_CHECKWORTHY_MODEL).")
        threshold = analysis.checkworthiness_threshold(model)
        rows: dict[str, dict] = {"model alone": {}, "rules alone": {}, "panel (model + rules)": {}}
        for name, path in zip(training.DEV_SPLITS, files, strict=True):
            data = training.read_tsv(path)
            rows["model alone"][name] = training.figures(data.labels, model(data.texts) >= threshold)
            rules = evaluation.sentences_flagged(data.texts, lambda body: analysis.find(body, [], language="xx"))
            rows["rules alone"][name] = training.figures(data.labels, rules)
            panel = evaluation.sentences_flagged(data.texts, lambda body: analysis.find(body, [], language="en"))
            rows["panel (model + rules)"][name] = training.figures(data.labels, panel)
        self.stdout.write(f"Check-worthy class on {directory} (threshold {threshold:.2f}):")
        self.stdout.write(training.format_figures(rows))
        self.other_languages(model, threshold)

    def other_languages(self, model, threshold: float) -> None:
        """The same three rows on the Russian and Persian sentences labelled for the model (no cascade there: its
        TF-IDF part knows English words only). The panel uses the model for a language only if it beats the rules."""
        labelled = json.loads(RU_FA.read_text(encoding="utf-8"))
        rows: dict[str, dict] = {"model alone": {}, "rules alone": {}, "panel (model + rules)": {}}
        for language in ("ru", "fa"):
            texts = [text for text, _ in labelled[language]]
            labels = np.array([label for _, label in labelled[language]], dtype=bool)
            rows["model alone"][language] = training.figures(labels, model(texts, cascade=False) >= threshold)
            rules = evaluation.sentences_flagged(texts, lambda body: analysis.find(body, [], language="xx"))
            rows["rules alone"][language] = training.figures(labels, rules)
            panel = evaluation.sentences_flagged(texts, lambda body, code=language: analysis.find(body, [], code))
            rows["panel (model + rules)"][language] = training.figures(labels, panel)
        used = ", ".join(sorted(analysis.MODEL_LANGUAGES - {"en"})) or "none"
        where = RU_FA.relative_to(evaluation.ROOT)
        self.stdout.write(f"\nRussian and Persian ({where}; the model is used for: {used}):")
        self.stdout.write(training.format_figures(rows))
