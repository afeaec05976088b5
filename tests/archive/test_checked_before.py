"""'Checked before': approved claims join the archive, matches in the workspace box, one-click reuse."""

import json
import re

import pytest

from annotations import services
from archive import matching, selectors
from archive import services as archive_services
from archive.models import Entry, Reuse
from tests.archive import helpers
from tests.archive.test_claimreview import REVIEW

pytestmark = pytest.mark.django_db

BRICS = {
    **REVIEW,
    "url": "https://checks.example/brics",
    "claimReviewed": "Leaders of 24 countries attended the BRICS summit in Kazan.",
    "reviewRating": {"alternateName": "Mostly true", "ratingValue": 4, "bestRating": 5, "worstRating": 1},
    "reviewBody": "The Kremlin counted 24 heads of state.",
    "author": {"name": "Checks Desk"},
}


@pytest.fixture
def imported(db):
    archive_services.fact_checks_import(data=json.dumps(BRICS))
    return Entry.objects.get(fact_check__url=BRICS["url"])


def test_an_approved_claim_joins_the_archive_and_leaves_it_when_reopened(editor, reviewer):
    article = helpers.article(editor)
    claim = helpers.approved(
        article,
        editor,
        reviewer,
        "Leaders of 24 countries",
        statement="Leaders of 24 countries attend the BRICS summit.",
    )
    entry = Entry.objects.get(claim=claim)
    assert (entry.rating_label, entry.article_id, entry.url) == ("True", article.pk, f"/claims/{claim.pk}/")
    [match] = selectors.matches_for_text("Twenty-four leaders attend the BRICS summit", language="en")
    assert (match.claim, match.article, match.likely_match) == (claim.pk, article.pk, True)
    services.claim_reopen(claim=claim, user=reviewer, reason="New figures")
    assert not Entry.objects.filter(claim=claim).exists()


def test_a_claim_never_matches_itself(editor, reviewer):
    article = helpers.article(editor)
    claim = helpers.approved(
        article, editor, reviewer, "Leaders of 24 countries", statement="Leaders of 24 countries attend."
    )
    assert selectors.matches_for_claim(claim) == []


def test_the_box_for_a_selection_lists_matches_with_verdict_and_date(editor_client, editor, imported):
    article = helpers.article(editor)
    response = editor_client.get(
        "/checked-before/",
        {"text": "leaders of 24 countries at the summit in Kazan", "article": article.pk},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and "HX-Request" in response["Vary"]
    html = response.content.decode()
    text = re.sub(r"<[^>]+>", "", html)  # the statement's shared words are marked, the date is a <time>
    assert 'id="checked-before"' in html and "Leaders of 24 countries attended the BRICS summit in Kazan." in text
    assert "<mark>" in html and "Mostly true" in text and "25 Oct 2024" in text and "Likely match" in text


def test_reuse_copies_verdict_rationale_and_source_into_a_draft_and_links_it(editor_client, editor, imported):
    article = helpers.article(editor)
    claim = helpers.claim(article, editor, "Leaders of 24 countries")
    response = editor_client.post(
        f"/claims/{claim.pk}/reuse/", {"entry": imported.pk, "version": claim.version}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    claim.refresh_from_db()
    assert claim.verdict.slug == "mostly-true"
    assert "“Leaders of 24 countries attended the BRICS summit in Kazan.” was rated Mostly true" in claim.rationale
    assert "The Kremlin counted 24 heads of state." in claim.rationale
    assert list(claim.sources.values_list("url", "publisher")) == [(BRICS["url"], "Checks Desk")]
    assert Reuse.objects.get(claim=claim).fact_check_id == imported.fact_check_id
    box = editor_client.get(f"/claims/{claim.pk}/checked-before/", HTTP_HX_REQUEST="true").content.decode()
    assert 'id="reused-from"' in box and BRICS["url"] in box


def test_reusing_our_own_approved_claim_copies_its_sources(editor_client, editor, reviewer):
    first = helpers.article(editor)
    original = helpers.approved(
        first,
        editor,
        reviewer,
        "Leaders of 24 countries",
        statement="Leaders of 24 countries attend.",
        rationale="The Kremlin said so.",
    )
    second = helpers.article(editor, title="Again")
    draft = helpers.claim(second, editor, "Leaders of 24 countries")
    entry = Entry.objects.get(claim=original)
    archive_services.reuse_into_claim(claim=draft, entry=entry, user=editor, version=draft.version)
    draft.refresh_from_db()
    assert (draft.verdict, draft.rationale) == (original.verdict, "The Kremlin said so.")
    assert list(draft.sources.values_list("url", flat=True)) == list(original.sources.values_list("url", flat=True))
    assert Reuse.objects.get(claim=draft).original_claim == original


def test_one_click_from_a_selection_creates_the_claim_with_the_verdict(editor_client, editor, imported):
    article = helpers.article(editor)
    quote = "Leaders of 24 countries"
    start = article.body.index(quote)
    response = editor_client.post(
        f"/articles/{article.pk}/reuse/",
        {
            "entry": imported.pk,
            "start": start,
            "end": start + len(quote),
            "quote": quote,
            "kind": "number",
            "claim": "",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    claim = article.claims.get()
    assert (claim.exact, claim.kind, claim.verdict.slug, claim.statement) == (
        quote,
        "number",
        "mostly-true",
        BRICS["claimReviewed"],
    )
    assert Reuse.objects.filter(claim=claim).exists()
    assert 'id="claim-card"' in response.content.decode()


def test_an_approved_claim_cannot_take_over_a_verdict(editor_client, editor, reviewer, imported):
    article = helpers.article(editor)
    claim = helpers.approved(article, editor, reviewer, "Leaders of 24 countries")
    response = editor_client.post(
        f"/claims/{claim.pk}/reuse/", {"entry": imported.pk, "version": claim.version}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 422
    assert str(archive_services.ERR_NOT_DRAFT) in response.content.decode()


def test_a_stale_version_is_refused_and_changes_nothing(editor_client, editor, imported):
    article = helpers.article(editor)
    claim = helpers.claim(article, editor, "Leaders of 24 countries")
    response = editor_client.post(
        f"/claims/{claim.pk}/reuse/", {"entry": imported.pk, "version": claim.version + 1}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 409
    assert "Someone changed this claim meanwhile" in response.content.decode()
    claim.refresh_from_db()
    assert claim.verdict is None and not Reuse.objects.exists()


def test_an_unmapped_imported_verdict_leaves_ours_empty_but_keeps_the_label_in_the_rationale(editor, imported):
    imported.fact_check.rating_label, imported.fact_check.rating_value = "Pants on fire", None
    imported.fact_check.save()
    article = helpers.article(editor)
    claim = helpers.claim(article, editor, "Leaders of 24 countries")
    archive_services.reuse_into_claim(claim=claim, entry=imported, user=editor, version=claim.version)
    claim.refresh_from_db()
    assert claim.verdict is None and "was rated Pants on fire" in claim.rationale


def test_the_demo_archive_matches_the_demo_claims(editor):
    from django.core.management import call_command

    call_command("load_demo_archive")
    call_command("load_demo_archive")
    assert Entry.objects.filter(fact_check__isnull=False).count() == 8
    [best, *_] = selectors.matches_for_text(
        "Leaders of 24 countries were expected to attend the BRICS summit in Kazan.", language="en"
    )
    assert best.likely_match and best.url == "https://factcheck.example/demo/brics-kazan-24-leaders"


def test_in_the_suggestions_panel_the_box_informs_without_reuse(editor_client, editor, imported):
    article = helpers.article(editor)
    from suggestions import analysis

    analysis.analysis_run(article.pk)
    panel = editor_client.get(f"/articles/{article.pk}/suggestions/", HTTP_HX_REQUEST="true").content.decode()
    assert "Checked before?" in panel and "in=suggestion" in panel
    box = editor_client.get(
        "/checked-before/",
        {"text": "leaders of 24 countries", "article": article.pk, "in": "suggestion"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert BRICS["claimReviewed"] in re.sub(r"</?mark>", "", box)  # the words it shares are marked
    assert "Reuse" not in box and 'id="checked-before"' not in box


@pytest.mark.django_db
def test_a_nul_character_in_the_text_is_a_400_naming_the_field(api):
    answer = api.get("/api/v1/checked-before/", {"text": "\x00s"})
    assert answer.status_code == 400 and "text" in answer.json()["errors"]


def test_stale_statistics_do_not_hide_the_fact_check_that_shares_most_words(editor, monkeypatch):
    """Statistics from before the last load (other rows, analysed earlier) call the text's distinctive words common.
    A small archive counts its words instead, so the fact-check holding the rare ones stays first."""
    from django.core.management import call_command

    call_command("load_demo_archive")
    stale = {"leader": 0.95, "countri": 0.95, "24": 0.95, "expect": 0.95}
    monkeypatch.setattr(matching, "lexeme_frequencies", lambda table, column: stale)
    [best, *_] = selectors.matches_for_text(
        "Leaders of 24 countries were expected to attend the BRICS summit in Kazan.", language="en"
    )
    assert best.url == "https://factcheck.example/demo/brics-kazan-24-leaders"
