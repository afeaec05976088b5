"""API tokens: made by the command or the admin page, shown once, stored hashed, revocable; throttled per token."""

import io
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from annotations import permissions
from factcheck.api.authentication import token_and_user
from factcheck.api.models import ApiToken, hash_token
from integrations import services as integration_services
from tests.api.conftest import make_token, token_client

pytestmark = pytest.mark.django_db


def test_create_api_token_command_prints_the_token_last_and_stores_only_its_hash(editor):
    out = io.StringIO()
    call_command(
        "create_api_token", "--user", "editor", "--person", "--name", "CMS sync", "--scopes", "read,write", stdout=out
    )
    raw = out.getvalue().strip().splitlines()[-1]
    token = ApiToken.objects.get()
    assert raw.startswith("fct_") and len(raw) > 40
    assert token.scopes == ["read", "write"] and token.name == "CMS sync" and token.user == editor
    assert token.key_hash == hash_token(raw) and raw not in token.key_hash
    assert token_client(raw).get("/api/v1/articles/").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_command_makes_read_only_tokens_by_default_and_refuses_unknown_users(editor):
    out = io.StringIO()
    call_command("create_integration_user", "cms", "--role", "Editor", stdout=out)
    call_command("create_api_token", "--user", "cms", "--name", "reader", stdout=out)
    assert ApiToken.objects.get().scopes == ["read"]
    with pytest.raises(CommandError):
        call_command("create_api_token", "--user", "ghost", "--name", "x", stdout=out)


def test_command_refuses_a_persons_account_unless_told_it_is_for_them(editor):
    with pytest.raises(CommandError, match="person"):
        call_command("create_api_token", "--user", "editor", "--name", "x", stdout=io.StringIO())
    assert not ApiToken.objects.exists()


def test_an_integration_user_with_an_unknown_role_is_refused_naming_the_roles(admin_user):
    with pytest.raises(ValidationError) as refused:
        integration_services.integration_user_create(actor=admin_user, username="cms", role="Publisher")
    assert refused.value.message_dict == {"role": ["Choose one of: Editor, Reviewer, Admin."]}
    assert not get_user_model().objects.filter(username="cms").exists()


def test_admin_page_creates_a_token_shown_once_and_revokes_it(client, admin_user, editor):
    client.force_login(admin_user)
    cms = integration_services.integration_user_create(actor=admin_user, username="cms", role="Editor")
    page = client.post("/integrations/tokens/", {"name": "CMS", "user": cms.pk, "scopes": ["read", "write"]})
    assert page.status_code == 201
    html = page.content.decode()
    token = ApiToken.objects.get()
    raw = html.split('id="new-token">')[1].split("<")[0]
    assert token.key_hash == hash_token(raw)
    listing = client.get("/integrations/tokens/").content.decode()
    assert raw not in listing and token.hint in listing and "read, write" in listing
    assert token_client(raw).get("/api/v1/articles/").status_code == 200
    client.post(f"/integrations/tokens/{token.pk}/revoke/")
    assert token_client(raw).get("/api/v1/articles/").status_code == 401
    assert "revoked" in client.get("/integrations/tokens/").content.decode()


def test_token_pages_are_for_admins_only(client, editor):
    client.force_login(editor)
    assert client.get("/integrations/tokens/").status_code == 403
    assert client.get("/integrations/webhooks/").status_code == 403


def test_throttled_per_token_with_429_and_retry_after(settings, editor):
    settings.API_THROTTLE_RATE = "3/min"
    first, second = token_client(make_token(editor)), token_client(make_token(editor))
    assert [first.get("/api/v1/articles/").status_code for _ in range(3)] == [200, 200, 200]
    limited = first.get("/api/v1/articles/")
    assert limited.status_code == 429
    assert 0 < int(limited["Retry-After"]) <= 60
    assert second.get("/api/v1/articles/").status_code == 200  # another token has its own budget


def test_revoking_expiring_or_deactivating_takes_effect_on_the_very_next_request(editor, admin_user):
    # The token, its user and the roles are read afresh on every request: nothing an admin changes waits for a cache.
    for change in ("revoke", "expire", "deactivate"):
        raw = make_token(editor)
        client = token_client(raw)
        assert client.get("/api/v1/articles/").status_code == 200
        token = ApiToken.objects.get(key_hash=hash_token(raw))
        if change == "revoke":
            integration_services.api_token_revoke(actor=admin_user, token=token)
        elif change == "expire":
            ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
        else:
            type(editor).objects.filter(pk=editor.pk).update(is_active=False)
        answer = client.get("/api/v1/articles/")
        assert answer.status_code == 401, change
        assert answer.json()["detail"] == "Invalid, expired or revoked token."
        type(editor).objects.filter(pk=editor.pk).update(is_active=True)


def test_a_role_taken_away_or_given_counts_from_the_next_request(editor):
    raw = make_token(editor, write=True)
    client = token_client(raw)
    assert client.get("/api/v1/articles/").status_code == 200
    editor.groups.clear()
    assert client.get("/api/v1/articles/").status_code == 403
    editor.groups.add(Group.objects.get(name=permissions.REVIEWER))
    assert client.get("/api/v1/articles/").status_code == 200
    assert permissions.roles_of(token_and_user(raw).user) == {permissions.REVIEWER}


def test_the_token_and_its_user_read_in_one_query_are_what_the_orm_reads(editor):
    raw = make_token(editor, write=True)
    with CaptureQueriesContext(connection) as captured:
        token = token_and_user(raw)
    assert len(captured) == 1
    expected = ApiToken.objects.select_related("user").get(key_hash=hash_token(raw))
    for field in ApiToken._meta.concrete_fields:
        assert getattr(token, field.attname) == getattr(expected, field.attname), field.name
    for field in type(editor)._meta.concrete_fields:
        assert getattr(token.user, field.attname) == getattr(expected.user, field.attname), field.name
    assert token.user.pk == token.user_id == editor.pk and not token._state.adding
    assert permissions.roles_of(token.user) == {permissions.EDITOR}
    assert token_and_user(raw + "x") is None
