"""schema.org ClaimReview for a published claim, and the DataFeed that lists them. Pure mapping, no Django.

Google's rules (https://developers.google.com/search/docs/appearance/structured-data/factcheck): required
`claimReviewed`, `reviewRating` (a Rating whose `alternateName` is the verdict as text; a numeric
`ratingValue` comes with `bestRating` and `worstRating` so it can be read on the scale) and `url` (the page
with the fact-check, on the site that shows it); recommended `author` (the organisation, by the desk's byline:
never a person's name), `datePublished` and `itemReviewed` (a Claim with `appearance`, `author` where known,
`datePublished`). tests/reader/test_feed.py validates every item of the feed against them.
"""

from annotations.exports import claimreview


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def article_address(article, site_url: str) -> str:
    """Where the article is read: its own address, else our public page of its published claims (a web page, as
    Google asks of a ClaimReview's url; each claim has its anchor there)."""
    if article.url:
        return article.url
    return f"{site_url}/public/articles/{article.pk}/"


def claim_review(claim, article, *, byline: str, newsroom_url: str, site_url: str) -> dict:
    """One published claim (annotations.models.PublishedClaim) of a public article (selectors.PublicArticle)."""
    address = article_address(article, site_url)
    rating = claimreview.review_rating(claim.verdict_label, claim.verdict_value) | {"name": claim.verdict_label}
    item = claimreview.item_reviewed(article=article, article_url=address, claimant=claim.claimant)
    review = {
        "@type": "ClaimReview",
        "@id": f"{site_url}/public/claimreview.json#claim-{claim.claim_id}",
        "url": f"{address}#claim-{claim.claim_id}",
        "claimReviewed": claim.statement,
        "reviewRating": rating,
        "author": {"@type": "Organization", "name": byline, "url": newsroom_url},
        "datePublished": _iso(claim.published_at),
        "dateModified": _iso(claim.modified_at),
        "itemReviewed": item,
        "version": claim.version,
    }
    if article.language:
        review["inLanguage"] = article.language
    if claim.rationale:
        review["reviewBody"] = claim.rationale
    if claim.correction_note:
        review["correction"] = {"@type": "CorrectionComment", "text": claim.correction_note}
    return review


def data_feed(reviews: list[dict], *, byline: str, newsroom_url: str, url: str, date_modified) -> dict:
    """A page of the feed: schema.org DataFeed whose elements are ClaimReviews."""
    return {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "name": f"{byline}: fact-checks",
        "url": url,
        "publisher": {"@type": "Organization", "name": byline, "url": newsroom_url},
        "dateModified": _iso(date_modified),
        "dataFeedElement": reviews,
    }
