"""Webhooks are delivered by a worker of their own: a slow endpoint never delays text analysis."""

import os
import signal
import subprocess
import threading

import pytest

from annotations import services
from factcheck import launcher
from integrations import services as integration_services
from suggestions.models import Analysis, AnalysisState
from tests.api.receiver import Receiver
from tests.api.test_worker import ROOT, database_url
from tests.waiting import wait_until


@pytest.mark.django_db(transaction=True)
def test_a_hanging_webhook_endpoint_does_not_hold_up_text_analysis(admin_user, editor, tmp_path):
    env = os.environ | {
        "DATABASE_URL": database_url(),
        "WEBHOOK_ALLOW_PRIVATE_NETWORKS": "true",
        "WEBHOOK_TIMEOUT_SECONDS": "60",
    }
    log = open(tmp_path / "workers.log", "w")
    workers = []
    try:
        with Receiver() as receiver:
            receiver.hold = threading.Event()  # the endpoint takes its time: longer than this test waits
            hook, _ = integration_services.webhook_create(actor=admin_user, url=receiver.url, events=["claim.approved"])
            integration_services.webhook_ping(actor=admin_user, webhook=hook)
            workers = [
                subprocess.Popen(
                    command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
                )
                for command in launcher.worker_commands()
            ]
            assert receiver.wait_for(1, timeout=60), "no worker delivered the webhook"
            article = services.article_create(user=editor, title="Summit", body="Leaders of 24 countries met in Kazan.")
            wait_until(
                lambda: Analysis.objects.get(article=article).state == AnalysisState.DONE,
                timeout=40,
                message="the analysis waited behind the hanging webhook",
                interval=0.2,
            )
            assert not receiver.hold.is_set()  # the webhook was still hanging all along
    finally:
        for worker in workers:
            if worker.poll() is None:
                os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(timeout=10)
        log.close()


def test_webhooks_and_snapshots_have_a_worker_each_and_the_third_takes_every_other_queue():
    webhooks, snapshots, others = launcher.worker_commands()
    assert webhooks[webhooks.index("--queues") + 1] == "webhooks"
    assert snapshots[snapshots.index("--queues") + 1] == "snapshots"
    queues = others[others.index("--queues") + 1].split(",")
    assert not {"webhooks", "snapshots"} & set(queues) and {"default", "suggestions"} <= set(queues)
