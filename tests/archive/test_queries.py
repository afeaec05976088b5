"""Lists the archive adds keep a constant number of queries with 1 and 100 rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annotations import services
from archive import services as archive_services
from tests.api.conftest import make_token, token_client
from tests.archive import helpers

pytestmark = pytest.mark.django_db


def queries(client, url, **headers) -> int:
    client.get(url, **headers)  # warm: caches and the token's last-used time
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **headers)
        assert response.status_code == 200, response.content[:500]
    return len(captured)


def claims(editor, reviewer, n: int):
    body = " ".join(f"Claim{i} about the summit." for i in range(n))
    article = helpers.article(editor, body=body, title=f"Summit {n}")
    for i in range(n):
        quote = f"Claim{i} about the summit."
        obj = helpers.claim(article, editor, quote, statement=f"Statement {i} about the summit.", kind="number")
        services.source_create(claim=obj, user=editor, url=f"https://s.example/{n}/{i}", title="Source")
    return article


@pytest.mark.parametrize(
    "url",
    [
        "/search/?q=summit",
        "/search/?q=summit&sort=newest&type=claims",
        "/search/?state=draft",
        "/api/v1/search/?q=summit",
        "/api/v1/search/?kind=number&page_size=200",
    ],
)
def test_search_query_count_is_the_same_for_1_and_100_rows(editor, reviewer, client, url):
    client.force_login(editor)
    api = token_client(make_token(editor))
    c = api if url.startswith("/api/") else client
    claims(editor, reviewer, 1)
    one = queries(c, url)
    claims(editor, reviewer, 100)
    assert queries(c, url) == one


def test_my_lists_and_saved_search_page_query_counts_do_not_grow(editor, reviewer, client):
    client.force_login(editor)
    claims(editor, reviewer, 3)
    archive_services.saved_search_save(user=editor, name="list 0", query="q=summit")
    one = queries(client, "/search/saved/", HTTP_HX_REQUEST="true"), queries(client, "/search/saved/")
    for i in range(1, 100):
        archive_services.saved_search_save(
            user=editor, name=f"list {i}", query=f"q=summit&kind=number&verdict=true&editor=editor&page={i}"
        )
    assert (queries(client, "/search/saved/", HTTP_HX_REQUEST="true"), queries(client, "/search/saved/")) == one


def test_checked_before_query_count_does_not_grow_with_the_archive(editor, reviewer, client):
    import json

    from archive.evaluation import DIRECTORY

    client.force_login(editor)
    archive_services.fact_checks_import(
        data=json.dumps(
            {
                "@type": "ClaimReview",
                "url": "https://x.example/0",
                "claimReviewed": "Leaders of 24 countries attended the summit.",
                "reviewRating": {"alternateName": "True"},
            }
        )
    )
    url = "/checked-before/?text=leaders+of+24+countries+at+the+summit"
    one = queries(client, url, HTTP_HX_REQUEST="true")
    archive_services.fact_checks_import(data=(DIRECTORY / "factchecks.json").read_bytes())
    assert queries(client, url, HTTP_HX_REQUEST="true") == one
