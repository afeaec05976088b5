"""Reads of publishing: a claim's destinations, out-of-date ones first."""

from dataclasses import dataclass

from django.db.models import BooleanField, Case, QuerySet, Value, When

from annotations.models import PublishedClaim
from publishing.models import Channel, Destination


@dataclass(frozen=True)
class Destinations:
    published_version: int | None  # what readers see now; None when the claim is not published
    rows: QuerySet[Destination]  # every destination, those with an older version first
    stale: int  # how many still have an older version


def destinations_of(claim_id: int) -> Destinations:
    published = PublishedClaim.objects.filter(claim_id=claim_id).values_list("version", flat=True).first()
    rows = (
        Destination.objects.filter(claim_id=claim_id)
        .select_related("webhook", "token")
        .annotate(
            stale=Case(
                When(version__lt=published or 0, then=Value(True)), default=Value(False), output_field=BooleanField()
            )
        )
        .order_by("-stale", "-last_sent_at", "-id")
    )
    stale = Destination.objects.filter(claim_id=claim_id, version__lt=published).count() if published else 0
    return Destinations(published_version=published, rows=rows, stale=stale)


def label_of(destination: Destination) -> str:
    """What the list names a destination by: the endpoint, the token's name, the post's label or address."""
    if destination.channel == Channel.WEBHOOK and destination.webhook is not None:
        return destination.webhook.description or destination.webhook.url
    if destination.channel == Channel.TOKEN and destination.token is not None:
        return destination.token.name
    if destination.channel == Channel.MANUAL:
        return destination.label or destination.url
    return str(destination.get_channel_display())
