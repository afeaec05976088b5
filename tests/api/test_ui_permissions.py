"""Every page of the integrations app, every kind of user: one table, and a route missing from it fails."""

import pytest
from django.urls import get_resolver, reverse

from factcheck.api.models import ApiToken
from integrations import services as integration_services

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "nobody", "editor", "reviewer", "admin"]
ADMINS = {"anonymous": 302, "nobody": 403, "editor": 403, "reviewer": 403}
MEMBERS = {"anonymous": 302, "nobody": 403}
# route: (method, target, expected status for roles not listed, overrides)
TABLE = {
    "token_list": ("get", None, 200, ADMINS),
    "token_revoke": ("post", "token", 302, ADMINS),
    "webhook_list": ("get", None, 200, ADMINS),
    "webhook_detail": ("get", "webhook", 200, ADMINS),
    "webhook_toggle": ("post", "webhook", 302, ADMINS),
    "webhook_delete": ("post", "webhook", 302, ADMINS),
    "webhook_ping": ("post", "webhook", 302, ADMINS),
    "delivery_resend": ("post", "delivery", 302, ADMINS),
    "claims_export": ("get", None, 200, MEMBERS),
}


def test_every_integrations_route_is_in_the_table():
    (resolver,) = [p for p in get_resolver().url_patterns if getattr(p, "namespace", None) == "integrations"]
    assert {p.name for p in resolver.url_patterns} == set(TABLE)


@pytest.fixture
def world(admin_user, editor):
    token, _ = integration_services.api_token_create(actor=admin_user, user=admin_user, name="CMS")
    hook, _ = integration_services.webhook_create(
        actor=admin_user, url="https://hooks.example/", events=["claim.approved"]
    )
    delivery = integration_services.webhook_ping(actor=admin_user, webhook=hook)
    return {"token": token, "webhook": hook, "delivery": delivery}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("route", sorted(TABLE))
def test_integrations_permission_matrix(client, world, route, role, request):
    method, target, allowed, overrides = TABLE[route]
    if role != "anonymous":
        client.force_login(request.getfixturevalue({"admin": "admin_user"}.get(role, role)))
    args = [world[target].pk] if target else []
    response = getattr(client, method)(reverse(f"integrations:{route}", args=args))
    assert response.status_code == overrides.get(role, allowed)
    if route == "token_revoke" and response.status_code != 302:
        assert ApiToken.objects.get().revoked_at is None
