"""Read replicas: lists and exports read from a replica; writes, and reads inside a transaction, stay on the primary.

This module configures one replica, `replica_1`, as settings.py does for DATABASE_REPLICA_URLS, with Django's
TEST MIRROR pointing it at the test database (only here: elsewhere, tests that roll back could not see their
own rows through a second connection). The tests commit their data (transaction=True) and check which
connection each read went through.
"""

import pytest
from django.conf import settings
from django.db import connections, router, transaction
from django.test.utils import CaptureQueriesContext

from annotations.models import Article
from factcheck.db_router import replica_reads

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica_1"])


@pytest.fixture(scope="module", autouse=True)
def replica_1(django_db_setup):
    """The alias settings.py makes from DATABASE_REPLICA_URLS, mirrored as Django's test runner mirrors one."""
    replica = {**settings.DATABASES["default"], "TEST": {"MIRROR": "default"}}
    configured = connections.configure_settings({"default": settings.DATABASES["default"], "replica_1": replica})
    settings.DATABASES["replica_1"] = connections.settings["replica_1"] = configured["replica_1"]
    connections["replica_1"].creation.set_as_test_mirror(connections["default"].settings_dict)
    yield
    connections["replica_1"].close()
    del connections["replica_1"]
    connections.settings.pop("replica_1", None)
    settings.DATABASES.pop("replica_1", None)  # often the same dict as connections.settings


def touching(queries, table: str) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if table in q["sql"]]


def test_the_test_run_has_a_replica_that_mirrors_the_primary():
    assert settings.DATABASES["replica_1"]["TEST"]["MIRROR"] == "default"


def test_the_article_list_reads_its_rows_from_the_replica(editor_client, article):
    with (
        CaptureQueriesContext(connections["replica_1"]) as replica,
        CaptureQueriesContext(connections["default"]) as primary,
    ):
        response = editor_client.get("/articles/")
    assert response.status_code == 200
    assert article.title in response.text
    assert touching(replica, "annotations_article")
    assert not touching(primary, "annotations_article")


def test_the_api_article_list_reads_from_the_replica(editor_client, article):
    with (
        CaptureQueriesContext(connections["replica_1"]) as replica,
        CaptureQueriesContext(connections["default"]) as primary,
    ):
        response = editor_client.get("/api/v1/articles/")
    assert response.status_code == 200 and response.json()["results"][0]["id"] == article.pk
    assert touching(replica, "annotations_article") and not touching(primary, "annotations_article")


def test_the_workspace_reads_from_the_primary(editor_client, article):
    with (
        CaptureQueriesContext(connections["replica_1"]) as replica,
        CaptureQueriesContext(connections["default"]) as primary,
    ):
        response = editor_client.get(f"/articles/{article.pk}/")
    assert response.status_code == 200
    assert touching(primary, "annotations_article") and not replica.captured_queries


def test_reads_inside_a_transaction_and_all_writes_use_the_primary():
    with replica_reads():
        assert router.db_for_read(Article) == "replica_1"
        assert router.db_for_write(Article) == "default"
        with transaction.atomic():
            assert router.db_for_read(Article) == "default"
    assert router.db_for_read(Article) == "default"


def test_the_csv_export_streams_from_the_replica(editor_client, article, editor):
    from tests import workflow

    workflow.claim(article, editor, "Ashgatat")
    response = editor_client.get("/api/v1/claims.csv")
    with (
        CaptureQueriesContext(connections["replica_1"]) as replica,
        CaptureQueriesContext(connections["default"]) as primary,
    ):
        body = b"".join(response.streaming_content).decode()
    assert "Ashgatat" in body
    assert touching(replica, "annotations_claim") and not touching(primary, "annotations_claim")
