"""Property-based contract test: schemathesis generates requests from /api/schema/ and checks every answer.

At least 500 requests over every operation, from a fixed seed (derandomized), half of them schema-valid and half
deliberately invalid: none may be a 5xx, and each must match the documented status codes, content types,
headers and response schemas.
"""

import hypothesis
import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from annotations.models import Article
from tests.api.conftest import add_claim, make_token
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
EXAMPLES_PER_MODE = 10  # per operation and generation mode
MINIMUM_REQUESTS = 500


@pytest.fixture
def wsgi_app():
    # Django closes the database connection after each request; in a test that holds the test's transaction.
    # Django's own test client disconnects the same signal handler.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_generated_requests_get_no_5xx_and_match_the_schema(settings, admin_user, editor, wsgi_app):
    settings.API_THROTTLE_RATE = "1000000/min"
    article = ArticleFactory(created_by=editor)
    claim = add_claim(article, editor, "Ashgatat")
    known = {"pk": [article.pk, claim.pk], "external_id": ["cms-1"]}
    # identity: the WSGI transport hands over the body as sent and would not undo gzip, br or zstd
    # (tests/api/test_claim_list.py covers compression).
    headers = {"Authorization": f"Token {make_token(admin_user, write=True)}", "Accept-Encoding": "identity"}
    schema = schemathesis.openapi.from_wsgi("/api/schema/", wsgi_app)
    sent, failures = [], []

    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            # Half the time aim path parameters at rows that exist, so requests get past the 404.
            strategy = st.tuples(operation.as_strategy(generation_mode=mode), st.booleans(), st.integers(0, 1))

            @hypothesis.settings(
                max_examples=EXAMPLES_PER_MODE,
                derandomize=True,
                database=None,
                deadline=None,
                suppress_health_check=list(HealthCheck),
                phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
            )
            @hypothesis.given(strategy)
            def run(drawn):
                case, aim, which = drawn
                if aim and case.path_parameters:
                    for name in case.path_parameters:
                        if name in known:
                            case.path_parameters[name] = known[name][which % len(known[name])]
                response = case.call(headers=headers)
                sent.append(case.operation.label)
                try:
                    case.validate_response(response, checks=CHECKS, headers=headers)
                except (Exception, BaseExceptionGroup) as error:
                    failures.append(f"{case.operation.label} -> {response.status_code}: {str(error)[-1500:]}")

            try:
                run()
            except hypothesis.errors.Unsatisfiable:
                assert mode == GenerationMode.NEGATIVE  # nothing to get wrong, e.g. a GET without parameters
        if not Article.objects.filter(pk=article.pk).exists():  # a generated DELETE may remove the seed article
            article = ArticleFactory(created_by=editor)
            claim = add_claim(article, editor, "Ashgatat")
            known["pk"] = [article.pk, claim.pk]

    distinct = sorted({f.split(" -> ")[0] + " -> " + f.split("- ST", 1)[-1][:160] for f in failures})
    assert not failures, "\n".join(distinct[:30])
    assert len(sent) >= MINIMUM_REQUESTS, len(sent)
    print(f"schemathesis: {len(sent)} requests over {len(set(sent))} operations")
