"""/public/claimreview.json: every published claim as a ClaimReview that Google's rules accept, paged by keyset,
cacheable, and off unless PUBLIC_SITE."""

import re
from datetime import timedelta

import jsonschema
import pytest
from django.db.models import F

from annotations.models import PublishedClaim, Rating
from publishing.models import Destination
from reader import selectors
from tests.reader import published

pytestmark = pytest.mark.django_db

FEED = "/public/claimreview.json"
DATE = r"^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:\d{2})?)?$"
HTTP_URL = {"type": "string", "pattern": r"^https?://\S+$"}
ORGANIZATION_OR_PERSON = {
    "type": "object",
    "required": ["@type", "name"],
    "properties": {"@type": {"enum": ["Organization", "Person"]}, "name": {"type": "string", "minLength": 1}},
}
# Google's fact-check structured data (developers.google.com/search/docs/appearance/structured-data/factcheck):
# required claimReviewed, reviewRating (Rating with alternateName) and url; recommended author, datePublished and
# itemReviewed (a Claim with appearance, author, datePublished). The feed carries all of them for every item.
CLAIM_REVIEW = {
    "type": "object",
    "required": ["@type", "claimReviewed", "reviewRating", "url", "author", "datePublished", "itemReviewed"],
    "properties": {
        "@type": {"const": "ClaimReview"},
        "claimReviewed": {"type": "string", "minLength": 1},
        "url": HTTP_URL,
        "reviewRating": {
            "type": "object",
            "required": ["@type", "alternateName"],
            "properties": {
                "@type": {"const": "Rating"},
                "alternateName": {"type": "string", "minLength": 1},
                "ratingValue": {"type": "integer"},
                "bestRating": {"type": "integer"},
                "worstRating": {"type": "integer"},
            },
            # A number means nothing without the scale it is on.
            "dependentRequired": {"ratingValue": ["bestRating", "worstRating"]},
        },
        "author": ORGANIZATION_OR_PERSON | {"required": ["@type", "name", "url"]},
        "datePublished": {"type": "string", "pattern": DATE},
        "dateModified": {"type": "string", "pattern": DATE},
        "itemReviewed": {
            "type": "object",
            "required": ["@type", "appearance"],
            "properties": {
                "@type": {"const": "Claim"},
                "appearance": {
                    "anyOf": [
                        HTTP_URL,
                        {"type": "object", "required": ["@type", "url"], "properties": {"url": HTTP_URL}},
                    ]
                },
                "author": ORGANIZATION_OR_PERSON,
                "datePublished": {"type": "string", "pattern": DATE},
            },
        },
    },
}
DATA_FEED = {
    "type": "object",
    "required": ["@context", "@type", "dataFeedElement"],
    "properties": {
        "@context": {"const": "https://schema.org"},
        "@type": {"const": "DataFeed"},
        "dataFeedElement": {"type": "array", "items": CLAIM_REVIEW},
    },
}


def google_problems(item: dict) -> list[str]:
    """What Google's rules reject in one ClaimReview: the schema, and a rating off its own scale."""
    problems = [e.message for e in jsonschema.Draft202012Validator(CLAIM_REVIEW).iter_errors(item)]
    rating = item.get("reviewRating", {})
    if "ratingValue" in rating and not rating.get("worstRating", 1) <= rating["ratingValue"] <= rating.get(
        "bestRating", 5
    ):
        problems.append(f"ratingValue {rating['ratingValue']} is off its scale")
    return problems


@pytest.fixture
def public_site(settings):
    settings.PUBLIC_SITE = True
    settings.PUBLIC_BYLINE = "The Checking Desk"
    return settings


def feed(client, url=FEED, **headers):
    response = client.get(url, headers=headers)
    return response, (response.json() if response.status_code == 200 else None)


def test_every_published_claim_is_a_claimreview_googles_rules_accept(client, public_site, editor, reviewer):
    _, en_claims = published.english(editor, reviewer, url="https://cms.example/summit")
    fa, fa_claims = published.persian(editor, reviewer)
    published.corrected(en_claims[2], editor, reviewer, "We first gave the wrong spelling as correct.")
    response, data = feed(client)

    assert response.status_code == 200 and response["Content-Type"] == "application/ld+json"
    jsonschema.validate(data, DATA_FEED)
    items = data["dataFeedElement"]
    assert all(google_problems(item) == [] for item in items)
    assert sorted(item["claimReviewed"] for item in items) == sorted(c.statement for c in en_claims + fa_claims)
    by_statement = {item["claimReviewed"]: item for item in items}
    scale = {r.label: r.value for r in Rating.objects.all()}
    for claim in en_claims + fa_claims:
        item = by_statement[claim.statement]
        rating = item["reviewRating"]
        assert rating["alternateName"] == claim.verdict.label
        assert rating.get("ratingValue") == scale[claim.verdict.label]  # True 5 ... False 1; none for Unverifiable
        assert item["author"] == {"@type": "Organization", "name": "The Checking Desk", "url": public_site.NEWSROOM_URL}
        assert item["itemReviewed"].get("author", {}).get("name", "") == claim.claimant
    grain = by_statement[en_claims[1].statement]
    assert grain["url"] == f"https://cms.example/summit#claim-{en_claims[1].pk}"
    assert grain["itemReviewed"]["appearance"]["url"] == "https://cms.example/summit"
    assert grain["itemReviewed"]["author"] == {"@type": "Person", "name": "The minister of agriculture"}
    assert by_statement[en_claims[2].statement]["correction"]["text"] == "We first gave the wrong spelling as correct."
    assert "correction" not in grain
    # An article without an address of its own: our public reference to its published claims.
    persian_item = by_statement[fa_claims[0].statement]
    page = f"http://testserver/public/articles/{fa.pk}/"
    assert persian_item["itemReviewed"]["appearance"]["url"] == page
    assert persian_item["url"] == f"{page}#claim-{fa_claims[0].pk}"
    html = client.get(page).content.decode()  # a web page with the claim at its anchor, as Google asks
    assert f'id="claim-{fa_claims[0].pk}"' in html and fa_claims[0].statement in html
    assert persian_item["inLanguage"] == "fa"


def test_the_rules_reject_what_google_would():
    good = {
        "@type": "ClaimReview",
        "claimReviewed": "x",
        "url": "https://a.example/#c",
        "reviewRating": {
            "@type": "Rating",
            "alternateName": "False",
            "ratingValue": 1,
            "bestRating": 5,
            "worstRating": 1,
        },
        "author": {"@type": "Organization", "name": "Desk", "url": "https://a.example"},
        "datePublished": "2026-12-07T04:40:00+00:00",
        "itemReviewed": {"@type": "Claim", "appearance": {"@type": "NewsArticle", "url": "https://a.example/"}},
    }
    assert google_problems(good) == []
    assert google_problems({**good, "reviewRating": {"@type": "Rating", "ratingValue": 1}})  # no alternateName
    assert google_problems({**good, "reviewRating": {**good["reviewRating"], "ratingValue": 7}})  # off the scale
    assert google_problems({**good, "reviewRating": {"@type": "Rating", "alternateName": "x", "ratingValue": 2}})
    assert google_problems({key: value for key, value in good.items() if key != "url"})
    assert google_problems({**good, "itemReviewed": {"@type": "Claim"}})


def test_nothing_public_unless_public_site(client, settings, editor, reviewer):
    settings.PUBLIC_SITE = False
    article = published.english(editor, reviewer)[0]
    for url in (
        FEED,
        "/public/embed.js",
        "/public/embed/claims.json?article=cms-en-1",
        f"/public/articles/{article.pk}/",
    ):
        assert client.get(url).status_code == 404, url


def test_the_feed_pages_by_keyset_with_a_next_link(client, public_site, monkeypatch, editor):
    rows = published.published_rows(25, per_article=10, user=editor)
    monkeypatch.setattr(selectors, "FEED_PAGE", 10)
    seen, url, pages = [], FEED, 0
    while url:
        response, data = feed(client, url)
        assert response.status_code == 200
        seen += [item["@id"] for item in data["dataFeedElement"]]
        url = data.get("next")
        assert (response.get("Link") or None) == (f'<{url}>; rel="next"' if url else None)
        pages += 1
    assert pages == 3
    newest_first = sorted(rows, key=lambda r: (r.modified_at, r.pk), reverse=True)
    assert seen == [f"http://testserver/public/claimreview.json#claim-{r.claim_id}" for r in newest_first]


def test_a_bad_cursor_is_a_400_naming_after(client, public_site):
    for bad in ("yesterday", "12", "1.x", "9" * 30 + ".1"):
        response = client.get(FEED, {"after": bad})
        assert response.status_code == 400, bad
        assert list(response.json()["errors"]) == ["after"]


def test_each_page_served_counts_a_copy_of_its_claims_versions(client, public_site, editor, reviewer):
    _, claims = published.english(editor, reviewer)
    first = client.get(FEED)
    client.get(FEED, headers={"If-None-Match": first["ETag"]})  # a 304 confirms the copy the reader holds
    copies = Destination.objects.filter(channel="feed").order_by("claim_id")
    assert [(d.claim_id, d.version, d.sent_count) for d in copies] == [(c.pk, c.version, 2) for c in claims]
    assert not Destination.objects.exclude(channel="feed").exists()


def test_the_feed_answers_304_until_something_published_changes(client, public_site, editor, reviewer):
    _, claims = published.english(editor, reviewer)
    # Published two seconds ago: Last-Modified counts whole seconds, so the correction below is visibly later.
    PublishedClaim.objects.update(modified_at=F("modified_at") - timedelta(seconds=2))
    first, _ = feed(client)
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert first["Cache-Control"].startswith("public, max-age=")
    assert client.get(FEED, headers={"If-None-Match": etag}).status_code == 304
    assert client.get(FEED, headers={"If-None-Match": f"W/{etag}"}).status_code == 304  # as sent compressed
    assert client.get(FEED, headers={"If-Modified-Since": last_modified}).status_code == 304

    published.corrected(claims[0], editor, reviewer, "The list had 22 heads of state.")
    changed = client.get(FEED, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert client.get(FEED, headers={"If-Modified-Since": last_modified}).status_code == 200


def test_a_feed_page_costs_the_same_queries_with_1_and_100_claims(
    client, public_site, editor, django_assert_num_queries
):
    published.published_rows(1, user=editor)
    # The page's claims, their articles, and the copies counted (publishing.services.copies_sent: one statement).
    with django_assert_num_queries(3):
        assert len(client.get(FEED).json()["dataFeedElement"]) == 1
    published.published_rows(99, per_article=10, user=editor)
    with django_assert_num_queries(3):
        assert len(client.get(FEED).json()["dataFeedElement"]) == 100


def test_a_deep_page_is_read_from_the_cursor_on_not_from_the_start(client, public_site, editor):
    """The keyset must bound the index scan: PostgreSQL does not use an OR of the two keyset cases as an index
    condition, so without the redundant bound a page half-way down a big feed read every row before it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    rows = published.published_rows(30, per_article=10, user=editor)
    middle = sorted(rows, key=lambda r: (r.modified_at, r.pk), reverse=True)[15]
    after = f"{int(middle.modified_at.timestamp()) * 1_000_000 + middle.modified_at.microsecond}.{middle.pk}"
    with CaptureQueriesContext(connection) as queries:
        assert len(client.get(FEED, {"after": after}).json()["dataFeedElement"]) == 14
    (sql,) = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].count("annotations_publishedclaim")
        and "annotations_article" not in q["sql"]
        and q["sql"].startswith("SELECT")
    ]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a table this small would be scanned whole anyway
        cursor.execute("EXPLAIN " + sql)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "publishedclaim_modified" in plan
    assert re.search(r"Index Cond: \(modified_at <=", plan), plan
