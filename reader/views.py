"""The public answers (thin: read, map, serve). docs/embed.md is their reference."""

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from annotations.language import text_direction
from annotations.templatetags.ui import rating_label
from publishing import services as publishing
from reader import claimreview, payload, selectors
from reader.http import cacheable, error, json_bytes, public

SCRIPT = Path(__file__).resolve().parent / "static" / "reader" / "embed.js"
FEED_MAX_AGE = 300  # seconds a cache may serve the feed without asking again
EMBED_MAX_AGE = 60  # the embed's claims: a correction reaches readers within a minute
SCRIPT_MAX_AGE = 3600
CURSOR = re.compile(r"(\d{1,20})\.(\d{1,19})")

ERR_AFTER = "after must be the cursor a page's `next` link gives (microseconds.id)."
ERR_ARTICLE = "Name the article: article (the CMS's id for it), url (its address) or id (ours)."
ERR_ID = "id must be a whole number."
ERR_NOT_PUBLISHED = "No published article here."


def _cursor(after: tuple[datetime, int]) -> str:
    moment, pk = after
    return f"{int(moment.timestamp()) * 1_000_000 + moment.microsecond}.{pk}"


def _parse_cursor(raw: str) -> tuple[datetime, int] | None:
    match = CURSOR.fullmatch(raw)
    if not match:
        return None
    micros = int(match[1])
    try:
        moment = datetime.fromtimestamp(micros // 1_000_000, tz=UTC).replace(microsecond=micros % 1_000_000)
    except (OverflowError, OSError, ValueError):
        return None
    return moment, int(match[2])


@public
def claimreview_feed(request: HttpRequest) -> HttpResponse:
    """Every published claim as a ClaimReview, newest change first, a page at a time (`next`)."""
    after = None
    if "after" in request.GET:
        after = _parse_cursor(request.GET["after"])
        if after is None:
            return error("after", ERR_AFTER)
    page = selectors.feed_page(after=after, limit=selectors.FEED_PAGE)
    site = request.build_absolute_uri("/").rstrip("/")
    url = request.build_absolute_uri(reverse("claimreview_feed"))
    byline = settings.PUBLIC_BYLINE
    reviews = [
        claimreview.claim_review(
            claim, page.articles[claim.article_id], byline=byline, newsroom_url=settings.NEWSROOM_URL, site_url=site
        )
        for claim in page.claims
        if claim.article_id in page.articles
    ]
    newest = max((c.modified_at for c in page.claims), default=None)
    feed = claimreview.data_feed(
        reviews, byline=byline, newsroom_url=settings.NEWSROOM_URL, url=url, date_modified=newest
    )
    next_url = f"{url}?after={_cursor(page.next_after)}" if page.next_after else None
    if next_url:
        feed["next"] = next_url
    response = cacheable(
        request, json_bytes(feed), content_type="application/ld+json", max_age=FEED_MAX_AGE, last_modified=newest
    )
    if next_url:
        response["Link"] = f'<{next_url}>; rel="next"'
    # Every page served (a 304 too: the reader holds those versions) is a copy of its claims, counted per claim.
    publishing.copies_sent("feed", [(c.claim_id, c.version) for c in page.claims])
    return response


@cache
def _script() -> bytes:
    return SCRIPT.read_bytes()


@public
def embed_script(request: HttpRequest) -> HttpResponse:
    return cacheable(request, _script(), content_type="text/javascript; charset=utf-8", max_age=SCRIPT_MAX_AGE)


@public
def embed_claims(request: HttpRequest) -> HttpResponse:
    """One published article's claims for the embed; 404 when nothing of it is published."""
    external_id, url, pk = (request.GET.get(name, "").strip() for name in ("article", "url", "id"))
    if pk and not pk.isdigit():
        return error("id", ERR_ID)
    if not (external_id or url or pk):
        return error("article", ERR_ARTICLE)
    article = selectors.embed_article(external_id=external_id, url=url, pk=int(pk) if pk else None)
    if article is None:
        return cacheable(
            request,
            json_bytes({"detail": ERR_NOT_PUBLISHED}),
            content_type="application/json",
            max_age=EMBED_MAX_AGE,
            status=404,
        )
    shown = _published(article)
    items = [
        payload.embed_claim(c, verdict_label=label, corrected_at=corrected_at) for c, label, corrected_at in shown.items
    ]
    data = payload.embed_article(article, items, language=shown.language, direction=text_direction(shown.language))
    response = cacheable(
        request, json_bytes(data), content_type="application/json", max_age=EMBED_MAX_AGE, last_modified=shown.newest
    )
    response["Content-Language"] = shown.language  # the article's, not the interface's
    publishing.copies_sent("embed", [(c.claim_id, c.version) for c, _, _ in shown.items])
    return response


@dataclass(frozen=True)
class Published:
    """What readers are shown of one article: each published claim with its verdict's label in the article's
    language and when it was last corrected (None if never), that language, and the newest change."""

    items: list[tuple]
    language: str
    newest: datetime | None


def _published(article) -> Published:
    claims = selectors.embed_claims(article)
    corrected = selectors.corrected_at([c.claim_id for c in claims])
    language = article.language or "en"
    with translation.override(language):
        items = [(c, rating_label(c.verdict_label), corrected.get(c.claim_id)) for c in claims]
    return Published(items, language, max((c.modified_at for c in claims), default=None))


@public
def article_page(request: HttpRequest, pk: int) -> HttpResponse:
    """One published article's fact-checks as a page for readers, in the article's language: where the ClaimReview
    feed points for an article without an address of its own. Served fresh like the embed's claims (a correction
    shows within EMBED_MAX_AGE); not counted as a copy, since it never holds an old version for long."""
    article = selectors.embed_article(pk=pk)
    if article is None:
        raise Http404(ERR_NOT_PUBLISHED)
    shown = _published(article)
    with translation.override(shown.language):
        body = render_to_string(
            "reader/article.html",
            {
                "article": article,
                "items": shown.items,
                "byline": settings.PUBLIC_BYLINE,
                "direction": text_direction(shown.language),
                "language": shown.language,
            },
            request=request,
        )
    response = cacheable(
        request,
        body.encode(),
        content_type="text/html; charset=utf-8",
        max_age=EMBED_MAX_AGE,
        last_modified=shown.newest,
    )
    response["Content-Language"] = shown.language
    return response
