"""Resources as the API shows them, for API views and for callers outside a request (webhook payloads)."""

from django.shortcuts import get_object_or_404

from annotations.api import selectors, serializers


def article(article_id: int) -> dict:
    return dict(serializers.ArticleSerializer(get_object_or_404(selectors.articles(), pk=article_id)).data)


def claim(claim_id: int) -> dict:
    return dict(serializers.ClaimSerializer(get_object_or_404(selectors.claims(), pk=claim_id)).data)
