"""Read replicas: lists and exports read from a replica; writes, and reads inside a transaction, stay on the primary.

`./dev test` configures one replica, `replica_1`, that mirrors the test database (Django's TEST MIRROR), so
these tests commit their data (transaction=True) and see which connection each query went through.
"""

import pytest
from django.conf import settings
from django.db import connections, router, transaction
from django.test.utils import CaptureQueriesContext

from annotations.models import Article
from factcheck.db_router import replica_reads

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica_1"])


def touching(queries, table: str) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if table in q["sql"]]


def test_the_test_run_has_a_replica_that_mirrors_the_primary():
    assert settings.DATABASES["replica_1"]["TEST"]["MIRROR"] == "default"


def test_the_article_list_reads_its_rows_from_the_replica(editor_client, article):
    with CaptureQueriesContext(connections["replica_1"]) as replica, CaptureQueriesContext(connections["default"]) as primary:
        response = editor_client.get("/")
    assert response.status_code == 200
    assert article.title in response.text
    assert touching(replica, "annotations_article")
    assert not touching(primary, "annotations_article")


def test_the_api_article_list_reads_from_the_replica(editor_client, article):
    with CaptureQueriesContext(connections["replica_1"]) as replica, CaptureQueriesContext(connections["default"]) as primary:
        response = editor_client.get("/api/v1/articles/")
    assert response.status_code == 200 and response.json()["results"][0]["id"] == article.pk
    assert touching(replica, "annotations_article") and not touching(primary, "annotations_article")


def test_the_workspace_reads_from_the_primary(editor_client, article):
    with CaptureQueriesContext(connections["replica_1"]) as replica, CaptureQueriesContext(connections["default"]) as primary:
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
    with CaptureQueriesContext(connections["replica_1"]) as replica, CaptureQueriesContext(connections["default"]) as primary:
        body = b"".join(response.streaming_content).decode()
    assert "Ashgatat" in body
    assert touching(replica, "annotations_claim") and not touching(primary, "annotations_claim")
