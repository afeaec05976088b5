"""Reads for the public answers: published copies only (annotations.models.PublishedClaim), never the claims
themselves, their drafts, comments or who did what."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Max

from annotations import selectors
from annotations.models import Correction, PublishedClaim

FEED_PAGE = 100  # ClaimReviews per page of the feed


@dataclass(frozen=True)
class FeedPage:
    claims: list[PublishedClaim]
    articles: dict[int, selectors.PublicArticle]
    next_after: tuple[datetime, int] | None  # the keyset of the last row, when more rows follow


def feed_page(*, after: tuple[datetime, int] | None = None, limit: int = FEED_PAGE) -> FeedPage:
    """One page of every published claim, newest change first, after the row `after` (modified_at, id). Two
    queries whatever the page: the claims by the (modified_at, id) index from the cursor on, then their articles."""
    modified_at, pk = after or (None, None)
    claims = selectors.published_claims_after(modified_at=modified_at, pk=pk, limit=limit + 1)
    more = len(claims) > limit
    claims = claims[:limit]
    articles = selectors.public_articles({c.article_id for c in claims})
    last = claims[-1] if claims else None
    return FeedPage(claims, articles, (last.modified_at, last.pk) if more and last else None)


def embed_article(*, external_id: str = "", url: str = "", pk: int | None = None):
    """The published article a CMS page names, or None (nothing published: the embed shows nothing)."""
    if pk is not None:
        return selectors.public_article(pk=pk)
    if external_id:
        return selectors.public_article(external_id=external_id)
    if url:
        return selectors.public_article(url=url)
    return None


def embed_claims(article) -> list[PublishedClaim]:
    return list(selectors.published_claims(article=article.pk))


def corrected_at(claim_ids: list[int]) -> dict[int, datetime]:
    """When each of these claims was last corrected (one query; claims never corrected are absent)."""
    rows = Correction.objects.filter(claim_id__in=claim_ids).values("claim_id").annotate(at=Max("created"))
    return {row["claim_id"]: row["at"] for row in rows}
