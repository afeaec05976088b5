"""Every write of publishing: copies recorded as they leave, and destinations an editor keeps by hand.

Recording a copy is one INSERT ... ON CONFLICT statement however many claims it covers, so a feed page of a
hundred claims or an export of a long article costs what one claim does. Rows go in claim order, so two such
statements over the same claims lock them in the same order and cannot deadlock."""

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from annotations import permissions
from annotations.models import Claim, PublishedClaim
from annotations.permissions import require
from publishing.models import Channel, Destination

COUNTED_CHANNELS = (Channel.FEED, Channel.EMBED)
ERR_CHANNEL = _("Copies are counted for the public feed and the embed only.")
ERR_NOT_PUBLISHED = _("This claim is not published, so it has no destinations to keep.")
ERR_URL_REQUIRED = _("Give the address of the post.")
ERR_NOT_MANUAL = _("Only a destination added by hand is ticked off by hand; the others update when they fetch.")
ERR_ALREADY_THERE = _("This address is already listed.")

_TABLE = Destination._meta.db_table
_CLAIMS = Claim._meta.db_table
_UPDATE = """DO UPDATE SET version = GREATEST(d.version, EXCLUDED.version),
    sent_count = d.sent_count + EXCLUDED.sent_count, last_sent_at = GREATEST(d.last_sent_at, EXCLUDED.last_sent_at)"""
_COLUMNS = "(claim_id, channel, webhook_id, token_id, url, label, version, sent_count, first_sent_at, last_sent_at)"


def copies_sent(channel: str, claim_versions: Iterable[tuple[int, int]], *, at: datetime | None = None) -> None:
    """Count copies of claims served to readers by the public feed or the embed (`channel` "feed" or "embed"):
    `claim_versions` is (claim id, the version served: PublishedClaim.version) for each claim in the answer.
    Counted per claim and channel, never per reader; a claim deleted meanwhile is skipped. One query."""
    if channel not in COUNTED_CHANNELS:
        raise ValueError(str(ERR_CHANNEL))
    pairs = list(claim_versions)
    if not pairs:
        return
    at = at or timezone.now()
    ids, versions = [int(pk) for pk, _v in pairs], [int(v) for _pk, v in pairs]
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO {_TABLE} AS d {_COLUMNS}
            SELECT u.id, %s, NULL, NULL, '', '', max(u.version), count(*), %s, %s
            FROM unnest(%s::bigint[], %s::integer[]) AS u(id, version) JOIN {_CLAIMS} c ON c.id = u.id
            GROUP BY u.id ORDER BY u.id
            ON CONFLICT (claim_id, channel) WHERE channel IN ('feed', 'embed') {_UPDATE}""",
            [channel, at, at, ids, versions],
        )


def on_claims_read(event) -> None:
    """An API token read claims (events.ClaimsRead): each now has the version it read."""
    if event.claim_ids:
        where, params = "c.id = ANY(%s)", [list(event.claim_ids)]
    elif event.created is not None:  # every claim created in a range (the all-claims export)
        start, end = event.created
        where, params = (
            "(%s::timestamptz IS NULL OR c.created >= %s) AND (%s::timestamptz IS NULL OR c.created < %s)",
            [
                start,
                start,
                end,
                end,
            ],
        )
    else:
        where, params = "c.article_id = %s", [event.article_id]
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO {_TABLE} AS d {_COLUMNS}
            SELECT c.id, 'token', NULL, %s, '', '', c.version, 1, %s, %s FROM {_CLAIMS} c WHERE {where}
            ORDER BY c.id ON CONFLICT (claim_id, token_id) {_UPDATE}""",
            [event.token_id, now, now, *params],
        )


def on_webhook_delivered(delivery) -> None:
    """An endpoint accepted a delivery: if it carried a claim, the endpoint has that claim's version."""
    claim = (delivery.payload.get("data") or {}).get("claim") or {}
    if not isinstance(claim.get("id"), int) or not isinstance(claim.get("version"), int):
        return  # an article's event: it carries no verdict
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO {_TABLE} AS d {_COLUMNS}
            SELECT c.id, 'webhook', %s, NULL, '', '', %s, 1, %s, %s FROM {_CLAIMS} c WHERE c.id = %s
            ON CONFLICT (claim_id, webhook_id) {_UPDATE}""",
            [delivery.webhook_id, claim["version"], now, now, claim["id"]],
        )


# Destinations an editor keeps by hand: a post on a social network, a newsletter, a partner's page.


def _published(claim_id: int) -> PublishedClaim:
    published = PublishedClaim.objects.filter(claim_id=claim_id).only("version").first()
    if published is None:
        raise ValidationError({"claim": ERR_NOT_PUBLISHED})
    return published


def destination_add(*, claim: Claim, user, url: str, label: str = "") -> Destination:
    """A place an editor posted the claim's verdict by hand; it has what readers see now."""
    require(permissions.can_edit(user))
    url, label = (url or "").strip(), " ".join((label or "").split())
    if not url:
        raise ValidationError({"url": ERR_URL_REQUIRED})
    with transaction.atomic():
        published = _published(claim.pk)
        if Destination.objects.filter(claim_id=claim.pk, channel=Channel.MANUAL, url=url).exists():
            raise ValidationError({"url": ERR_ALREADY_THERE})
        now = timezone.now()
        destination = Destination(
            claim_id=claim.pk,
            channel=Channel.MANUAL,
            url=url,
            label=label,
            version=published.version,
            first_sent_at=now,
            last_sent_at=now,
            created_by=user,
        )
        destination.full_clean(exclude=["claim", "created_by"])
        destination.save()
        return destination


def _manual(destination_id: int, claim_id: int) -> Destination:
    destination = Destination.objects.select_for_update().filter(pk=destination_id, claim_id=claim_id).first()
    if destination is None:
        raise ValidationError({"destination": _("No such destination of this claim.")})
    if destination.channel != Channel.MANUAL:
        raise PermissionDenied(ERR_NOT_MANUAL)
    return destination


def destination_updated(*, claim: Claim, destination_id: int, user) -> Destination:
    """An editor updated a post made by hand: it now has what readers see."""
    require(permissions.can_edit(user))
    with transaction.atomic():
        destination = _manual(destination_id, claim.pk)
        destination.version = _published(claim.pk).version
        destination.last_sent_at = timezone.now()
        destination.sent_count += 1
        destination.save(update_fields=["version", "last_sent_at", "sent_count"])
        return destination


def destination_remove(*, claim: Claim, destination_id: int, user) -> None:
    require(permissions.can_edit(user))
    with transaction.atomic():
        _manual(destination_id, claim.pk).delete()
