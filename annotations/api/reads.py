"""Reads of claims by an API token are copies that left the newsroom: the views say so (events.ClaimsRead), and
whoever tracks where each verdict went (a plug-in) listens. A person's session reading the API is not a copy."""

from annotations import events
from factcheck.api.models import ApiToken


def claims_read(request, *, claim_ids=(), article_id: int | None = None, created: tuple | None = None) -> None:
    token = getattr(request, "auth", None)
    if isinstance(token, ApiToken) and (claim_ids or article_id is not None or created is not None):
        events.publish(
            events.ClaimsRead(token_id=token.pk, claim_ids=tuple(claim_ids), article_id=article_id, created=created)
        )
