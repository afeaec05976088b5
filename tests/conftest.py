import importlib
import os

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.utils import translation

from annotations import permissions
from tests.factories import PASSWORD, ArticleFactory, UserFactory

# Playwright's sync API runs an event loop in the test thread; the ORM calls in browser tests are still
# ordinary synchronous calls made between browser steps.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(autouse=True)
def default_language_after_each_test():
    """LocaleMiddleware activates the request's language in the test's own thread and leaves it active; a test
    that asked for Persian must not make the next one speak it."""
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Real hashing costs ~0.3 s per user; tests create many users and check no password strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def every_request_takes_its_own_throttle_lease(request):
    """A web process spends a busy API caller's requests from a lease taken with one query for several
    (factcheck.api.throttling). Whether a request finds one left depends on the requests before it and on the clock;
    so that query counts are exact, every request of a test starts without one (the one query a lease costs is
    counted). Tests of the leases themselves are marked `throttle_leases`."""
    from django.core.signals import request_started

    from factcheck.api.throttling import LEASES

    if request.node.get_closest_marker("throttle_leases"):
        LEASES.clear()
        yield
        return

    def forget(**kwargs):
        LEASES.clear()

    request_started.connect(forget, dispatch_uid="tests-forget-throttle-leases")
    yield
    request_started.disconnect(dispatch_uid="tests-forget-throttle-leases")
    LEASES.clear()


def _seed_roles_and_ratings():
    # Transactional tests (the browser ones) flush the database, data migrations included; put them back.
    from annotations.models import Rating

    if Group.objects.filter(name__in=permissions.ROLES).count() == len(permissions.ROLES) and Rating.objects.exists():
        return
    migration = importlib.import_module("annotations.migrations.0002_ratings_and_roles")
    migration.create(apps, None)


@pytest.fixture(autouse=True)
def _roles_and_ratings_in_every_database_test(request):
    """A transactional test (the browser ones) ends by flushing the database, data migrations included; every
    test that uses the database starts with the roles and the rating scale the migrations made."""
    marker = request.node.get_closest_marker("django_db")
    names = set(request.fixturenames)
    transactional = bool({"transactional_db", "live_server"} & names or (marker and marker.kwargs.get("transaction")))
    if marker or transactional or "db" in names:
        request.getfixturevalue("transactional_db" if transactional else "db")
        _seed_roles_and_ratings()
    yield
    if transactional:
        # The flush empties Django's tables only; jobs deferred by this test would wait for the next one.
        from procrastinate.contrib.django.models import ProcrastinateJob

        ProcrastinateJob.objects.all().delete()


@pytest.fixture
def roles_and_ratings(db):
    """The roles and rating scale the migrations made, even after a browser test flushed them."""
    _seed_roles_and_ratings()


def make_user(username: str, role: str | None):
    _seed_roles_and_ratings()
    user = UserFactory(username=username)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def editor(db):
    return make_user("editor", permissions.EDITOR)


@pytest.fixture
def editor2(db):
    return make_user("editor2", permissions.EDITOR)


@pytest.fixture
def reviewer(db):
    return make_user("reviewer", permissions.REVIEWER)


@pytest.fixture
def admin_user(db):
    user = make_user("admin", permissions.ADMIN)
    user.is_staff = user.is_superuser = True
    user.save()
    return user


@pytest.fixture
def nobody(db):
    """Logged in, but with no newsroom role."""
    return make_user("nobody", None)


@pytest.fixture
def article(editor):
    return ArticleFactory(created_by=editor)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


# Browser tests


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Browser tests need Chromium at {CHROMIUM} (apt-get install chromium, or set CHROMIUM).")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def login(live_server, page):
    """Log a user in through the real login page; returns the page."""

    from tests.browser.helpers import log_in

    return lambda user, password=PASSWORD: log_in(page, live_server, user, password)


def pytest_collection_modifyitems(items):
    # A transactional test serves pages from a live server thread; where a replica is configured (a developer's
    # DATABASE_REPLICA_URLS, mirrored in tests) its list pages read from it: let it use every database unless the
    # test chose its own.
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker and marker.kwargs.get("transaction") and "databases" not in marker.kwargs:
            item.add_marker(pytest.mark.django_db(*marker.args, **marker.kwargs, databases="__all__"), append=False)
