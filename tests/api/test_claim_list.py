"""The claims list of an article: read into dicts, sparse fields, conditional GET, compression (issue 12)."""

import gzip
import json
from datetime import date

import brotli
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.renderers import JSONRenderer

from annotations import services
from annotations.api import claim_rows, selectors, serializers
from annotations.models import Claim, Rating, Source
from factcheck.api.renderers import ORJSONRenderer
from tests.api.conftest import add_claim
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

WORDS = [f"word{i:03d}" for i in range(120)]


def claims_url(article, query="") -> str:
    return f"/api/v1/articles/{article.pk}/claims/?page_size=200{query}"


@pytest.fixture
def full_article(editor, reviewer):
    """Claims with every field set: a verdict, a reviewer, dates, and sources with every field."""
    article = ArticleFactory(created_by=editor)
    first = add_claim(article, editor, "leaders of 24 countries", kind="number", claimant="Kremlin",
                      verdict=Rating.objects.get(slug="mostly-true"), rationale="“Two” lines\nof it.")  # fmt: skip
    services.source_create(claim=first, user=editor, url="https://s.example/1", title="One", publisher="P",
                           excerpt="Quote", accessed_at=date(2024, 10, 12),
                           archive_url="https://archive.example/1")  # fmt: skip
    services.source_create(claim=first, user=editor, url="https://s.example/2")
    first = services.claim_submit(claim=Claim.objects.get(pk=first.pk), user=editor)
    services.claim_approve(claim=first, user=reviewer)
    add_claim(article, editor, "Ashgatat", kind="name", correction="Ashgabat")
    return article


def serializer_json(article) -> list:
    """What ClaimSerializer makes of the same claims, through DRF's own JSON renderer."""
    data = serializers.ClaimSerializer(selectors.claims().filter(article_id=article.pk), many=True).data
    return json.loads(JSONRenderer().render(data))


def test_claims_read_into_dicts_are_what_the_documented_serializer_makes(full_article):
    fast = json.loads(ORJSONRenderer().render(claim_rows.of_article(full_article.pk)))
    assert fast == serializer_json(full_article)
    assert list(fast[0]) == list(serializers.ClaimSerializer().fields)  # same fields in the same order
    assert fast[0]["sources"][0]["accessed_at"] == "2024-10-12" and fast[0]["reviewed_by"] == "reviewer"


def test_api_list_has_the_full_representation(api, full_article):
    response = api.get(claims_url(full_article))
    assert response.status_code == 200
    assert response.json()["results"] == serializer_json(full_article)
    assert response.json()["count"] == 2


def test_sparse_fields_return_only_those_fields(api, full_article):
    response = api.get(claims_url(full_article, "&fields=id,start,end,kind,status"))
    assert response.status_code == 200
    results = response.json()["results"]
    assert [list(r) for r in results] == [["id", "start", "end", "kind", "status"]] * 2
    assert results[0]["kind"] == "number" and results[0]["status"] == "approved"
    sources = api.get(claims_url(full_article, "&fields=sources,quote")).json()["results"]
    assert list(sources[0]) == ["quote", "sources"] and len(sources[0]["sources"]) == 2


@pytest.mark.parametrize(
    "fields, problem", [("id,colour", "colour"), ("", "at least one"), ("id,,verdict_lable", "verdict_lable")]
)
def test_unknown_or_no_fields_are_a_400_naming_the_parameter(api, full_article, fields, problem):
    response = api.get(claims_url(full_article, f"&fields={fields}"))
    assert response.status_code == 400
    assert problem in response.json()["errors"]["fields"][0]


def test_list_answers_304_to_its_etag_and_says_clients_must_revalidate(api, full_article):
    first = api.get(claims_url(full_article))
    assert first["Cache-Control"] == "private, no-cache"
    etag = first["ETag"]
    with CaptureQueriesContext(connection) as captured:
        again = api.get(claims_url(full_article), HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
    assert not any("json_agg" in q["sql"] for q in captured)  # no body built (the state reads the sources' copies)
    assert api.get(claims_url(full_article, "&fields=id"))["ETag"] != etag  # another representation


@pytest.mark.parametrize("change", ["edit", "new claim", "delete", "source", "rating label", "article body"])
def test_list_etag_changes_with_anything_the_list_shows(api, editor, admin_user, full_article, change):
    etag = api.get(claims_url(full_article))["ETag"]
    claim = Claim.objects.filter(article=full_article, status="draft").get()
    if change == "edit":
        services.claim_update(claim=claim, user=editor, version=None, changes={"rationale": "New."})
    elif change == "new claim":
        add_claim(full_article, editor, "Ashgabat")
    elif change == "delete":
        services.claim_delete(claim=claim, user=editor)
    elif change == "source":
        services.source_create(claim=claim, user=editor, url="https://s.example/3")
    elif change == "rating label":
        Rating.objects.filter(slug="mostly-true").update(label="Largely true")
    else:  # re-anchors the claims: the article's version changes with its body
        services.article_update(
            article=full_article, user=editor, version=None, changes={"body": "New start. " + full_article.body}
        )
    response = api.get(claims_url(full_article), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and response["ETag"] != etag


@pytest.mark.parametrize("encoding, decompress", [("gzip", gzip.decompress), ("br", brotli.decompress)])
def test_list_is_compressed_for_clients_that_ask(api, full_article, encoding, decompress):
    plain = api.get(claims_url(full_article))
    assert "Content-Encoding" not in plain and "Accept-Encoding" in plain["Vary"]
    packed = api.get(claims_url(full_article), HTTP_ACCEPT_ENCODING=encoding)
    assert packed["Content-Encoding"] == encoding
    assert json.loads(decompress(packed.content)) == plain.json()
    assert len(packed.content) < len(plain.content) / 2
    # The compressed variant's ETag is weak but names the same representation: 304 for it too.
    assert (
        api.get(claims_url(full_article), HTTP_ACCEPT_ENCODING=encoding, HTTP_IF_NONE_MATCH=packed["ETag"]).status_code
        == 304
    )


def article_with(editor, n: int):
    article = ArticleFactory(created_by=editor, body=" ".join(WORDS))
    for word in WORDS[:n]:
        claim = add_claim(article, editor, word)
        Source.objects.bulk_create(
            Source(claim=claim, url=f"https://s.example/{word}/{i}", created_by=editor) for i in range(2)
        )
    return article


def queries(api, url) -> int:
    api.get(url)  # warm: the token's last-used time is written at most once a minute
    with CaptureQueriesContext(connection) as captured:
        assert api.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "query, expected", [("", 5), ("&fields=id,start,end,kind,status", 5), ("&fields=id,sources", 5)]
)
def test_list_query_count_is_the_same_for_1_and_100_claims(api, editor, query, expected):
    # the token with its user and the user's roles, the token's throttle count (shared by every web process), the
    # list's state (article, counts, versions, ratings), the claims with the joins their fields need (sources
    # included), and the copies the token now holds (one upsert for the page: docs/publishing.md)
    one, hundred = article_with(editor, 1), article_with(editor, 100)
    assert queries(api, claims_url(one, query)) == expected
    assert queries(api, claims_url(hundred, query)) == expected


def test_pages_read_with_the_lists_state_in_one_round_trip_are_the_same_pages(api, editor):
    article = article_with(editor, 5)
    whole = api.get(claims_url(article)).json()["results"]
    url = f"/api/v1/articles/{article.pk}/claims/"
    pages = [api.get(f"{url}?page_size=2&page={n}").json() for n in (1, 2, 3)]
    assert [c for page in pages for c in page["results"]] == whole
    assert pages[2]["next"] is None and pages[0]["count"] == 5
    assert api.get(f"{url}?page_size=2&page=last").json()["results"] == whole[4:]
    assert api.get(f"{url}?page_size=2&page=4").status_code == 404
    assert api.get(f"{url}?page_size=2&page=0").status_code == 400  # not a page number (factcheck/paging.py)
    assert api.get("/api/v1/articles/999999/claims/").status_code == 404
    # With an ETag to compare, the state comes first and the rows only when it is stale: the same answer.
    stale = api.get(f"{url}?page_size=2&page=2", HTTP_IF_NONE_MATCH='"stale"').json()
    assert stale == pages[1]


def test_reads_carry_no_history_context_and_writes_do(api, editor):
    article = article_with(editor, 2)
    with CaptureQueriesContext(connection) as captured:
        assert api.get(claims_url(article)).status_code == 200
    assert not [q for q in captured if "set_config" in q["sql"]]  # nothing to record for a read
    with CaptureQueriesContext(connection) as captured:
        claim = Claim.objects.filter(article=article).first()
        assert api.patch(f"/api/v1/claims/{claim.pk}/", {"rationale": "Checked."}, format="json").status_code == 200
    assert any("set_config" in q["sql"] for q in captured)
    from annotations.models import ClaimEvent

    event = ClaimEvent.objects.filter(pgh_obj_id=claim.pk).latest("pgh_id")
    assert (
        event.pgh_context.metadata["user"] == editor.pk
        and event.pgh_context.metadata["url"] == f"/api/v1/claims/{claim.pk}/"
    )


def test_a_page_of_claims_is_freed_when_its_response_is_not_left_for_the_garbage_collector(editor):
    # The view, DRF's request and the response point at each other. Left so, all that the request built (the rows
    # included) lived on until the collector walked it: a pause of tens of ms every few hundred requests, the p99.
    import gc

    from django.test import RequestFactory
    from django.urls import resolve

    from tests.api.conftest import make_token

    token = make_token(editor)

    def left_for_the_collector(article) -> int:
        url = claims_url(article)
        request = RequestFactory().get(url, HTTP_AUTHORIZATION=f"Token {token}", HTTP_HOST="127.0.0.1")
        match = resolve(url.split("?")[0])
        gc.collect()
        gc.disable()
        try:
            response = match.func(request, *match.args, **match.kwargs)
            response.render()
            assert response.status_code == 200 and len(json.loads(response.content)["results"]) == article.n
            del response, request
            return gc.collect()
        finally:
            gc.enable()

    one, hundred = article_with(editor, 1), article_with(editor, 100)
    one.n, hundred.n = 1, 100
    left_for_the_collector(one)  # warm: what the first request caches for the process
    assert left_for_the_collector(hundred) <= left_for_the_collector(one) + 10
