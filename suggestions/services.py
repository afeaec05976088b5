"""Every write an editor makes to a suggestion: accept it (it becomes a draft claim) or dismiss it.

Both check permission first, then lock the article and the suggestion (the order every write follows), so two
editors cannot accept the same proposal twice and an edit of the article never deadlocks against them.
The analysis itself writes through suggestions.analysis.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from annotations import permissions
from annotations import services as annotation_services
from annotations.models import Article, Claim, ClaimKind, Rating
from annotations.permissions import require
from suggestions.models import CLAIM_KIND, Suggestion, SuggestionKind, SuggestionStatus

ERR_DECIDED = _("This suggestion was already {status}.")
INCORRECT = "incorrect"  # the verdict for a misspelt name, from the rating scale


def _locked_open(suggestion: Suggestion) -> Suggestion:
    # The article first, as every annotations service locks it, then the suggestion: an edit of the article
    # (which replaces its open suggestions) and an accept take turns instead of deadlocking.
    article_id = Suggestion.objects.values_list("article_id", flat=True).get(pk=suggestion.pk)
    Article.objects.select_for_update().get(pk=article_id)
    obj = Suggestion.objects.select_for_update().select_related("article").get(pk=suggestion.pk)
    if obj.status != SuggestionStatus.OPEN:
        raise ValidationError(ERR_DECIDED.format(status=obj.get_status_display().lower()))
    return obj


@annotation_services.retried_on_deadlock
def suggestion_accept(*, suggestion: Suggestion, user) -> Claim:
    """A draft claim on the suggestion's span, with its kind, claimant and correction; a misspelt name is Incorrect."""
    require(permissions.can_edit(user))
    obj = _locked_open(suggestion)
    kind = CLAIM_KIND[SuggestionKind(obj.kind)]
    verdict = None
    if kind == ClaimKind.NAME and obj.correction:
        verdict = Rating.objects.filter(slug=INCORRECT).first()
    claim = annotation_services.claim_create(
        article=obj.article,
        user=user,
        start=obj.start,
        end=obj.end,
        quote=obj.quote,
        kind=kind,
        claimant=obj.claimant,
        verdict=verdict,
        correction=obj.correction,
        rationale=obj.reason_text() if verdict else "",  # in the language of the editor who accepts it
    )
    obj.status, obj.claim, obj.decided_by, obj.decided_at = SuggestionStatus.ACCEPTED, claim, user, timezone.now()
    obj.save(update_fields=["status", "claim", "decided_by", "decided_at"])
    return claim


@annotation_services.retried_on_deadlock
def suggestion_dismiss(*, suggestion: Suggestion, user) -> Suggestion:
    """Not proposed again for this article while the text around it stays the same."""
    require(permissions.can_edit(user))
    obj = _locked_open(suggestion)
    obj.status, obj.decided_by, obj.decided_at = SuggestionStatus.DISMISSED, user, timezone.now()
    obj.save(update_fields=["status", "decided_by", "decided_at"])
    return obj
