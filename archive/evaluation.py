"""Quality of matching on the labelled set in archive/evaluation/ (see its README).

The archive is imported inside a transaction that is rolled back, and matching is limited to those entries,
so the figures do not depend on what else the database holds and nothing is left behind.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from archive import services
from archive.models import Entry

DIRECTORY = Path(__file__).resolve().parent / "evaluation"
K = 5


@dataclass
class Report:
    positives: int = 0
    negatives: int = 0
    ap_sum: float = 0.0
    found: int = 0
    false_likely: int = 0
    true_likely: int = 0
    positive_scores: list[float] = field(default_factory=list)
    negative_scores: list[float] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    @property
    def map5(self) -> float:
        return self.ap_sum / self.positives if self.positives else 0.0

    @property
    def recall5(self) -> float:
        return self.found / self.positives if self.positives else 0.0

    @property
    def true_likely_rate(self) -> float:
        return self.true_likely / self.positives if self.positives else 0.0

    @property
    def false_likely_rate(self) -> float:
        return self.false_likely / self.negatives if self.negatives else 0.0


class _Rollback(Exception):
    pass


def run(matcher, directory: Path = DIRECTORY) -> dict[str, Report]:
    queries = json.loads((directory / "queries.json").read_text())["queries"]
    reports = {"tune": Report(), "heldout": Report(), "all": Report()}
    try:
        with transaction.atomic():
            services.fact_checks_import(data=(directory / "factchecks.json").read_bytes(), matcher=matcher)
            urls = [json_item["url"] for json_item in _items(directory)]
            within = list(Entry.objects.filter(fact_check__url__in=urls).values_list("id", flat=True))
            if hasattr(matcher, "embedder"):  # what the worker does after an import
                services.entries_embed(within, embedder=matcher.embedder)
            for query in queries:
                results = matcher.match(query["text"], limit=K, within=within)
                for report in (reports[query["split"]], reports["all"]):
                    _count(report, query, results)
            raise _Rollback
    except _Rollback:
        pass
    return reports


def _items(directory: Path) -> list[dict]:
    feed = json.loads((directory / "factchecks.json").read_text())
    return [item for element in feed["dataFeedElement"] for item in element["item"]]


def _count(report: Report, query: dict, results) -> None:
    urls = [r.url for r in results]
    if query["expected"] is None:
        report.negatives += 1
        report.negative_scores.append(results[0].score if results else 0.0)
        if results and results[0].likely_match:
            report.false_likely += 1
            report.misses.append(
                f"FALSE LIKELY {query['id']} {query['text']!r} -> {results[0].claim_reviewed!r} {results[0].score}"
            )
        return
    report.positives += 1
    if query["expected"] in urls:
        rank = urls.index(query["expected"]) + 1
        report.ap_sum += 1 / rank
        if rank == 1:
            report.positive_scores.append(results[0].score)
            report.true_likely += results[0].likely_match
        report.found += 1
        if rank > 1 or not results[0].likely_match:
            report.misses.append(
                f"RANK {rank} {query['id']} {query['text']!r} score {results[rank - 1].score}"
                + (f" (first: {results[0].claim_reviewed!r} {results[0].score})" if rank > 1 else "")
            )
    else:
        report.misses.append(f"MISSED {query['id']} {query['text']!r} -> {[r.claim_reviewed for r in results[:2]]}")


# --- Public data: CLEF CheckThat! "detecting previously fact-checked claims" ---------------------------------


@dataclass
class DatasetReport:
    name: str
    queries: int = 0
    ap1: float = 0.0
    ap5: float = 0.0
    hits: dict[int, int] = field(default_factory=lambda: {1: 0, 5: 0, 10: 0, 50: 0})
    likely: int = 0
    likely_right: int = 0
    times: list[float] = field(default_factory=list)
    tops: list[tuple[float, bool]] = field(default_factory=list)  # (score, right) of each first result

    def add(
        self, ranked_urls: list[str], expected: set[str], likely_urls: list[str], seconds: float, top_score=None
    ) -> None:
        self.queries += 1
        if top_score is not None:
            self.tops.append((top_score, bool(ranked_urls) and ranked_urls[0] in expected))
        self.times.append(seconds)
        rank = next((i + 1 for i, url in enumerate(ranked_urls) if url in expected), None)
        if rank:
            self.ap1 += rank == 1
            self.ap5 += 1 / rank if rank <= 5 else 0
            for k in self.hits:
                self.hits[k] += rank <= k
        self.likely += len(likely_urls)
        self.likely_right += sum(url in expected for url in likely_urls)

    def figures(self) -> dict[str, float]:
        n = self.queries or 1
        times = sorted(self.times) or [0.0]
        return {
            "MAP@1": self.ap1 / n,
            "MAP@5": self.ap5 / n,
            "hit@1": self.hits[1] / n,
            "hit@5": self.hits[5] / n,
            "hit@10": self.hits[10] / n,
            "recall@50": self.hits[50] / n,
            "likely precision": self.likely_right / self.likely if self.likely else 1.0,
            "likely recall": self.likely_right / n,
            "p50 ms": 1000 * times[len(times) // 2],
            "p95 ms": 1000 * times[min(len(times) - 1, int(len(times) * 0.95))],
        }


# (claims, queries, qrels) file names of the two layouts in ../shared/data/claim-matching/
LAYOUTS = [
    ("verified_claims.jsonl", "dev_queries.jsonl", "dev_qrels.tsv"),
    ("claims.jsonl", "queries.jsonl", "qrels.tsv"),
]


def load_dataset(directory: Path) -> tuple[list[dict], list[dict], dict[str, set[str]]]:
    for claims_name, queries_name, qrels_name in LAYOUTS:
        if (directory / claims_name).exists():
            claims = [json.loads(line) for line in (directory / claims_name).read_text().splitlines() if line.strip()]
            queries = [json.loads(line) for line in (directory / queries_name).read_text().splitlines() if line]
            qrels: dict[str, set[str]] = {}
            for line in (directory / qrels_name).read_text().splitlines():
                if line.strip():
                    query_id, claim_id = line.split("\t")[:2]
                    qrels.setdefault(query_id.strip(), set()).add(claim_id.strip())
            return claims, queries, qrels
    raise FileNotFoundError(f"{directory}: no verified_claims.jsonl or claims.jsonl")


def claim_url(claim_id: str) -> str:
    # The lab's claims have no stable URL of their own; the import identifies fact-checks by URL.
    return f"https://claim-matching.invalid/{claim_id}"


def as_claimreviews(claims: list[dict]) -> list[dict]:
    return [
        {
            "@type": "ClaimReview",
            "url": claim_url(c["id"]),
            "claimReviewed": c["text"],
            "name": c.get("title") or "",
            "inLanguage": "en",
            "reviewRating": {"alternateName": "(not given)"},
            **({"datePublished": published.isoformat()} if (published := _lab_date(c.get("date"))) else {}),
        }
        for c in claims
    ]


def _lab_date(value):
    """The 2021 claims' "26 May 2015" (the 2020 edition gives none)."""
    import datetime as dt

    try:
        return dt.datetime.strptime(" ".join((value or "").split()), "%d %B %Y").date()
    except ValueError:
        return None


class CachedEmbedder:
    """The matcher's embedder with the vectors of earlier runs (archive.embedding.VectorCache)."""

    def __init__(self, cache):
        self.cache = cache
        self.model_id, self.dimensions = cache.embedder.model_id, cache.embedder.dimensions

    def query(self, text: str):
        return self.cache.query(text)

    def passages(self, texts: list[str]):
        return self.cache.passages(texts)


def run_dataset(directory: Path, *, embedder=None, lexical_only=False, progress=None) -> dict:
    """Import the lab's verified claims through the ClaimReview import (in a transaction that is rolled back,
    with the archive's own entries hidden inside it), embed them, and match every query; returns the figures of
    the lexical stage alone and of both stages, and per-query evidence for calibration."""
    import time

    from archive import frequencies, matching

    claims, queries, qrels = load_dataset(directory)
    lexical = matching.LexicalMatcher()
    hybrid = None if lexical_only else matching.HybridMatcher(embedder=embedder)
    reports = {"lexical": DatasetReport("lexical"), "hybrid": DatasetReport("words + meaning")}
    evidence_rows = []
    out = {}
    try:
        with transaction.atomic():
            Entry.objects.all().delete()  # only this data set, for the length of the transaction
            started = time.perf_counter()
            services.fact_checks_import(data=json.dumps(as_claimreviews(claims)), matcher=lexical)
            out["import_per_second"] = len(claims) / (time.perf_counter() - started)
            frequencies.analyze()
            matching.forget_cached_languages()
            if hybrid is not None:
                ids = list(Entry.objects.order_by("pk").values_list("pk", flat=True))
                started = time.perf_counter()
                for start in range(0, len(ids), 512):
                    services.entries_embed(ids[start : start + 512], embedder=embedder)
                    if progress:
                        progress(f"embedded {min(start + 512, len(ids))} of {len(ids)}")
                out["embed_seconds"] = time.perf_counter() - started
                out["embedded"] = Entry.objects.exclude(embedding=None).count()
            for i, q in enumerate(queries):
                expected = {claim_url(c) for c in qrels.get(str(q["id"]), ())}
                if not expected:
                    continue
                # Timed: what a request does (the first five results); then the first 50 ids, for recall@50.
                started = time.perf_counter()
                query = lexical.query(q["text"], language="en")
                ranked = lexical.rank(query) if query else []
                first = lexical.results(query, ranked[:5]) if ranked else []
                seconds = time.perf_counter() - started
                urls = _urls([pk for pk, _ in ranked[:50]])
                reports["lexical"].add(urls, expected, urls_likely(first[:1]), seconds)
                if hybrid is not None:
                    started = time.perf_counter()
                    query = hybrid.query(q["text"], language="en")
                    ranked = hybrid.rank(query)
                    first = hybrid.results(query, ranked[:5])
                    seconds = time.perf_counter() - started
                    urls = _urls([pk for pk, _ in ranked[:100]])
                    top = first[0].score if first else 0.0
                    reports["hybrid"].add(urls[:50], expected, urls_likely(first[:1]), seconds, top_score=top)
                    evidence_rows += [
                        (q["id"], pk, ev, url in expected) for (pk, ev), url in zip(ranked[:100], urls, strict=True)
                    ]
                if progress and i % 50 == 49:
                    progress(f"matched {i + 1} of {len(queries)}")
            raise _Rollback
    except _Rollback:
        pass
    out["reports"] = reports
    out["evidence"] = evidence_rows
    out["claims"], out["queries"] = len(claims), reports["lexical"].queries
    return out


def fit_combination(evidence_rows, queries: int, *, folds: int = 5, weights=None, seed: int = 0) -> dict:
    """A logistic regression over `scoring.features` of every query's candidates (right or not), and its MAP@5
    when each query is ranked by a model fitted on the other folds' queries only (`folds`-fold, split by query),
    so that the figure is not measured on what it was fitted to. `queries` counts every query, also those whose
    answer is among no candidates. Returns the cross-validated MAP@5, that of the fixed weights on the same
    candidates, and the coefficients fitted on all queries (intercept first) for `scoring.Weights.learned`."""
    import random

    import numpy as np
    from sklearn.linear_model import LogisticRegression

    from archive import scoring

    weights = weights or scoring.Weights()
    by_query: dict = {}
    for query_id, _pk, ev, right in evidence_rows:
        by_query.setdefault(query_id, []).append((scoring.features(ev, weights), right, ev))
    ids = sorted(by_query, key=str)
    random.Random(seed).shuffle(ids)
    X = {q: np.array([f for f, _, _ in rows]) for q, rows in by_query.items()}
    y = {q: np.array([r for _, r, _ in rows]) for q, rows in by_query.items()}

    def reciprocal_rank(scores, right) -> float:
        order = sorted(range(len(scores)), key=lambda i: -scores[i])[:K]
        return next((1 / (i + 1) for i, j in enumerate(order) if right[j]), 0.0)

    cross_validated = 0.0
    for fold in range(folds):
        test = set(ids[fold::folds])
        train = [q for q in ids if q not in test]
        model = LogisticRegression(C=1.0, max_iter=5000).fit(
            np.concatenate([X[q] for q in train]), np.concatenate([y[q] for q in train])
        )
        for q in test:
            cross_validated += reciprocal_rank(model.decision_function(X[q]), y[q])
    fixed = sum(
        reciprocal_rank([scoring.combined(ev, weights) for _, _, ev in rows], [r for _, r, _ in rows])
        for rows in by_query.values()
    )
    model = LogisticRegression(C=1.0, max_iter=5000).fit(
        np.concatenate(list(X.values())), np.concatenate(list(y.values()))
    )
    return {
        "cross-validated MAP@5": cross_validated / queries,
        "fixed MAP@5": fixed / queries,
        "coefficients": (float(model.intercept_[0]), *(float(c) for c in model.coef_[0])),
    }


def _urls(ids: list[int]) -> list[str]:
    urls = dict(Entry.objects.filter(pk__in=ids).values_list("pk", "url"))
    return [urls[pk] for pk in ids]


def urls_likely(results) -> list[str]:
    return [m.url for m in results if m.likely_match]


def run_crosslingual(matcher, directory: Path = DIRECTORY) -> dict:
    """Top-5 share and MAP@5 on the cross-language set (see evaluation/crosslingual/README.md); rolled back."""
    queries = json.loads((directory / "crosslingual" / "queries.json").read_text())["queries"]
    found, ap, misses = 0, 0.0, []
    try:
        with transaction.atomic():
            urls = []
            for feed in (directory / "factchecks.json", directory / "crosslingual" / "factchecks.json"):
                services.fact_checks_import(data=feed.read_bytes(), matcher=matcher)
                urls += [i["url"] for e in json.loads(feed.read_text())["dataFeedElement"] for i in e["item"]]
            within = list(Entry.objects.filter(fact_check__url__in=urls).values_list("id", flat=True))
            services.entries_embed(within, embedder=matcher.embedder)
            for query in queries:
                results = [m.url for m in matcher.match(query["text"], limit=K, within=within)]
                if query["expected"] in results:
                    found += 1
                    ap += 1 / (results.index(query["expected"]) + 1)
                else:
                    misses.append(f"{query['id']} {query['text']}")
            raise _Rollback
    except _Rollback:
        pass
    return {"queries": len(queries), "top5": found / len(queries), "map5": ap / len(queries), "misses": misses}
