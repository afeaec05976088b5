"""schema.org ClaimReview JSON-LD, as Google's Fact Check tools read it. Pure mapping, no Django.

https://developers.google.com/search/docs/appearance/structured-data/factcheck: required `claimReviewed`,
`reviewRating` (with `alternateName`, and `ratingValue`/`bestRating`/`worstRating` where numeric), `url`,
`author`; recommended `datePublished` and `itemReviewed` (a Claim with `appearance` and `author`).
"""

BEST, WORST = 5, 1


def _date(value) -> str | None:
    return value.isoformat() if value is not None else None


def review_rating(label: str, value: int | None) -> dict:
    """The verdict as a Rating: its label, and where the scale gives it a number, the number on that scale."""
    rating = {"@type": "Rating", "alternateName": label}
    if value is not None:
        rating |= {"ratingValue": value, "bestRating": BEST, "worstRating": WORST}
    return rating


def item_reviewed(*, article, article_url: str, claimant: str) -> dict:
    """The Claim reviewed: where it appeared (the article) and who made it, where known."""
    appearance = {"@type": "NewsArticle", "url": article_url, "headline": article.title}
    if article.published_at:
        appearance["datePublished"] = _date(article.published_at)
    if article.publication:
        appearance["publisher"] = {"@type": "Organization", "name": article.publication}
    item = {"@type": "Claim", "appearance": appearance}
    if article.published_at:
        item["datePublished"] = _date(article.published_at)
    if claimant:
        item["author"] = {"@type": "Person", "name": claimant}
    return item


def claim_review(*, article, claim, article_url: str, newsroom_name: str, newsroom_url: str) -> dict:
    rating = review_rating(claim.verdict.label, claim.verdict.value)
    item = item_reviewed(article=article, article_url=article_url, claimant=claim.claimant)
    reviewed = claim.reviewed_at or claim.updated
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"{article_url}#claim-{claim.pk}",
        "claimReviewed": claim.statement,
        "reviewRating": rating,
        "author": {"@type": "Organization", "name": newsroom_name, "url": newsroom_url},
        "datePublished": _date(reviewed.date()),
        "itemReviewed": item,
    }


def claim_reviews(*, article, claims, article_url: str, newsroom_name: str, newsroom_url: str) -> list[dict]:
    """One ClaimReview per approved claim that has a verdict."""
    return [
        claim_review(
            article=article, claim=c, article_url=article_url, newsroom_name=newsroom_name, newsroom_url=newsroom_url
        )
        for c in claims
        if c.status == "approved" and c.verdict_id is not None
    ]
