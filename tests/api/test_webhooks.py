"""Webhooks: registered by admins, created in the event's transaction, signed (Standard Webhooks), retried, logged."""

import json

import pytest
from django.db import transaction
from procrastinate.contrib.django.models import ProcrastinateJob

from annotations import services
from annotations.models import Claim, Rating, Source
from integrations import services as integration_services
from integrations import webhooks
from integrations.models import DeliveryStatus, Webhook, WebhookDelivery
from integrations.tasks import DeliveryFailed, WebhookRetry
from tests.api.conftest import add_claim
from tests.api.receiver import Receiver

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _local_receivers(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_NETWORKS = True
    settings.WEBHOOK_TIMEOUT_SECONDS = 5


def submitted_claim(article, editor):
    claim = add_claim(
        article, editor, "leaders of 24 countries", kind="number", verdict=Rating.objects.get(slug="mostly-true")
    )
    Source.objects.create(claim=claim, url="https://en.wikipedia.org/wiki/2024_BRICS_summit", created_by=editor)
    return services.claim_submit(claim=claim, user=editor)


def register(admin_user, url="https://hooks.example/in", events=("claim.approved",)):
    return integration_services.webhook_create(actor=admin_user, url=url, events=list(events))


def jobs():
    return list(
        ProcrastinateJob.objects.filter(task_name="integrations.tasks.deliver_webhook").values_list("args", flat=True)
    )


def test_approval_records_a_delivery_and_defers_its_job_in_the_same_transaction(article, editor, reviewer, admin_user):
    hook, _ = register(admin_user)
    register(admin_user, url="https://other.example/", events=["article.checked"])  # not subscribed to approvals
    claim = submitted_claim(article, editor)
    services.claim_approve(claim=claim, user=reviewer)
    delivery = WebhookDelivery.objects.get()
    assert delivery.webhook == hook and delivery.event == "claim.approved"
    assert delivery.payload["type"] == "claim.approved" and delivery.payload["timestamp"]
    assert (
        delivery.payload["data"]["claim"]["id"] == claim.pk
        and delivery.payload["data"]["claim"]["status"] == "approved"
    )
    assert delivery.payload["data"]["article"]["id"] == article.pk
    assert jobs() == [{"delivery_id": delivery.pk}]


def test_a_rolled_back_approval_sends_nothing(article, editor, reviewer, admin_user):
    register(admin_user)
    claim = submitted_claim(article, editor)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.claim_approve(claim=claim, user=reviewer)
        raise RuntimeError("something after the approval failed")
    assert Claim.objects.get(pk=claim.pk).status == "submitted"
    assert not WebhookDelivery.objects.exists() and jobs() == []


def test_delivery_is_signed_as_standard_webhooks_says(article, editor, reviewer, admin_user):
    with Receiver() as receiver:
        _hook, secret = register(admin_user, url=receiver.url)
        receiver.secret = secret
        services.claim_approve(claim=submitted_claim(article, editor), user=reviewer)
        delivery = WebhookDelivery.objects.get()
        outcome = webhooks.attempt(delivery, final=False)
    assert outcome.delivered
    (message,) = receiver.received
    assert message["verified"] == delivery.payload  # standardwebhooks verified the signature and parsed the body
    assert message["headers"]["webhook-id"] == delivery.msg_id
    assert message["headers"]["webhook-signature"].startswith("v1,")
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.attempt_count == 1
    (attempt,) = delivery.attempts.all()
    assert attempt.response_status == 204 and attempt.duration_ms >= 0 and not attempt.will_retry


def test_a_tampered_message_fails_verification(admin_user):
    from standardwebhooks.webhooks import Webhook as Verifier
    from standardwebhooks.webhooks import WebhookVerificationError

    from integrations import signing

    _, secret = register(admin_user)
    headers = signing.headers(secret, "msg_1", 1_700_000_000, b'{"a":1}')
    with pytest.raises(WebhookVerificationError):
        Verifier(secret).verify(b'{"a":2}', headers)


@pytest.mark.parametrize("status, retry", [(503, True), (500, True), (429, True), (404, False), (400, False)])
def test_server_errors_and_429_are_retried_other_client_errors_are_not(admin_user, status, retry):
    with Receiver(statuses=[status]) as receiver:
        hook, _ = register(admin_user, url=receiver.url)
        delivery = integration_services.webhook_ping(actor=admin_user, webhook=hook)
        outcome = webhooks.attempt(delivery, final=False)
    delivery.refresh_from_db()
    assert outcome.retry is retry
    assert delivery.status == (DeliveryStatus.RETRYING if retry else DeliveryStatus.FAILED)
    assert delivery.attempts.get().response_status == status


def test_connection_errors_are_retried_until_the_last_attempt(admin_user):
    hook, _ = register(admin_user, url="http://127.0.0.1:9/unreachable")
    delivery = integration_services.webhook_ping(actor=admin_user, webhook=hook)
    assert webhooks.attempt(delivery, final=False).retry
    delivery.refresh_from_db()
    assert not webhooks.attempt(delivery, final=True).retry
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempt_count == 2
    assert all(a.error and a.response_status is None for a in delivery.attempts.all())


def test_410_disables_the_endpoint(admin_user):
    with Receiver(statuses=[410]) as receiver:
        hook, _ = register(admin_user, url=receiver.url)
        delivery = integration_services.webhook_ping(actor=admin_user, webhook=hook)
        assert not webhooks.attempt(delivery, final=False).retry
    hook.refresh_from_db()
    assert not hook.active and "410" in hook.disabled_reason


def test_retry_schedule_backs_off_for_about_a_day():
    class Job:
        attempts = 0

    strategy, waits = WebhookRetry(), []
    while (decision := strategy.get_retry_decision(exception=DeliveryFailed(), job=Job)) is not None:
        waits.append(decision.retry_at)
        Job.attempts += 1
    gaps = webhooks.RETRY_SCHEDULE
    assert len(waits) == len(gaps) and list(gaps) == sorted(gaps)
    assert 20 * 3600 <= sum(gaps) <= 30 * 3600
    assert strategy.get_retry_decision(exception=ValueError(), job=Job) is None


def test_private_addresses_are_refused_unless_allowed(settings, admin_user):
    settings.WEBHOOK_ALLOW_PRIVATE_NETWORKS = False
    hook, _ = register(admin_user, url="http://127.0.0.1:9/")
    delivery = integration_services.webhook_ping(actor=admin_user, webhook=hook)
    assert not webhooks.attempt(delivery, final=False).retry
    assert delivery.attempts.get().error == webhooks.ERR_PRIVATE


def test_webhook_pages_show_the_secret_once_and_every_attempt_with_resend(client, admin_user):
    client.force_login(admin_user)
    created = client.post(
        "/integrations/webhooks/", {"url": "https://hooks.example/cms", "events": ["claim.approved", "article.checked"]}
    )
    assert created.status_code == 201
    hook = Webhook.objects.get()
    assert hook.secret in created.content.decode()
    assert hook.secret not in client.get("/integrations/webhooks/").content.decode()
    delivery = integration_services.webhook_ping(actor=admin_user, webhook=hook)
    webhooks.attempt(delivery, final=False)  # hooks.example does not resolve here: a logged connection error
    page = client.get(f"/integrations/webhooks/{hook.pk}/").content.decode()
    assert delivery.msg_id in page and "will retry" in page and "Resend" in page
    before = len(jobs())
    assert client.post(f"/integrations/deliveries/{delivery.pk}/resend/").status_code == 302
    assert len(jobs()) == before + 1


def test_webhooks_api_for_admins(admin_api, api):
    created = admin_api.post(
        "/api/v1/webhooks/", {"url": "https://hooks.example/", "events": ["claim.approved"]}, format="json"
    )
    assert created.status_code == 201 and created.json()["secret"].startswith("whsec_")
    hook_id = created.json()["id"]
    listed = admin_api.get("/api/v1/webhooks/").json()["results"]
    assert [h["id"] for h in listed] == [hook_id] and "secret" not in listed[0]
    bad = admin_api.post("/api/v1/webhooks/", {"url": "ftp://x", "events": ["nope"]}, format="json")
    assert bad.status_code == 400 and {"url", "events"} <= set(bad.json()["errors"])
    assert admin_api.patch(f"/api/v1/webhooks/{hook_id}/", {"active": False}, format="json").json()["active"] is False
    assert admin_api.get(f"/api/v1/webhooks/{hook_id}/deliveries/").status_code == 200
    assert api.get("/api/v1/webhooks/").status_code == 403
    assert admin_api.delete(f"/api/v1/webhooks/{hook_id}/").status_code == 204


def test_payload_is_the_resource_as_the_api_shows_it(api, article, editor, reviewer, admin_user):
    register(admin_user, events=["claim.approved"])
    claim = submitted_claim(article, editor)
    services.claim_approve(claim=claim, user=reviewer)
    payload = WebhookDelivery.objects.get().payload
    shown = api.get(f"/api/v1/claims/{claim.pk}/").json()
    assert json.loads(json.dumps(payload["data"]["claim"])) == shown
