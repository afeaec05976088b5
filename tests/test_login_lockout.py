"""Repeated wrong passwords lock the account and the address out for a while (django-axes)."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
LOCKED = "Too many failed log-ins"


def log_in(username, password, address="203.0.113.7"):
    return Client(REMOTE_ADDR=address).post(reverse("login"), {"username": username, "password": password})


def test_wrong_passwords_lock_the_account_and_the_address_until_the_lock_expires(settings, editor, reviewer):
    answers = [log_in("editor", "wrong") for _ in range(12)]
    assert answers[0].status_code == 200  # the form again, saying the password is wrong
    refused = answers[-1]
    assert refused.status_code == 429
    assert LOCKED in refused.content.decode() and "minutes" in refused.content.decode()
    # The right password does not get in while locked: not for this account from anywhere else,
    # and not for another account from this address.
    assert log_in("editor", PASSWORD, address="198.51.100.9").status_code == 429
    assert log_in("reviewer", PASSWORD).status_code == 429
    assert log_in("reviewer", PASSWORD, address="198.51.100.9").status_code == 302
    # Once the lock has expired the right password works again.
    from axes.models import AccessAttempt

    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.values("attempt_time")[:1][0]["attempt_time"]
        - settings.AXES_COOLOFF_TIME
        - timedelta(minutes=1)
    )
    ok = log_in("editor", PASSWORD)
    assert ok.status_code == 302 and ok.url == reverse("my_work")


def test_an_admin_unlocks_in_the_admin(settings, client, editor, admin_user):
    from axes.models import AccessAttempt

    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        log_in("editor", "wrong")
    assert log_in("editor", PASSWORD).status_code == 429
    client.force_login(admin_user)
    listing = client.get(reverse("admin:axes_accessattempt_changelist"))
    assert listing.status_code == 200 and b"editor" in listing.content
    ids = [str(pk) for pk in AccessAttempt.objects.values_list("pk", flat=True)]
    answer = client.post(
        reverse("admin:axes_accessattempt_changelist"),
        {"action": "delete_selected", "_selected_action": ids, "post": "yes"},
    )
    assert answer.status_code == 302
    assert log_in("editor", PASSWORD).status_code == 302
