"""The whole way: the save defers the job, a real procrastinate worker picks it up and runs it."""

import threading

import pytest
from django.db import connections
from procrastinate.contrib.django import app

from suggestions.models import Analysis, AnalysisState, Suggestion
from tests.suggestions.helpers import demo_article

pytestmark = pytest.mark.django_db(transaction=True)


def run_worker_until_idle() -> None:
    # As `manage.py procrastinate worker` does: the worker gets a connector of its own. It runs in a thread of
    # its own because it starts an event loop, and browser tests may have left one running in this thread.
    def work():
        try:
            with app.replace_connector(app.connector.get_worker_connector()) as worker_app:
                worker_app.run_worker(
                    queues=["suggestions"], wait=False, install_signal_handlers=False, listen_notify=False
                )
        finally:
            connections.close_all()

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(timeout=120)
    assert not thread.is_alive()


def test_a_worker_runs_the_deferred_analysis(editor):
    article = demo_article(editor)  # committed: the worker reads it through its own connection
    run_worker_until_idle()
    assert Analysis.objects.get(article=article).state == AnalysisState.DONE
    assert Suggestion.objects.filter(article=article, quote="Ashgatat", correction="Ashgabat").exists()
