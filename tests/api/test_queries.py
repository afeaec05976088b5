"""API lists and details keep a constant number of queries however many claims and sources there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annotations.models import Source
from tests.api.conftest import add_claim
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

WORDS = [f"word{i:03d}" for i in range(20)]


def article_with_claims(editor, n: int):
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
    "url",
    [
        "/api/v1/articles/",
        "/api/v1/articles/{a}/",
        "/api/v1/articles/{a}/claims/",
        "/api/v1/claims/{c}/",
        "/api/v1/articles/{a}/claimreview/",
        "/api/v1/articles/{a}/annotations/",
        "/api/v1/articles/{a}/corrected/",
        "/api/v1/articles/{a}/claims.csv",
        "/api/v1/claims.csv",
    ],
)
def test_query_count_does_not_grow_with_claims(api, editor, url):
    few, many = article_with_claims(editor, 1), article_with_claims(editor, 12)
    counts = []
    for article in (few, many):
        claim = article.claims.first()
        counts.append(queries(api, url.format(a=article.pk, c=claim.pk)))
    assert counts[0] == counts[1], counts
    assert counts[1] <= 8


def test_article_list_query_count_does_not_grow_with_articles(api, editor):
    article_with_claims(editor, 3)
    one = queries(api, "/api/v1/articles/")
    for _ in range(6):
        article_with_claims(editor, 3)
    assert queries(api, "/api/v1/articles/") == one


def test_comments_of_a_claim_cost_the_same_with_1_or_100_and_come_a_page_at_a_time(api, editor):
    from annotations.models import Comment

    claim = article_with_claims(editor, 1).claims.get()
    Comment.objects.create(claim=claim, author=editor, text="First.")
    url = f"/api/v1/claims/{claim.pk}/comments/"
    one = queries(api, url)
    Comment.objects.bulk_create(Comment(claim=claim, author=editor, text=f"Comment {n}.") for n in range(2, 101))
    assert queries(api, url) == one
    page = api.get(url).json()
    assert (page["count"], page["count_capped"], len(page["results"])) == (100, False, 50)
    assert page["results"][0]["text"] == "First." and page["next"].endswith("?page=2")
    rest = api.get(page["next"]).json()
    assert [c["text"] for c in rest["results"]][-1] == "Comment 100." and rest["next"] is None
