from django.core.management.base import BaseCommand

from archive import evaluation, matching


class Command(BaseCommand):
    help = "MAP@5, Recall@5 and the false likely-match rate of the matcher on archive/evaluation/ (changes nothing)."

    def add_arguments(self, parser):
        parser.add_argument("--untuned", action="store_true", help="the matcher's starting settings, before tuning")
        parser.add_argument(
            "--verbose-misses",
            action="store_true",
            help="list the sentences it gets wrong and the scores (tuning part only)",
        )

    def handle(self, *args, untuned: bool, verbose_misses: bool, **options):
        tuning = matching.UNTUNED if untuned else matching.TUNED
        report = evaluation.run(matching.LexicalMatcher(tuning))
        self.stdout.write(
            f"Matcher: {'untuned' if untuned else 'tuned'} lexical; likely match at score >= {tuning.threshold}"
        )
        self.stdout.write(
            f"{'part':<10}{'paraphrases':>12}{'MAP@5':>8}{'Recall@5':>10}{'unmatched':>11}"
            f"{'false likely':>14}{'likely found':>14}"
        )
        for part in ("tune", "heldout", "all"):
            r = report[part]
            self.stdout.write(
                f"{part:<10}{r.positives:>12}{r.map5:>8.3f}{r.recall5:>10.3f}{r.negatives:>11}"
                f"{r.false_likely:>8} = {r.false_likely_rate:.2f}{r.true_likely:>8} = {r.true_likely_rate:.2f}"
            )
        if verbose_misses:
            tune = report["tune"]
            for line in tune.misses:
                self.stdout.write(line)
            self.stdout.write(f"top scores, paraphrases: {sorted(tune.positive_scores)}")
            self.stdout.write(f"top scores, unmatched:   {sorted(tune.negative_scores)}")
