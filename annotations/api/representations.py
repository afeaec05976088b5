"""Resources as the API shows them, for callers outside a request (webhook payloads)."""

from annotations.api import selectors, serializers


def article(article_id: int) -> dict:
    return dict(serializers.ArticleSerializer(selectors.articles().get(pk=article_id)).data)


def claim(claim_id: int) -> dict:
    return dict(serializers.ClaimSerializer(selectors.claims().get(pk=claim_id)).data)
