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
