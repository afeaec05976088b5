"""Importing past fact-checks through the service and the management command."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from archive import services
from archive.evaluation import DIRECTORY
from archive.models import Entry, FactCheck
from tests.archive.test_claimreview import REVIEW, other

pytestmark = pytest.mark.django_db


def test_importing_the_same_feed_twice_creates_nothing_new():
    data = (DIRECTORY / "factchecks.json").read_bytes()
    first = services.fact_checks_import(data=data)
    second = services.fact_checks_import(data=data)
    assert first.as_dict() == {"created": 70, "updated": 0, "unchanged": 0, "errors": []}
    assert second.as_dict() == {"created": 0, "updated": 0, "unchanged": 70, "errors": []}
    assert FactCheck.objects.count() == Entry.objects.count() == 70


def test_a_changed_verdict_updates_the_fact_check_and_what_matching_shows():
    services.fact_checks_import(data=json.dumps(REVIEW))
    changed = other(REVIEW["url"], reviewRating={"alternateName": "Mostly true"})
    assert services.fact_checks_import(data=json.dumps([changed])).as_dict()["updated"] == 1
    assert FactCheck.objects.get().rating_label == Entry.objects.get().rating_label == "Mostly true"


def test_bad_items_are_reported_and_the_rest_imported():
    result = services.fact_checks_import(data=json.dumps([other("https://x.example/1", claimReviewed=""), REVIEW]))
    assert result.as_dict() == {
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "errors": [{"index": 0, "problem": "claimReviewed: required."}],
    }


def test_language_is_detected_when_the_review_does_not_give_it():
    services.fact_checks_import(
        data=json.dumps(
            other("https://x.example/ru", claimReviewed="Банк России повысил ключевую ставку до 21 процента в октябре.")
        )
    )
    entry = Entry.objects.get()
    assert (entry.language, entry.config) == ("ru", "russian")


def test_the_command_imports_a_file_and_prints_the_counts(tmp_path):
    path = tmp_path / "feed.csv"
    path.write_text(
        "url,claimReviewed,reviewRating.alternateName\nhttps://x.example/a,The sky is green.,False\nhttps://x.example/b,,True\n"
    )
    out, err = StringIO(), StringIO()
    call_command("import_claimreview", str(path), stdout=out, stderr=err)
    assert json.loads(out.getvalue()) == {
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "errors": [{"index": 1, "problem": "claimReviewed: required."}],
    }
    assert "1 item(s) not imported" in err.getvalue()


def test_the_command_refuses_a_file_that_is_not_claimreview(tmp_path):
    path = tmp_path / "feed.json"
    path.write_text("{broken")
    with pytest.raises(CommandError, match="neither JSON nor CSV"):
        call_command("import_claimreview", str(path))
