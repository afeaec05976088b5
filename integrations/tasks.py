"""Webhook delivery jobs, run by the procrastinate worker; retried on the schedule in integrations.webhooks."""

import os

from django.conf import settings
from procrastinate import RetryDecision
from procrastinate.contrib.django import app
from procrastinate.retry import BaseRetryStrategy

from integrations import webhooks
from integrations.models import DeliveryStatus, WebhookDelivery


class DeliveryFailed(Exception):
    """A retryable failure: timeout, connection error, 408/425/429 or 5xx."""


class WebhookRetry(BaseRetryStrategy):
    def get_retry_decision(self, *, exception, job):
        if isinstance(exception, DeliveryFailed) and job.attempts < len(webhooks.RETRY_SCHEDULE):
            return RetryDecision(retry_in={"seconds": webhooks.RETRY_SCHEDULE[job.attempts]})
        return None


@app.task(name=webhooks.DELIVERY_JOB, queue="webhooks", retry=WebhookRetry(), pass_context=True)
def deliver_webhook(context, delivery_id: int):
    delivery = WebhookDelivery.objects.select_related("webhook").filter(pk=delivery_id).first()
    if delivery is None or delivery.status == DeliveryStatus.DELIVERED:
        return
    if not delivery.webhook.active:
        WebhookDelivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.FAILED)
        return
    final = context.job.attempts >= len(webhooks.RETRY_SCHEDULE)
    outcome = webhooks.attempt(delivery, final=final)
    if outcome.retry:
        raise DeliveryFailed(f"delivery {delivery_id} failed; retrying")


# A worker killed mid-job (deploy, OOM) leaves its job "doing"; once the worker's heartbeat is stale, put the
# job back in the queue so another worker runs it. Deliveries are therefore at least once.
@app.periodic(cron=os.environ.get("WORKER_STALLED_CHECK_CRON", "* * * * * */30"))
@app.task(queueing_lock="retry_stalled_jobs", pass_context=True)
async def retry_stalled_jobs(context, timestamp):
    timeout = settings.PROCRASTINATE_WORKER_DEFAULTS["stalled_worker_timeout"]
    for job in await context.app.job_manager.get_stalled_jobs(seconds_since_heartbeat=timeout):
        await context.app.job_manager.retry_job(job)
