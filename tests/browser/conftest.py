import pytest
from django.core.management import call_command

DEMO_PASSWORD = "demo-password-for-tests"


@pytest.fixture
def demo(tmp_path, monkeypatch):
    """The demo newsroom as `./dev run` shows it: its users (password DEMO_PASSWORD), the demo article with its
    claims in every state, the archive of past fact-checks, and the suggestions the worker made."""
    from annotations.management.commands import load_demo
    from annotations.models import Article
    from tests.suggestions.helpers import run_worker_job

    monkeypatch.setenv("DEMO_PASSWORD", DEMO_PASSWORD)
    monkeypatch.setattr(load_demo, "CREDENTIALS", tmp_path / "credentials")  # the developer's own file stays
    call_command("load_demo", stdout=(tmp_path / "load_demo.out").open("w"))
    article = Article.objects.get(title=load_demo.DEMO_TITLE)
    run_worker_job(article)
    return article
