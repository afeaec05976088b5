"""Train the check-worthiness model and write it (model.json, vocabulary.json, weights.npz and MODEL_CARD.md).

    python manage.py train_checkworthiness                  # from CHECKWORTHINESS_DATA, into the shipped model
    python manage.py train_checkworthiness --with-feedback  # also from the desk's decisions; kept only if no worse

Deterministic: the same data and options give the same weights (`--seed`, 0 by default). The defaults are the
options the shipped model was trained with (its model.json, "training"); `--with-feedback` trains with the
current model's options again.
"""

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from suggestions.checkworthiness import card, training
from suggestions.checkworthiness.model import FILES, CheckworthinessModel, shared_embedder


class Command(BaseCommand):
    help = "Train the check-worthiness model on CheckThat! sentences (and, with --with-feedback, the desk's decisions)."

    def add_arguments(self, parser):
        parser.add_argument("--data", default=None, help="Folder with train.tsv, dev.tsv, devtest.tsv.")
        parser.add_argument("--output", default=None, help="Model folder to write (default: the configured model).")
        parser.add_argument("--seed", type=int, default=None)
        parser.add_argument("--sample", type=int, default=None, help="Train on this many training sentences.")
        parser.add_argument(
            "--embedding-sample",
            type=int,
            default=None,
            help="Embed this many training sentences for the embedding component (0: all).",
        )
        parser.add_argument("--no-embeddings", action="store_true", help="TF-IDF only (fast; for trials).")
        parser.add_argument(
            "--cache",
            default=str(settings.BASE_DIR / ".cache" / "checkworthiness"),
            help="Where sentence embeddings are kept between runs ('' for nowhere).",
        )
        parser.add_argument(
            "--with-feedback",
            action="store_true",
            help="Add the accepted and dismissed suggestions and the claims as labelled sentences; write the new "
            "model only if its F1 on dev.tsv and devtest.tsv does not drop.",
        )

    def handle(self, *args, **options):
        data_dir = Path(options["data"] or settings.CHECKWORTHINESS_DATA)
        output = Path(options["output"] or settings.SUGGESTION_CHECKWORTHY_MODEL or "")
        if not all((data_dir / f"{split}.tsv").exists() for split in training.SPLITS):
            raise CommandError(f"--data: {data_dir} needs train.tsv, dev.tsv and devtest.tsv")
        if not str(output) or str(output) == ".":
            raise CommandError("--output: no model folder (SUGGESTION_CHECKWORTHY_MODEL is empty)")
        started = time.monotonic()
        data = training.read_splits(data_dir)
        dev_sets = {name: data[name] for name in training.DEV_SPLITS}

        caches: dict[str, training.EmbeddingCache] = {}

        def cached(prefix: str) -> training.EmbeddingCache:
            # One cache (and folder) per prefix: the two prefixes give different vectors for the same sentence.
            if prefix not in caches:
                folder = Path(options["cache"]) / prefix if options["cache"] else None
                caches[prefix] = training.EmbeddingCache(shared_embedder(prefix), folder)
            return caches[prefix]

        current = None
        if all((output / f).exists() for f in FILES):
            current = CheckworthinessModel.load(output)
            current.embedder = cached(current.embedding_prefix)
        # Feedback retrains the current model as it was trained; otherwise the defaults, which are the shipped model's.
        reuse = options["with_feedback"] and current is not None
        s = training.Settings.from_dict(current.card.get("training", {})) if reuse else training.Settings()
        for option, name in (("seed", "seed"), ("sample", "sample"), ("embedding_sample", "embedding_sample")):
            if options[option] is not None:
                setattr(s, name, options[option])
        if options["no_embeddings"]:
            s.embeddings = False
        embed = cached(s.embedding_prefix)

        feedback = None
        before = None
        if options["with_feedback"]:
            from suggestions.feedback import feedback_sentences

            feedback = feedback_sentences()
            worthy = int(feedback.labels.sum())
            self.stdout.write(
                f"Feedback: {len(feedback)} sentences from the desk ({worthy} check-worthy, {len(feedback) - worthy} "
                f"not), each counted {s.feedback_weight} times."
            )
            if current is not None:
                before = training.measure(current, dev_sets)

        model = training.fit(data["train"], data["dev"], settings=s, embed=embed, feedback=feedback)
        after = training.measure(model, dev_sets)
        rows = {"before (current model)": before} if before else {}
        rows["after (new model)" if before else "model"] = after
        self.stdout.write(training.format_figures(rows))
        self.stdout.write(f"Threshold {model.threshold:.2f} (best F1 on dev.tsv); {time.monotonic() - started:.0f} s.")
        if before is not None and not training.no_drop(before, after):
            self.stdout.write(
                self.style.WARNING(f"Not written: F1 dropped on a development file; {output} is unchanged.")
            )
            return
        model.card.update(
            trained=time.strftime("%Y-%m-%d"),
            data=str(data_dir.name),
            feedback_sentences=len(feedback) if feedback is not None else 0,
            figures={name: f.as_dict() for name, f in after.items()},
        )
        model.embedder = None
        model.save(output)
        (output / "MODEL_CARD.md").write_text(card.model_card(model), encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"Written to {output}."))
