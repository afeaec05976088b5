"""Building domain state for tests through the same services the app uses."""

from annotations import services
from annotations.models import Rating

BODY = "The summit starts on October 22, with the leaders of 24 countries.\n\nThe conference in Ashgatat opened."


def article(user, body=BODY, **fields):
    return services.article_create(user=user, title=fields.pop("title", "Summit"), body=body, **fields)


def claim(article, user, quote="leaders of 24 countries", **fields):
    start = article.body.index(quote)
    return services.claim_create(article=article, user=user, start=start, end=start + len(quote), quote=quote, **fields)


def ready_claim(article, user, quote="leaders of 24 countries"):
    """A claim with a verdict and a source: ready to submit."""
    obj = claim(article, user, quote, kind="number", verdict=Rating.objects.get(slug="mostly-true"))
    services.source_create(claim=obj, user=user, url="https://example.org/source", title="Source")
    obj.refresh_from_db()
    return obj


def submitted_claim(article, user, quote="leaders of 24 countries"):
    return services.claim_submit(claim=ready_claim(article, user, quote), user=user)
