"""Every write an editor makes to a suggestion: accept it (it becomes a draft claim) or dismiss it.

Both check permission first, then lock the suggestion, so two editors cannot accept the same proposal twice.
The analysis itself writes through suggestions.analysis.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from annotations import permissions
from annotations.permissions import require
from annotations import services as annotation_services
from annotations.models import Claim, ClaimKind, Rating
from suggestions.models import CLAIM_KIND, Suggestion, SuggestionKind, SuggestionStatus

ERR_DECIDED = "This suggestion was already {status}."
INCORRECT = "incorrect"  # the verdict for a misspelt name, from the rating scale


def _locked_open(suggestion: Suggestion) -> Suggestion:
    obj = Suggestion.objects.select_for_update().select_related("article").get(pk=suggestion.pk)
    if obj.status != SuggestionStatus.OPEN:
        raise ValidationError(ERR_DECIDED.format(status=obj.get_status_display().lower()))
    return obj


@transaction.atomic
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
        rationale=obj.reason if verdict else "",
    )
    obj.status, obj.claim, obj.decided_by, obj.decided_at = SuggestionStatus.ACCEPTED, claim, user, timezone.now()
    obj.save(update_fields=["status", "claim", "decided_by", "decided_at"])
    return claim


@transaction.atomic
def suggestion_dismiss(*, suggestion: Suggestion, user) -> Suggestion:
    """Not proposed again for this article while the text around it stays the same."""
    require(permissions.can_edit(user))
    obj = _locked_open(suggestion)
    obj.status, obj.decided_by, obj.decided_at = SuggestionStatus.DISMISSED, user, timezone.now()
    obj.save(update_fields=["status", "decided_by", "decided_at"])
    return obj
