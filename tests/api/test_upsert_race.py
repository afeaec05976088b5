"""Two first pushes of the same CMS article at the same moment make one article, and both callers get an answer."""

import pytest

from annotations.models import Article
from tests.api.conftest import make_token, token_client
from tests.test_concurrency import race

pytestmark = pytest.mark.django_db(transaction=True)


def test_racing_puts_by_external_id_make_one_article_and_answer_201_and_200(editor):
    raw = make_token(editor, write=True)
    for n in range(20):
        url = f"/api/v1/articles/by-external-id/race-{n}/"
        body = {"title": f"Race {n}", "body": "Leaders of 24 countries met in Kazan."}
        statuses = race(*[lambda url=url, body=body: token_client(raw).put(url, body, format="json").status_code] * 2)
        assert sorted(statuses) == [200, 201], statuses
    assert Article.objects.count() == 20
