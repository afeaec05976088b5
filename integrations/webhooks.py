"""Webhook events. The core's domain events reach `event_occurred` (subscribed in apps.py) inside the
transaction that made them.

It records one delivery per subscribed endpoint and defers its job in that same transaction: a rolled-back
approval leaves neither, and a committed one always has its job. The worker sends it (integrations.tasks, which
calls `attempt` here; this module defers the job by its name, DELIVERY_JOB, and never imports the tasks module).
"""

import http.client
import json
import time
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from annotations.models import Correction
from factcheck import jobs
from integrations import outbound, signing
from integrations.models import DeliveryStatus, Event, Webhook, WebhookAttempt, WebhookDelivery

EVENTS = tuple(Event.values)
# Standard Webhooks' suggested schedule after the first attempt: about 27 hours in all.
RETRY_SCHEDULE = (5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 10 * 3600)
RETRY_STATUSES = {408, 425, 429}
ERR_PRIVATE = outbound.ERR_PRIVATE
# The delivery task's name (integrations.tasks registers it; queued jobs carry it, so it never changes).
DELIVERY_JOB = "integrations.tasks.deliver_webhook"


def event_occurred(event: str, *, article_id: int, claim_id: int | None = None, extra: dict | None = None) -> None:
    assert event in EVENTS, event
    hook_ids = list(Webhook.objects.filter(active=True, events__contains=[event]).values_list("id", flat=True))
    if not hook_ids:
        return
    data = resource_for(article_id, claim_id) | (extra or {})
    payload = {"type": event, "timestamp": timezone.now().isoformat(), "data": data}
    for hook_id in hook_ids:
        delivery_enqueue(
            WebhookDelivery.objects.create(webhook_id=hook_id, event=event, msg_id=new_msg_id(), payload=payload)
        )


def on_article_updated(event) -> None:
    event_occurred(Event.ARTICLE_UPDATED, article_id=event.article_id)


def on_article_signed_off(event) -> None:
    event_occurred(Event.ARTICLE_CHECKED, article_id=event.article_id)


REVIEW_EVENTS = {"approved": Event.CLAIM_APPROVED, "changes_requested": Event.CLAIM_CHANGES_REQUESTED}


def on_claim_reviewed(event) -> None:
    if event.outcome in REVIEW_EVENTS:  # a reopened claim is not an event a CMS subscribes to
        event_occurred(REVIEW_EVENTS[event.outcome], article_id=event.article_id, claim_id=event.claim_id)


def on_claim_corrected(event) -> None:
    """A published claim's verdict or text was corrected: every subscribed endpoint is told at once, with what
    readers saw before, what they see now and the public note."""
    correction = Correction.objects.get(pk=event.correction_id)
    extra = {
        "correction": {
            "before": correction.before,
            "after": correction.after,
            "note": correction.note,
            "version": correction.version,
            "created": correction.created.isoformat(),
        }
    }
    event_occurred(Event.CLAIM_CORRECTED, article_id=event.article_id, claim_id=event.claim_id, extra=extra)


# Called with each delivery the endpoint accepted (2xx), in the worker, after it is marked delivered: another app
# records where a copy went (publishing/). `on_delivered(handler)` adds one.
_delivered_handlers: list = []


def on_delivered(handler) -> None:
    if handler not in _delivered_handlers:
        _delivered_handlers.append(handler)


def new_msg_id() -> str:
    return f"msg_{uuid.uuid4().hex}"


def delivery_enqueue(delivery: WebhookDelivery) -> None:
    jobs.by_name(DELIVERY_JOB).defer(delivery_id=delivery.pk)


def resource_for(article_id: int, claim_id: int | None) -> dict:
    """The article, and the claim where there is one, exactly as the API shows them."""
    from annotations.api import representations

    data = {"article": representations.article(article_id)}
    if claim_id is not None:
        data["claim"] = representations.claim(claim_id)
    return data


@dataclass(frozen=True)
class Outcome:
    delivered: bool
    retry: bool
    disable: bool = False


def attempt(delivery: WebhookDelivery, *, final: bool) -> Outcome:
    """One HTTP attempt, logged whatever happens. `final`: no retry would follow a retryable failure."""
    webhook = delivery.webhook
    body = json.dumps(delivery.payload, separators=(",", ":"), ensure_ascii=False).encode()
    started, clock = timezone.now(), time.monotonic()
    status_code, error = None, ""
    headers = signing.headers(webhook.secret, delivery.msg_id, int(time.time()), body)
    headers["user-agent"] = "factcheck-webhooks/1"
    try:
        status_code = outbound.post(
            webhook.url,
            body,
            headers,
            timeout=settings.WEBHOOK_TIMEOUT_SECONDS,
            allow_private=settings.WEBHOOK_ALLOW_PRIVATE_NETWORKS,
        )
    except outbound.Refused as exc:
        outcome, error = Outcome(delivered=False, retry=False), str(exc)
    except (OSError, http.client.HTTPException, UnicodeError) as exc:  # timeouts are OSErrors too
        outcome, error = Outcome(delivered=False, retry=True), f"{type(exc).__name__}: {exc}"[:500]
    else:
        outcome = Outcome(
            delivered=200 <= status_code < 300,
            retry=status_code in RETRY_STATUSES or status_code >= 500,
            disable=status_code == 410,
        )
    will_retry = outcome.retry and not final
    WebhookAttempt.objects.create(
        delivery=delivery,
        started_at=started,
        duration_ms=int((time.monotonic() - clock) * 1000),
        response_status=status_code,
        error=error,
        will_retry=will_retry,
    )
    status = (
        DeliveryStatus.DELIVERED
        if outcome.delivered
        else DeliveryStatus.RETRYING
        if will_retry
        else DeliveryStatus.FAILED
    )
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=status, attempt_count=delivery.attempt_count + 1, updated=timezone.now()
    )
    if outcome.disable:
        Webhook.objects.filter(pk=webhook.pk).update(active=False, disabled_reason="The endpoint answered 410 Gone.")
    if outcome.delivered:
        for handler in _delivered_handlers:
            handler(delivery)
    return Outcome(delivered=outcome.delivered, retry=will_retry, disable=outcome.disable)
