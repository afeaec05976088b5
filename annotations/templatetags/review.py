from django import template
from django.core.exceptions import ObjectDoesNotExist

from annotations import permissions, services

register = template.Library()


@register.filter
def approval_blocker(claim) -> str:
    """Why nobody may approve this claim yet ("" when nothing stands in the way but the usual rules)."""
    return permissions.approval_blocker(claim) or ""


@register.filter
def correction_needed(claim) -> bool:
    """Whether approving this submitted claim is a correction of what readers saw (the approve form then asks for
    the public note). Reads the claim's published copy as loaded with it (`selectors.review_rows`): no query."""
    try:
        published = claim.published
    except ObjectDoesNotExist:
        return False
    return services.correction_needed(claim, published=published)
