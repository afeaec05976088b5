"""Suggestion reasons are stored as a code and parameters and read in the reader's language."""

import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation
from rest_framework.test import APIClient

from suggestions import finder
from suggestions.detectors import reasons as r
from suggestions.detectors.reasons import Reason
from suggestions.gazetteer import common_words, package_gazetteer
from suggestions.models import Suggestion, SuggestionKind
from suggestions.reasons import reason_html, reason_text
from tests.factories import ArticleFactory
from tests.suggestions.helpers import DEMO_TEXT, demo_article, run_worker_job

migration = importlib.import_module("suggestions.migrations.0002_reason_code_and_params")

# Text that sets off most rules: names spelt two ways, money, percentages, comparisons, quotes.
VARIED = (
    DEMO_TEXT + "\n\nTrade rose 12% to $9.8 billion, the highest level since 2015, much higher than in Kazakhstan. "
    "Officials in Ashgabat and Ashgabad met on Monday. Ashgabat hosted 3,000 delegates for two weeks.\n\n“We will "
    "never accept this, whatever they say,” he said.\n\n“Nor will we, now or later,” a minister told reporters."
)


@pytest.fixture(scope="module")
def findings():
    return finder.find(VARIED, names=package_gazetteer().with_names(["Araghchi"]), words=common_words())


def test_every_finding_has_a_known_code_and_english_sentence(findings):
    codes = {f.reason.code for f in findings} | {d.code for f in findings for d in f.reason.details}
    assert codes <= set(r.TEMPLATES)
    assert len(codes) >= 8  # the text above reaches most of the rules
    name = next(f for f in findings if f.kind == finder.NAME and f.correction == "Ashgabat")
    assert name.reason.code == r.DID_YOU_MEAN and name.reason.params == {"correction": "Ashgabat"}
    assert name.reason.details and name.reason.text().startswith("Did you mean Ashgabat? ")


def test_stored_reasons_read_back_the_same(findings):
    for f in findings:
        assert Reason.from_stored(*f.reason.stored()) == f.reason


def test_reasons_speak_russian_and_persian():
    reason = Reason(
        r.DID_YOU_MEAN,
        {"correction": "Ashgabat"},
        (Reason(r.ARTICLE_MORE_OFTEN, {"spelling": "Ashgabat", "count": 12}),),
    )
    with translation.override("ru"):
        assert (
            reason_text(reason)
            == "Возможно, имелось в виду Ashgabat? В статье встречается и «Ashgabat» (число упоминаний: 12)."
        )
    with translation.override("fa"):
        # The count in Persian digits, as every number in the Persian interface.
        assert reason_text(reason) == "آیا منظور Ashgabat بود؟ مقاله «Ashgabat» را هم نوشته است (۱۲ بار)."
    with translation.override("en-gb"):
        assert reason_text(reason) == "Did you mean Ashgabat? The article also writes “Ashgabat” (12 times)."
    with translation.override("ru"):
        assert reason_text(Reason(r.MONEY)) == "Денежная сумма: проверьте число, валюту и к чему она относится."


def test_reason_html_isolates_and_escapes_the_article_text():
    reason = Reason(r.KNOWN_PLACE, {"name": "Ashgabat", "phrase": "<script>alert(1)</script>"})
    with translation.override("fa"):
        html = str(reason_html(reason))
    assert html == "<bdi>Ashgabat</bdi> مکانی شناخته‌شده است؛ «<bdi>&lt;script&gt;alert(1)&lt;/script&gt;</bdi>» نیست."


def test_the_panel_shows_the_reason_in_the_interface_language(editor_client, editor):
    article = demo_article(editor)
    run_worker_job(article)
    html = editor_client.get(f"/articles/{article.pk}/suggestions/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Возможно, имелось в виду <bdi>Ashgabat</bdi>?" in html
    assert "Did you mean" not in html


def test_the_api_gives_the_reason_in_the_requests_language_with_its_code_and_params(editor):
    article = demo_article(editor)
    run_worker_job(article)
    client = APIClient()
    client.force_authenticate(editor)
    url = f"/api/v1/articles/{article.pk}/suggestions/"
    english = next(s for s in client.get(url).json()["results"] if s["quote"] == "Ashgatat")
    persian = next(s for s in client.get(url, HTTP_ACCEPT_LANGUAGE="fa").json()["results"] if s["quote"] == "Ashgatat")
    assert english["reason"].startswith("Did you mean Ashgabat?")
    assert persian["reason"].startswith("آیا منظور Ashgabat بود؟")
    assert english["reason_code"] == persian["reason_code"] == "name.did_you_mean"
    assert english["reason_params"] == persian["reason_params"]
    assert english["reason_params"]["correction"] == "Ashgabat" and english["reason_params"]["details"]


def test_accepting_a_misspelt_name_writes_the_reason_as_rationale_in_the_editors_language(editor, editor_client):
    article = demo_article(editor)
    run_worker_job(article)
    suggestion = Suggestion.objects.get(article=article, quote="Ashgatat")
    editor_client.post(f"/suggestions/{suggestion.pk}/accept/", HTTP_ACCEPT_LANGUAGE="ru")
    suggestion.refresh_from_db()
    assert suggestion.claim.rationale.startswith("Возможно, имелось в виду Ashgabat?")


def test_the_migration_reads_every_english_sentence_back_into_its_code(findings):
    for f in findings:
        assert migration.parse(f.reason.text()) == f.reason.stored(), f.reason.text()
        assert migration.render(*f.reason.stored()) == f.reason.text()
    assert migration.parse("Something a detector once wrote.") == ("text", {"text": "Something a detector once wrote."})
    assert (
        Reason.from_stored("text", {"text": "Something a detector once wrote."}).text()
        == "Something a detector once wrote."
    )


@pytest.mark.django_db(transaction=True)
def test_the_migration_converts_stored_rows_and_back(editor):
    article = ArticleFactory(body="Officials in Ashgatat met 24 leaders.", created_by=editor)
    executor = MigrationExecutor(connection)
    before, after = [("suggestions", "0001_initial")], [("suggestions", "0002_reason_code_and_params")]
    try:
        executor.migrate(before)
        Old = executor.loader.project_state(before).apps.get_model("suggestions", "Suggestion")
        sentences = {
            "Ashgatat": "Did you mean Ashgabat? Ashgabat is a known place; “Ashgatat” is not. "
            "The article also writes “Ashgabat” (3 times).",
            "24 leaders": "Count or quantity: check the figure.",
            "met": "An old sentence no template matches.",
        }
        for quote, sentence in sentences.items():
            start = article.body.index(quote)
            Old.objects.create(
                article_id=article.pk,
                start=start,
                end=start + len(quote),
                quote=quote,
                kind=SuggestionKind.NUMBER,
                reason=sentence,
                score=0.5,
                fingerprint=quote,
            )
        executor = MigrationExecutor(connection)
        executor.migrate(after)
    finally:
        MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    rows = {s.quote: s for s in Suggestion.objects.filter(article=article)}
    name = rows["Ashgatat"]
    assert name.reason_code == "name.did_you_mean"
    assert name.reason_params == {
        "correction": "Ashgabat",
        "details": [
            {"code": "name.known_place", "params": {"name": "Ashgabat", "phrase": "Ashgatat"}},
            {"code": "name.article_more_often", "params": {"spelling": "Ashgabat", "count": 3}},
        ],
    }
    assert (rows["24 leaders"].reason_code, rows["24 leaders"].reason_params) == ("number.count", {})
    with translation.override("ru"):
        assert rows["24 leaders"].reason_text() == "Число или количество: проверьте цифру."
        assert rows["met"].reason_text() == "An old sentence no template matches."
        assert name.reason_text().endswith("(число упоминаний: 3).")
