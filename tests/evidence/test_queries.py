"""The sources' copies cost a constant number of queries, whether a claim has a few sources or a hundred (a few
more than the card's short history holds, so it is full either way and only the sources differ)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from annotations.models import Snapshot, SnapshotState, Source
from annotations.selectors import CARD_HISTORY
from tests import workflow
from tests.api.conftest import make_token, token_client

# Transactional: each write gets its own time, so the card's history (newest first) is the same shape for both
# claims; inside one test transaction every history row has the same time and their order is a tie.
pytestmark = pytest.mark.django_db(transaction=True)


def claim_with_sources(editor, n: int):
    claim = workflow.claim(workflow.article(editor), editor)
    sources = Source.objects.bulk_create(
        Source(claim=claim, url=f"https://s.example/{i}", created_by=editor) for i in range(n)
    )
    Snapshot.objects.bulk_create(
        Snapshot(
            source=source,
            state=SnapshotState.ARCHIVED,
            requested_url=source.url,
            fetched_at=timezone.now(),
            sha256="0" * 64,
            file_name="x",
        )
        for source in sources
    )
    return claim


def count(get, url) -> int:
    get(url)
    with CaptureQueriesContext(connection) as captured:
        response = get(url)
        assert response.status_code == 200
    return len(captured), response


@pytest.mark.parametrize(
    "url", ["/claims/{c}/", "/api/v1/claims/{c}/", "/api/v1/articles/{a}/claims/", "/api/v1/articles/{a}/annotations/"]
)
def test_copies_cost_the_same_queries_for_a_few_and_100_sources(editor, client, url):
    client.force_login(editor)
    api = token_client(make_token(editor, write=True))
    get = client.get if not url.startswith("/api/") else api.get
    few_sources, many_sources = claim_with_sources(editor, CARD_HISTORY + 5), claim_with_sources(editor, 100)
    few, _ = count(get, url.format(c=few_sources.pk, a=few_sources.article_id))
    many, response = count(get, url.format(c=many_sources.pk, a=many_sources.article_id))
    assert few == many
    assert response.content.count(b"/snapshots/") >= 100  # the copies were shown, not left out
