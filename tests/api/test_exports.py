"""Exports of the demo article: W3C Web Annotations (checked by the W3C suite), ClaimReview, corrected text, CSV."""

import copy
import csv
import io

import pytest

from annotations import services
from annotations.management.commands import load_demo
from annotations.management.commands.load_demo import Command as LoadDemo
from annotations.models import Claim, ClaimStatus, Rating
from tests.api.conftest import add_claim
from tests.api.w3c import check_w3c_annotations as w3c

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(editor, reviewer, monkeypatch):
    # make_article pops from the module's CLAIMS as it goes; give each test its own copy.
    monkeypatch.setattr(load_demo, "CLAIMS", copy.deepcopy(load_demo.CLAIMS))
    article, _ = LoadDemo().make_article()
    # The demo's submitted claim goes through review like any other: approve it.
    services.claim_approve(claim=Claim.objects.get(article=article, exact="Ashgatat"), user=reviewer)
    return article


def test_demo_annotations_pass_every_w3c_must(api, demo):
    response = api.get(f"/api/v1/articles/{demo.pk}/annotations/")
    assert response.status_code == 200
    assert response["Content-Type"] == 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'
    page = response.json()
    assert page["type"] == "AnnotationPage"
    found = list(w3c.annotations_in(page))
    assert len(found) == demo.claims.count() == 5
    registry = w3c._registry()
    assert {a["id"]: w3c.must_failures(a, registry) for a in found} == {a["id"]: [] for a in found}


def test_each_annotation_assesses_the_claim_at_its_position(api, demo):
    page = api.get(f"/api/v1/articles/{demo.pk}/annotations/").json()
    item = next(a for a in page["items"] if a["target"]["selector"][0]["exact"] == "Ashgatat")
    assert item["motivation"] == "assessing"
    assert item["target"]["source"] == demo.url
    quote, position = item["target"]["selector"]
    assert quote["type"] == "TextQuoteSelector" and position["type"] == "TextPositionSelector"
    assert demo.body[position["start"] : position["end"]] == "Ashgatat"
    bodies = {b.get("purpose"): b for b in item["body"]}
    assert bodies["assessing"]["value"] == "Incorrect"
    assert bodies["editing"]["value"] == "Ashgabat"
    assert bodies["linking"]["source"]["id"] == "https://en.wikipedia.org/wiki/Ashgabat"
    assert item["creator"]["nickname"] == "editor" and item["created"] and item["modified"]


def test_the_w3c_checker_rejects_a_broken_annotation(api, demo):
    item = api.get(f"/api/v1/articles/{demo.pk}/annotations/").json()["items"][0]
    broken = {k: v for k, v in item.items() if k != "target"}
    assert w3c.must_failures(broken, w3c._registry())


def test_claimreview_has_every_required_and_recommended_property(api, demo, settings):
    response = api.get(f"/api/v1/articles/{demo.pk}/claimreview/")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/ld+json")
    reviews = response.json()
    approved = Claim.objects.filter(article=demo, status=ClaimStatus.APPROVED)
    assert len(reviews) == approved.count() == 2
    by_claim = {r["claimReviewed"]: r for r in reviews}
    for review in reviews:
        assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
        assert review["url"].startswith(demo.url + "#claim-")
        assert review["author"] == {
            "@type": "Organization",
            "name": settings.NEWSROOM_NAME,
            "url": settings.NEWSROOM_URL,
        }
        assert len(review["datePublished"]) == 10 and review["datePublished"][4] == "-"  # ISO 8601 date
        assert review["reviewRating"]["@type"] == "Rating" and review["reviewRating"]["alternateName"]
        item = review["itemReviewed"]
        assert item["@type"] == "Claim"
        assert item["appearance"]["url"] == demo.url and item["appearance"]["headline"] == demo.title
        assert item["datePublished"] == "2024-10-11"
    numeric = by_claim["The BRICS summit starts on 22 October."]["reviewRating"]
    assert numeric == {"@type": "Rating", "alternateName": "True", "ratingValue": 5, "bestRating": 5, "worstRating": 1}
    name = by_claim["The conference takes place in “Ashgatat”."]["reviewRating"]
    assert name == {"@type": "Rating", "alternateName": "Incorrect"}  # no place on the scale, so no numbers


def test_claimreview_names_the_claimant_as_author(api, editor, reviewer, article):
    claim = add_claim(
        article, editor, "leaders of 24 countries", claimant="Kremlin", verdict=Rating.objects.get(slug="mostly-true")
    )
    Claim.objects.filter(pk=claim.pk).update(status=ClaimStatus.APPROVED)
    (review,) = api.get(f"/api/v1/articles/{article.pk}/claimreview/").json()
    assert review["itemReviewed"]["author"] == {"@type": "Person", "name": "Kremlin"}
    assert review["reviewRating"]["ratingValue"] == 4


def test_corrected_text_applies_approved_corrections_with_offsets(api, demo):
    response = api.get(f"/api/v1/articles/{demo.pk}/corrected/")
    assert response.status_code == 200 and response["ETag"]
    data = response.json()
    (change,) = data["changes"]
    assert change["old_text"] == "Ashgatat" and change["new_text"] == "Ashgabat"
    assert demo.body[change["old_start"] : change["old_end"]] == "Ashgatat"
    assert data["body"][change["new_start"] : change["new_end"]] == "Ashgabat"
    assert "Ashgatat" not in data["body"] and data["body"].replace("Ashgabat", "") == demo.body.replace(
        "Ashgatat", ""
    ).replace("Ashgabat", "")


def test_corrections_shift_later_offsets_and_skip_overlaps():
    from annotations.exports.corrected import apply_corrections

    text, changes, skipped = apply_corrections("abc def ghi", [(1, 0, 3, "ABCD"), (2, 8, 11, "G"), (3, 1, 2, "x")])
    assert text == "ABCD def G"
    assert [(c.new_start, c.new_end) for c in changes] == [(0, 4), (9, 10)]
    assert skipped == [3]


def rows(response):
    assert response.streaming, "CSV exports stream"
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_csv_of_one_article(api, demo):
    response = api.get(f"/api/v1/articles/{demo.pk}/claims.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    table = rows(response)
    assert len(table) == 5
    ashgatat = next(r for r in table if r["quote"] == "Ashgatat")
    assert (
        ashgatat["verdict"] == "Incorrect"
        and ashgatat["correction"] == "Ashgabat"
        and ashgatat["reviewed_by"] == "reviewer"
    )
    assert ashgatat["sources"] == "https://en.wikipedia.org/wiki/Ashgabat"


def test_csv_by_date_range_and_formula_cells_are_neutralised(api, editor, article):
    add_claim(article, editor, "Ashgatat", statement='=HYPERLINK("http://evil")')
    today = Claim.objects.get().created.date().isoformat()
    assert len(rows(api.get(f"/api/v1/claims.csv?since={today}&until={today}"))) == 1
    assert rows(api.get("/api/v1/claims.csv?until=2000-01-01")) == []
    (row,) = rows(api.get("/api/v1/claims.csv"))
    assert row["claim"].startswith("'=")
    bad = api.get("/api/v1/claims.csv?since=2024-02-01&until=2024-01-01")
    assert bad.status_code == 400 and "until" in bad.json()["errors"]


def test_csv_export_page(client, editor, article):
    add_claim(article, editor, "Ashgatat")
    client.force_login(editor)
    assert "Download CSV" in client.get("/integrations/exports/claims/").content.decode()
    response = client.get("/integrations/exports/claims/?since=2000-01-01&until=")
    assert response["Content-Type"].startswith("text/csv") and len(rows(response)) == 1
    assert client.get("/integrations/exports/claims/?since=bad").status_code == 422


def test_csv_date_range_takes_whole_days_in_the_newsroom_time_zone(api, editor, article):
    from datetime import datetime, time, timedelta

    from django.utils import timezone

    add_claim(article, editor, "Ashgatat")
    add_claim(article, editor, "Ashgabat")
    first, second = Claim.objects.order_by("pk")
    day = timezone.localdate() - timedelta(days=3)
    last_moment = timezone.make_aware(datetime.combine(day, time(23, 59, 59, 999999)))
    Claim.objects.filter(pk=first.pk).update(created=last_moment)
    Claim.objects.filter(pk=second.pk).update(created=last_moment + timedelta(microseconds=1))
    assert [r["claim_id"] for r in rows(api.get(f"/api/v1/claims.csv?until={day}"))] == [str(first.pk)]
    assert [r["claim_id"] for r in rows(api.get(f"/api/v1/claims.csv?since={day + timedelta(days=1)}"))] == [
        str(second.pk)
    ]
    assert [
        r["claim_id"] for r in rows(api.get(f"/api/v1/claims.csv?since={day}&until={day + timedelta(days=1)}"))
    ] == [
        str(first.pk),
        str(second.pk),
    ]
