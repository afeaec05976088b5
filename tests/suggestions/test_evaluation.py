"""The quality targets on the shipped labelled texts, and the command that reports them."""

from io import StringIO

import pytest
from django.core.management import call_command

from suggestions import analysis, evaluation


@pytest.mark.parametrize("labels", [evaluation.LABELS, evaluation.HELD_OUT], ids=["development", "held-out"])
def test_finder_meets_the_targets_on_each_labelled_set(labels):
    texts, newsroom_names = evaluation.load(labels)
    report = evaluation.evaluate(texts, lambda body: analysis.find(body, newsroom_names))
    assert report.by_kind["number"].recall >= 0.9
    assert report.by_kind["name"].recall >= 0.9
    assert report.overall.precision >= 0.7


def test_the_development_set_is_the_demo_article_and_at_least_ten_more_texts():
    texts, _ = evaluation.load(evaluation.LABELS)
    assert texts[0].file == "annotations/demo/putin-pezeshkian-ashgabat.txt"
    assert len(texts) >= 11
    assert {label.kind for text in texts for label in text.labels} == {"number", "comparison", "quote", "name"}


def test_evaluate_suggestions_prints_precision_and_recall_per_kind():
    out = StringIO()
    call_command("evaluate_suggestions", "--set", "development", stdout=out)
    lines = out.getvalue().splitlines()
    assert "precision" in lines[1] and "recall" in lines[1]
    assert [line.split()[0] for line in lines[2:7]] == ["name", "number", "comparison", "quote", "overall"]
