import pytest
from django.core.cache import cache

from tests.api.conftest import make_token, token_client


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # throttle counters and the archive's cached language list
    yield
    cache.clear()


@pytest.fixture
def api(editor):
    """A writable token of the editor."""
    return token_client(make_token(editor, write=True))


@pytest.fixture
def admin_api(admin_user):
    return token_client(make_token(admin_user, write=True))


@pytest.fixture(autouse=True)
def _memo_embedder(settings):
    settings.ARCHIVE_EMBEDDER = "tests.archive.helpers.MemoEmbedder"
