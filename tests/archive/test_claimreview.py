"""Reading ClaimReview in every accepted shape (pure, no database)."""

import datetime as dt
import json

import pytest

from archive import claimreview

REVIEW = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "url": "https://checks.example/a",
    "claimReviewed": "Leaders of 24 countries attended the summit.",
    "datePublished": "2024-10-25",
    "author": {"@type": "Organization", "name": "Checks", "url": "https://checks.example/"},
    "reviewRating": {"@type": "Rating", "alternateName": "True", "ratingValue": "5", "bestRating": 5, "worstRating": 1},
    "itemReviewed": {
        "@type": "Claim",
        "author": {"@type": "Person", "name": "A Minister"},
        "datePublished": "2024-10-24",
        "appearance": [{"url": "https://news.example/1"}, "https://news.example/2"],
    },
}


def other(url, **changes):
    return {**REVIEW, "url": url, **changes}


def test_one_object_keeps_every_field_the_issue_names():
    [(index, record)], problems = claimreview.parse(json.dumps(REVIEW))
    assert (index, problems) == (0, [])
    assert record.url == "https://checks.example/a"
    assert record.claim_reviewed == "Leaders of 24 countries attended the summit."
    assert (record.rating_label, record.rating_value, record.best_rating, record.worst_rating) == ("True", 5, 5, 1)
    assert record.date_published == dt.date(2024, 10, 25)
    assert (record.author_name, record.author_url) == ("Checks", "https://checks.example/")
    assert (record.claim_author, record.claim_date) == ("A Minister", dt.date(2024, 10, 24))
    assert record.appearances == ("https://news.example/1", "https://news.example/2")


def test_an_array_and_a_data_feed_give_the_same_records():
    array = [REVIEW, other("https://checks.example/b")]
    feed = {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "dataFeedElement": [
            {"@type": "DataFeedItem", "item": [REVIEW]},
            {"@type": "DataFeedItem", "item": other("https://checks.example/b")},
        ],
    }
    from_array, _ = claimreview.parse(json.dumps(array))
    from_feed, _ = claimreview.parse(json.dumps(feed).encode())
    assert (
        [r.url for _, r in from_array]
        == [r.url for _, r in from_feed]
        == ["https://checks.example/a", "https://checks.example/b"]
    )


def test_csv_with_the_same_columns():
    text = (
        "url,claimReviewed,reviewRating.alternateName,reviewRating.ratingValue,datePublished,author.name,"
        "itemReviewed.author.name,itemReviewed.appearance\n"
        'https://checks.example/c,"Bitcoin uses more electricity than Argentina.",Mostly true,4,2021-02-12,Checks,'
        "A study,https://a.example/1|https://a.example/2\n"
    )
    [(_, record)], problems = claimreview.parse(text.encode(), content_type="text/csv")
    assert problems == []
    assert (record.rating_label, record.rating_value, record.claim_author) == ("Mostly true", 4.0, "A study")
    assert record.appearances == ("https://a.example/1", "https://a.example/2")


@pytest.mark.parametrize(
    "item, problem",
    [
        (other("https://x.example/1", claimReviewed=""), "claimReviewed: required."),
        ({**REVIEW, "url": None}, "url: required (it identifies the fact-check)."),
        (other("ftp://x.example/1"), "url: must be an http(s) URL of at most 2000 characters."),
        (other("https://x.example/2", reviewRating={"ratingValue": 1}), "reviewRating.alternateName: required."),
        (
            other("https://x.example/3", datePublished="yesterday"),
            "datePublished: expected a date like 2024-10-25, not 'yesterday'.",
        ),
        (
            other("https://x.example/4", reviewRating={"alternateName": "False", "ratingValue": "low"}),
            "reviewRating.ratingValue: expected a number, not 'low'.",
        ),
        (other("https://x.example/5", **{"@type": "NewsArticle"}), "@type: expected ClaimReview, not 'NewsArticle'."),
        ("just a string", "Expected a JSON object."),
    ],
)
def test_a_bad_item_is_reported_with_its_field_and_the_others_still_read(item, problem):
    records, problems = claimreview.parse(json.dumps([REVIEW, item, other("https://checks.example/z")]))
    assert [r.url for _, r in records] == ["https://checks.example/a", "https://checks.example/z"]
    assert problems == [claimreview.Problem(1, problem)]


def test_the_same_url_twice_in_one_file_is_reported():
    _, problems = claimreview.parse(json.dumps([REVIEW, REVIEW]))
    assert problems == [claimreview.Problem(1, "url: the same url as item 0.")]


@pytest.mark.parametrize("text", ["{not json", '"a string"', "42"])
def test_input_that_is_not_claimreview_at_all_raises(text):
    with pytest.raises(ValueError):
        claimreview.parse(text)


@pytest.mark.parametrize("key", ["name", "headline"])
def test_the_fact_checks_title_is_kept_from_name_or_headline(key):
    item = {
        "@type": "ClaimReview",
        "url": "https://x.example/1",
        "claimReviewed": "Oreo sells Lady Gaga cookies.",
        key: "  Are  Lady Gaga Oreos Real? ",
        "reviewRating": {"alternateName": "True"},
    }
    [(_, record)], problems = claimreview.parse(json.dumps(item))
    assert not problems and record.headline == "Are Lady Gaga Oreos Real?"
    assert record.values()["headline"] == "Are Lady Gaga Oreos Real?"
