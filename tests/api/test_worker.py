"""At least once: a worker killed in the middle of a delivery leaves a job that another worker delivers."""

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from django.db import connection

from integrations import services as integration_services
from integrations.models import DeliveryStatus, WebhookDelivery
from tests.api.receiver import Receiver
from tests.waiting import wait_until

ROOT = Path(__file__).resolve().parents[2]


def database_url() -> str:
    d = connection.settings_dict
    netloc = f"{quote(d['USER'] or '')}:{quote(d['PASSWORD'] or '')}@{d['HOST'] or ''}" + (
        f":{d['PORT']}" if d["PORT"] else ""
    )
    options = {k: v for k, v in d["OPTIONS"].items() if k == "host"}
    return f"postgresql://{netloc}/{d['NAME']}" + (f"?{urlencode(options)}" if options else "")


def start_worker(log) -> subprocess.Popen:
    env = os.environ | {
        "DATABASE_URL": database_url(),
        "WEBHOOK_ALLOW_PRIVATE_NETWORKS": "true",
        # Fast heartbeats and stall detection, so the test takes seconds rather than a minute.
        "WORKER_HEARTBEAT_SECONDS": "0.5",
        "WORKER_STALLED_SECONDS": "2",
        "WORKER_STALLED_CHECK_CRON": "* * * * * */1",
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "procrastinate", "worker"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_delivery_leaves_the_job_to_another_worker(admin_user, tmp_path):
    log = open(tmp_path / "workers.log", "w")
    workers = []
    try:
        with Receiver() as receiver:
            receiver.hold = threading.Event()  # the first request hangs until the worker sending it is dead
            hook, secret = integration_services.webhook_create(
                actor=admin_user, url=receiver.url, events=["claim.approved"]
            )
            receiver.secret = secret
            delivery = integration_services.webhook_ping(actor=admin_user, webhook=hook)

            workers.append(start_worker(log))
            assert receiver.wait_for(1, timeout=60), "the first worker never sent the webhook"
            stop(workers[0])  # SIGKILL mid-request: no cleanup, the job stays "doing"
            held, receiver.hold = receiver.hold, None
            held.set()

            workers.append(start_worker(log))
            assert receiver.wait_for(2, timeout=60), "no other worker picked the job up"
            wait_until(
                lambda: WebhookDelivery.objects.get(pk=delivery.pk).status == DeliveryStatus.DELIVERED,
                timeout=30,
                message="the delivery was never recorded as delivered",
                interval=0.2,
            )
    finally:
        for worker in workers:
            stop(worker)
        log.close()
    first, second = receiver.received[:2]
    assert first["headers"]["webhook-id"] == second["headers"]["webhook-id"] == delivery.msg_id
    assert second["verified"]["type"] == "webhook.test"
    attempts = list(WebhookDelivery.objects.get(pk=delivery.pk).attempts.all())
    assert [a.response_status for a in attempts][-1] == 204
