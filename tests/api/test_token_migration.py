"""API tokens and the throttle's windows moved from the integrations app to the API's plumbing (issue 24): a
token made before the move authenticates after it, and a caller's throttle window is still counted."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from factcheck.api.models import ApiToken, ThrottleWindow, hash_token
from factcheck.api.throttling import take_postgres
from tests.api.conftest import token_client

BEFORE = [("integrations", "0006_throttle_take"), ("api", None)]
RAW = "fct_made-before-the-move-0123456789abcdefghijklmnopqrs"


def migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def table_of(cursor, name: str) -> str | None:
    cursor.execute("SELECT relpersistence FROM pg_class WHERE relname = %s AND relkind = 'r'", [name])
    row = cursor.fetchone()
    return row and row[0]


@pytest.mark.django_db(transaction=True)
def test_a_token_made_before_the_move_still_authenticates_and_its_window_still_counts(editor):
    token_type = ContentType.objects.get_for_model(ApiToken).pk
    try:
        executor = migrate(BEFORE)
        OldToken = executor.loader.project_state(BEFORE[:1]).apps.get_model("integrations", "ApiToken")
        old = OldToken.objects.create(
            user_id=editor.pk,
            created_by_id=editor.pk,
            name="CMS sync",
            key_hash=hash_token(RAW),
            hint=RAW[:8],
            scopes=["read", "write"],
        )
        with connection.cursor() as cursor:
            # The old schema: the integrations app's tables, and the function writing to its window table.
            assert table_of(cursor, "integrations_apitoken") == "p" and table_of(cursor, "api_apitoken") is None
            assert table_of(cursor, "integrations_throttlewindow") == "u"
            cursor.execute("SELECT app_label FROM django_content_type WHERE id = %s", [token_type])
            assert cursor.fetchone() == ("integrations",)
            for stamp in (100.0, 101.0):
                cursor.execute("SELECT * FROM factcheck_throttle_take('old-caller', %s, 0, 2, 1, 0, 0)", [stamp])
        migrate(latest())
    finally:
        migrate(latest())

    with connection.cursor() as cursor:
        assert table_of(cursor, "integrations_apitoken") is None and table_of(cursor, "api_apitoken") == "p"
        assert table_of(cursor, "integrations_throttlewindow") is None
        assert table_of(cursor, "api_throttlewindow") == "u"  # still unlogged
    token = ApiToken.objects.get()
    assert (token.pk, token.name, token.scopes, token.user_id) == (old.pk, "CMS sync", ["read", "write"], editor.pk)
    # The admin's permissions for tokens hang on the same content type, now the API's.
    assert ContentType.objects.get(pk=token_type).app_label == "api"
    assert not ContentType.objects.filter(app_label="integrations", model="apitoken").exists()

    # The window the old function filled is full (2 of 2): the function, now on the renamed table, refuses.
    assert ThrottleWindow.objects.get(key="old-caller").hits == [100.0, 101.0]
    assert take_postgres("old-caller", 102.0, 0.0, 2).granted == 0
    assert take_postgres("old-caller", 102.0, 100.5, 2).granted == 1  # 100.0 left the window

    client = token_client(RAW)
    response = client.get("/api/v1/articles/")
    assert response.status_code == 200, response.content
    assert ApiToken.objects.get().last_used_at is not None
    assert token_client(RAW + "x").get("/api/v1/articles/").status_code == 401
