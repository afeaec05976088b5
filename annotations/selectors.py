"""Every read a page or the API needs, with its joins done once so a list never queries per row."""

from django.db.models import Count, Prefetch, QuerySet

from annotations.models import Article, Claim, Rating, Source


def article_list() -> QuerySet[Article]:
    return Article.objects.select_related("created_by").annotate(claim_count=Count("claims"))


def article_get(pk: int) -> Article:
    return Article.objects.get(pk=pk)


def claims_for_article(article: Article) -> list[Claim]:
    return list(
        Claim.objects.filter(article=article)
        .select_related("verdict", "created_by", "updated_by")
        .annotate(source_count=Count("sources"))
        .order_by("start", "-end", "id")
    )


def claims_with_details() -> QuerySet[Claim]:
    return Claim.objects.select_related("article", "verdict", "created_by", "updated_by").prefetch_related(
        Prefetch("sources", queryset=Source.objects.order_by("id"))
    )


def claim_get(pk: int) -> Claim:
    return claims_with_details().get(pk=pk)


def claims_overlapping(claim: Claim) -> list[Claim]:
    """Other claims sharing text with this one, so stacked highlights stay reachable from the card."""
    return list(
        Claim.objects.filter(article_id=claim.article_id, start__lt=claim.end, end__gt=claim.start)
        .exclude(pk=claim.pk)
        .only("id", "claim", "start", "end", "kind")
        .order_by("start", "-end", "id")
    )


def ratings_for_kind(kind: str | None = None) -> QuerySet[Rating]:
    return Rating.objects.for_kind(kind) if kind else Rating.objects.all()


