"""Precision and recall of the finder on the labelled texts in suggestions/evaluation/. Pure Python, no Django.

A finding matches a label when they share the kind and overlap in the text; each label matches at most one
finding and each finding at most one label. For names the proposed correction is compared too. These texts label
the rules' kinds only: a sentence the check-worthiness model flags without a rule finding in it ("statement") is
counted (`Report.statements`) but not scored here; `suggestions.checkworthiness` measures the model.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from suggestions.finder import KINDS, Finding

LABELS = Path(__file__).resolve().parent / "evaluation" / "labels.json"
HELD_OUT = Path(__file__).resolve().parent / "evaluation" / "labels-heldout.json"
ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Label:
    kind: str
    start: int
    end: int
    quote: str
    correction: str = ""


@dataclass
class Text:
    file: str
    body: str
    labels: list[Label]


@dataclass
class Score:
    gold: int = 0
    found: int = 0
    matched: int = 0
    corrections_right: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0


@dataclass
class Report:
    by_kind: dict[str, Score] = field(default_factory=lambda: {kind: Score() for kind in KINDS})
    misses: list[tuple[str, Label]] = field(default_factory=list)
    false_alarms: list[tuple[str, Finding, str]] = field(default_factory=list)
    statements: int = 0  # sentences the model flagged where no rule fired (not labelled in these texts)

    @property
    def overall(self) -> Score:
        total = Score()
        for score in self.by_kind.values():
            total.gold += score.gold
            total.found += score.found
            total.matched += score.matched
            total.corrections_right += score.corrections_right
        return total


def load(path: Path = LABELS) -> tuple[list[Text], list[str]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    texts = []
    for entry in data["texts"]:
        body = normalize((ROOT / entry["file"]).read_text(encoding="utf-8"))
        labels = []
        for item in entry["labels"]:
            start = -1
            for _ in range(item.get("occurrence", 0) + 1):
                start = body.index(item["quote"], start + 1)
            labels.append(
                Label(item["kind"], start, start + len(item["quote"]), item["quote"], item.get("correction", ""))
            )
        texts.append(Text(entry["file"], body, labels))
    return texts, data.get("newsroom_names", [])


def normalize(raw: str) -> str:
    """What the app stores for a pasted plain-text article: paragraphs separated by one blank line."""
    return "\n\n".join(line.strip() for line in raw.replace("\r\n", "\n").split("\n") if line.strip())


def evaluate(texts: list[Text], finder: Callable[[str], list[Finding]]) -> Report:
    report = Report()
    for text in texts:
        findings = finder(text.body)
        report.statements += sum(f.kind not in KINDS for f in findings)
        findings = [f for f in findings if f.kind in KINDS]
        unmatched = list(findings)
        for label in text.labels:
            score = report.by_kind[label.kind]
            score.gold += 1
            match = next(
                (f for f in unmatched if f.kind == label.kind and f.start < label.end and label.start < f.end), None
            )
            if match is None:
                report.misses.append((text.file, label))
                continue
            unmatched.remove(match)
            score.matched += 1
            score.corrections_right += bool(label.correction) and match.correction == label.correction
        for finding in findings:
            report.by_kind[finding.kind].found += 1
        report.false_alarms.extend((text.file, f, text.body[f.start : f.end]) for f in unmatched)
    return report


def combine(reports: list[Report]) -> Report:
    total = Report()
    for report in reports:
        for kind, score in report.by_kind.items():
            into = total.by_kind[kind]
            into.gold, into.found, into.matched = (
                into.gold + score.gold,
                into.found + score.found,
                into.matched + score.matched,
            )
            into.corrections_right += score.corrections_right
        total.statements += report.statements
        total.misses += report.misses
        total.false_alarms += report.false_alarms
    return total


def format_report(report: Report, verbose: bool = False) -> str:
    lines = [f"{'kind':<12}{'labels':>8}{'found':>8}{'matched':>9}{'precision':>11}{'recall':>8}"]
    for kind, s in [*report.by_kind.items(), ("overall", report.overall)]:
        lines.append(f"{kind:<12}{s.gold:>8}{s.found:>8}{s.matched:>9}{s.precision:>11.2f}{s.recall:>8.2f}")
    names = report.by_kind["name"]
    lines.append(f"name corrections right: {names.corrections_right} of {names.matched} matched")
    if report.statements:
        lines.append(f"statements to check (model, no rule finding; not labelled here): {report.statements}")
    if verbose:
        lines.append("")
        lines.append("Missed labels:")
        lines += [f"  {file}: [{label.kind}] {label.quote}" for file, label in report.misses] or ["  none"]
        lines.append("Findings without a label:")
        lines += [f"  {file}: [{f.kind}] {quote}  ({f.reason.text()})" for file, f, quote in report.false_alarms] or [
            "  none"
        ]
    return "\n".join(lines)


def sentences_flagged(sentences: list[str], finder: Callable[[str], list[Finding]], kinds=None) -> list[bool]:
    """The sentences posted as one article, one a paragraph, as an editor would paste them; a sentence counts as
    flagged when a finding (of `kinds`, or any) starts in it. Scored the way the panel shows the article."""
    body = normalize("\n".join(s.replace("\n", " ") for s in sentences))
    starts, position = [], 0
    for paragraph in body.split("\n\n"):
        starts.append(position)
        position += len(paragraph) + 2
    if len(starts) != len(sentences):
        raise ValueError("every sentence must hold some text")
    flagged = [False] * len(starts)
    for f in finder(body):
        if kinds is None or f.kind in kinds:
            flagged[bisect.bisect_right(starts, f.start) - 1] = True
    return flagged
