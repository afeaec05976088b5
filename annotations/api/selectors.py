"""The reads behind the API: each list or detail is a fixed number of queries, however many rows."""

from django.db.models import Prefetch, QuerySet

from annotations.models import Article, Claim, Comment, Source


def articles() -> QuerySet[Article]:
    return Article.objects.with_counts().select_related("external", "signed_off_by").order_by("-updated", "-id")


def claims() -> QuerySet[Claim]:
    return (
        Claim.objects.select_related("verdict", "created_by", "updated_by", "reviewed_by")
        .prefetch_related(Prefetch("sources", queryset=Source.objects.order_by("id")))
        .order_by("start", "-end", "id")
    )


def claims_for_export(article_id: int) -> list[Claim]:
    return list(claims().filter(article_id=article_id))


def comments(claim_id: int) -> QuerySet[Comment]:
    return Comment.objects.filter(claim_id=claim_id).select_related("author").order_by("created", "id")
