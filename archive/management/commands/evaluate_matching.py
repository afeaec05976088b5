from pathlib import Path

from django.core.management.base import BaseCommand

from archive import evaluation, matching

FIGURES = ["MAP@1", "MAP@5", "hit@1", "hit@5", "hit@10", "recall@50", "likely precision", "likely recall"]


class Command(BaseCommand):
    help = (
        "Quality of matching. Without --dataset: MAP@5, Recall@5 and the false likely-match rate on the project's "
        "labelled set (archive/evaluation/). With --dataset DIR: the figures on a CLEF CheckThat! claim-matching "
        "split, for the lexical stage alone and for both stages. Changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--untuned", action="store_true", help="the matcher's starting settings, before tuning")
        parser.add_argument(
            "--verbose-misses",
            action="store_true",
            help="list the sentences it gets wrong and the scores (tuning part only)",
        )
        parser.add_argument(
            "--dataset",
            type=Path,
            help="a directory with verified_claims.jsonl, dev_queries.jsonl and dev_qrels.tsv "
            "(or claims.jsonl, queries.jsonl, qrels.tsv)",
        )
        parser.add_argument(
            "--crosslingual", action="store_true", help="the cross-language set (archive/evaluation/crosslingual/)"
        )
        parser.add_argument("--lexical-only", action="store_true", help="with --dataset: skip the semantic stage")
        parser.add_argument(
            "--embedding-cache",
            type=Path,
            default=Path(".cache/embeddings.npz"),
            help="with --dataset: vectors of earlier runs are kept here (embedding 14,000 claims takes a while)",
        )
        parser.add_argument(
            "--cached-embeddings-only",
            action="store_true",
            help="with --dataset: embed only the claims whose vectors are in the cache; the others are matched by "
            "their words, as entries the worker has not reached yet",
        )
        parser.add_argument(
            "--fit",
            action="store_true",
            help="with --dataset: fit the learned combination on the candidates and print its 5-fold "
            "cross-validated MAP@5 (folds split by query) and its coefficients",
        )
        parser.add_argument("--evidence", type=Path, help="with --dataset: write each query's candidates (TSV)")
        parser.add_argument(
            "--matcher",
            choices=["lexical", "hybrid"],
            default="hybrid",
            help="without --dataset: which matcher to evaluate on the labelled set",
        )

    def handle(self, *args, untuned: bool, verbose_misses: bool, dataset: Path | None, **options):
        if dataset is not None:
            return self.dataset(dataset, **options)
        tuning = matching.UNTUNED if untuned else matching.TUNED
        if options["crosslingual"]:
            result = evaluation.run_crosslingual(matching.HybridMatcher(tuning))
            self.stdout.write(
                f"Cross-language: {result['queries']} sentences, right fact-check in the top 5 for "
                f"{result['top5']:.1%}, MAP@5 {result['map5']:.3f}"
            )
            for line in result["misses"] if verbose_misses else []:
                self.stdout.write(f"MISSED {line}")
            return
        kind = matching.LexicalMatcher if options["matcher"] == "lexical" else matching.HybridMatcher
        report = evaluation.run(kind(tuning))
        self.stdout.write(
            f"Matcher: {'untuned' if untuned else 'tuned'} {options['matcher']}; likely match at score >= "
            f"{tuning.weights.likely}"
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

    def dataset(
        self, directory: Path, *, lexical_only: bool, embedding_cache: Path, evidence: Path | None, fit: bool, **options
    ):
        from archive.embedding import VectorCache

        embedder = None
        if not lexical_only:
            embedder = evaluation.CachedEmbedder(VectorCache(embedding_cache, matching.embedder()))
            embedder.cache.only_cached = options["cached_embeddings_only"]
        out = evaluation.run_dataset(
            directory, embedder=embedder, lexical_only=lexical_only, progress=lambda m: self.stderr.write(m)
        )
        if embedder is not None:
            embedder.cache.save()
        self.stdout.write(
            f"{directory}: {out['claims']} verified claims imported ({out['import_per_second']:.0f} a second), "
            f"{out.get('embedded', 0)} embedded, {out['queries']} queries"
        )
        self.stdout.write(f"{'stage':<18}" + "".join(f"{name:>18}" for name in [*FIGURES, "p50 ms", "p95 ms"]))
        for key in ["lexical"] if lexical_only else ["lexical", "hybrid"]:
            figures = out["reports"][key].figures()
            label = "words (BM25)" if key == "lexical" else "words + meaning"
            self.stdout.write(
                f"{label:<18}"
                + "".join(f"{figures[name]:>18.3f}" for name in FIGURES)
                + f"{figures['p50 ms']:>18.0f}{figures['p95 ms']:>18.0f}"
            )
        if not lexical_only:
            from archive import scoring

            tops = out["reports"]["hybrid"].tops
            threshold = scoring.calibrate(tops, precision=0.95)
            if threshold is not None:
                marked = [right for score, right in tops if score >= threshold]
                self.stdout.write(
                    f"Calibration: a likely-match threshold of {threshold:.3f} would mark {len(marked)} first results, "
                    f"{sum(marked) / len(marked):.1%} right (setting: {matching.TUNED.weights.likely})"
                )
        if fit and not lexical_only:
            fitted = evaluation.fit_combination(out["evidence"], out["queries"])
            self.stdout.write(
                f"Learned combination: MAP@5 {fitted['cross-validated MAP@5']:.3f} cross-validated (5 folds of the "
                f"queries; the fixed weights score {fitted['fixed MAP@5']:.3f} on the same candidates); coefficients "
                f"fitted on all queries: {', '.join(f'{c:.3f}' for c in fitted['coefficients'])}"
            )
        if evidence is not None:
            with evidence.open("w") as f:
                for query_id, pk, ev, right in out["evidence"]:
                    row = [query_id, pk, ev.bm25, ev.coverage, ev.cosine, ev.lexical_rank, ev.semantic_rank, right]
                    row.insert(-1, ev.days_apart)
                    f.write("\t".join(str(x) for x in row) + "\n")
