"""Every read the suggestions panel and the API need, each in one query."""

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, QuerySet, Value, When

from annotations.models import Claim
from suggestions.models import Analysis, Suggestion, SuggestionKind, SuggestionStatus

KIND_ORDER = [
    SuggestionKind.NAME,
    SuggestionKind.NUMBER,
    SuggestionKind.COMPARISON,
    SuggestionKind.QUOTE,
    SuggestionKind.STATEMENT,
]


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


def suggestions_for_panel(article_id: int) -> QuerySet[Suggestion]:
    """The panel's order, which its pages follow: names first (the surest finds), then numbers, comparisons,
    quotes and statements, each by score, highest first (then in text order). One article's open suggestions,
    found by the (article, status) index."""
    rank = Case(
        *[When(kind=kind, then=Value(i)) for i, kind in enumerate(KIND_ORDER)],
        default=Value(len(KIND_ORDER)),
        output_field=IntegerField(),
    )
    return suggestions_open(article_id).annotate(kind_rank=rank).order_by("kind_rank", "-score", "start", "-end", "id")


def suggestion_counts_by_kind(article_id: int) -> dict[str, int]:
    """Open suggestions of each kind in the whole list (one query), for the group headings of any page."""
    rows = suggestions_open(article_id).order_by().values("kind").annotate(n=Count("id")).values_list("kind", "n")
    return dict(rows)


def group_by_kind(
    suggestions: list[Suggestion], counts: dict[str, int]
) -> list[tuple[SuggestionKind, int, list[Suggestion]]]:
    """One page's rows under their kind's heading, with the kind's total over every page."""
    groups: dict[str, list[Suggestion]] = {kind: [] for kind in KIND_ORDER}
    for suggestion in suggestions:
        groups[suggestion.kind].append(suggestion)
    return [(SuggestionKind(kind), counts.get(kind, len(items)), items) for kind, items in groups.items() if items]


def analysis_get(article_id: int) -> Analysis | None:
    return Analysis.objects.filter(article_id=article_id).first()
