"""gunicorn.conf.py, used by the command in docs/production.md: each worker freezes what the app loaded."""

import gc
import runpy
from pathlib import Path

import pytest

CONF = Path(__file__).resolve().parent.parent / "gunicorn.conf.py"


@pytest.fixture
def conf():
    settings = runpy.run_path(str(CONF))
    threshold = gc.get_threshold()
    yield settings
    gc.unfreeze()
    gc.set_threshold(*threshold)


def test_worker_freezes_the_loaded_app_and_raises_the_young_threshold(conf):
    gc.unfreeze()
    conf["post_worker_init"](worker=None)
    assert gc.get_freeze_count() > 10_000  # Django, the URL patterns and the warmed templates
    assert gc.get_threshold()[0] == conf["GC_THRESHOLD_GEN0"]
    gc.collect()
    assert gc.get_freeze_count() > 10_000  # a full collection leaves them where they are


def test_settings_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "5")
    monkeypatch.setenv("PORT", "8123")
    settings = runpy.run_path(str(CONF))
    assert settings["workers"] == 5 and settings["bind"] == "0.0.0.0:8123"
