"""Every read the suggestions panel and the API need, each in one query."""

from django.db.models import Exists, OuterRef, QuerySet

from annotations.models import Claim
from suggestions.models import Analysis, Suggestion, SuggestionKind, SuggestionStatus

KIND_ORDER = [SuggestionKind.NAME, SuggestionKind.NUMBER, SuggestionKind.COMPARISON, SuggestionKind.QUOTE]


def suggestions_open(article_id: int) -> QuerySet[Suggestion]:
    """Open suggestions, leaving out any whose span a claim already covers: that text is being checked."""
    claimed = Claim.objects.filter(
        article_id=OuterRef("article_id"), start__lte=OuterRef("start"), end__gte=OuterRef("end")
    ).exclude(anchor_state="orphaned")
    return (
        Suggestion.objects.filter(article_id=article_id, status=SuggestionStatus.OPEN)
        .exclude(Exists(claimed))
        .order_by("start", "-end", "id")
    )


def suggestions_by_kind(article_id: int) -> list[tuple[SuggestionKind, list[Suggestion]]]:
    """The panel's groups: names first (the surest finds), then numbers, comparisons and quotes."""
    groups: dict[str, list[Suggestion]] = {kind: [] for kind in KIND_ORDER}
    for suggestion in suggestions_open(article_id):
        groups[suggestion.kind].append(suggestion)
    return [(kind, items) for kind, items in groups.items() if items]


def analysis_get(article_id: int) -> Analysis | None:
    return Analysis.objects.filter(article_id=article_id).first()



