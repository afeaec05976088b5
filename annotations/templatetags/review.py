from django import template

from annotations import permissions

register = template.Library()


@register.filter
def approval_blocker(claim) -> str:
    """Why nobody may approve this claim yet ("" when nothing stands in the way but the usual rules)."""
    return permissions.approval_blocker(claim) or ""
