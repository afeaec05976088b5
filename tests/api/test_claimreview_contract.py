"""The ClaimReview export answers what its OpenAPI schema says, for every status code it can give."""

import jsonschema
import pytest
from rest_framework.test import APIClient

from annotations import services
from tests import workflow
from tests.api.conftest import make_token, token_client

pytestmark = pytest.mark.django_db
PATH = "/api/v1/articles/{id}/claimreview/"


def assert_documented(doc: dict, response) -> None:
    responses = doc["paths"][PATH]["get"]["responses"]
    assert str(response.status_code) in responses, f"{response.status_code} is not documented"
    media = response["Content-Type"].split(";")[0]
    content = responses[str(response.status_code)]["content"]
    assert media in content, f"{media} is not documented for {response.status_code}"
    schema = {**content[media]["schema"], "components": doc["components"]}  # so that #/components/... resolves
    jsonschema.validate(response.json(), schema)


def test_every_claimreview_answer_matches_its_schema(client, editor, reviewer, nobody):
    doc = APIClient().get("/api/schema/", HTTP_ACCEPT="application/json").json()
    api = token_client(make_token(editor))
    empty = workflow.article(editor)
    checked = workflow.article(editor, title="Checked")
    services.claim_approve(claim=workflow.submitted_claim(checked, editor), user=reviewer)

    answers = [
        api.get(f"/api/v1/articles/{empty.pk}/claimreview/"),  # no approved claim yet
        api.get(f"/api/v1/articles/{checked.pk}/claimreview/"),
        api.get("/api/v1/articles/999999/claimreview/"),
        APIClient().get(f"/api/v1/articles/{empty.pk}/claimreview/"),
    ]
    client.force_login(nobody)
    answers.append(client.get(f"/api/v1/articles/{empty.pk}/claimreview/"))
    assert [a.status_code for a in answers] == [200, 200, 404, 401, 403]
    for answer in answers:
        assert_documented(doc, answer)
    assert answers[0].json() == [] and answers[1].json()[0]["@type"] == "ClaimReview"
