"""Stateful contract test: schemathesis chains requests along the links it infers (a created article's id into
its claims, a claim's id into its review actions ...) and checks every answer against the schema.

Valid requests only, not derandomized: each step draws from what earlier answers returned, which Hypothesis cannot
replay from a fixed seed ("inconsistent data generation"); every run explores other sequences (about 150 calls over
11-20 operations).
"""

import hypothesis
import hypothesis.errors
import pytest
import schemathesis
from hypothesis import HealthCheck
from schemathesis.generation import GenerationMode

from tests.api.conftest import add_claim, make_token
from tests.api.test_schemathesis import CHECKS, wsgi_app  # noqa: F401 - the fixture
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_chained_requests_get_no_5xx_and_match_the_schema(settings, admin_user, editor, wsgi_app):  # noqa: F811
    settings.API_THROTTLE_RATE = None
    add_claim(ArticleFactory(created_by=editor), editor, "Ashgatat")
    headers = {"Authorization": f"Token {make_token(admin_user, write=True)}", "Accept-Encoding": "identity"}
    schema = schemathesis.openapi.from_wsgi("/api/schema/", wsgi_app)
    # Valid requests only: the chains follow what earlier answers returned, and schemathesis's mix of valid and
    # invalid cases draws with a probability that adapts between cases, which Hypothesis reports as inconsistent
    # data generation. Invalid requests are the single-operation test's part (tests/api/test_schemathesis.py).
    schema.config.generation.update(modes=[GenerationMode.POSITIVE])
    steps, failures = [], []

    class Workflow(schema.as_state_machine()):
        def get_call_kwargs(self, case):
            return {"headers": headers}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            # Collected rather than raised: the database changes from step to step, so Hypothesis could not replay
            # a failing sequence; every failure is reported at the end instead.
            steps.append(case.operation.label)
            try:
                case.validate_response(response, checks=CHECKS, headers=headers)
            except (Exception, BaseExceptionGroup) as error:
                failures.append(f"{case.operation.label} -> {response.status_code}: {str(error)[-600:]}")

    for _attempt in range(5):
        try:
            Workflow.run(
                settings=hypothesis.settings(
                    max_examples=25,
                    stateful_step_count=6,
                    database=None,
                    deadline=None,
                    suppress_health_check=list(HealthCheck),
                    phases=[hypothesis.Phase.generate],
                )
            )
            break
        except hypothesis.errors.FlakyStrategyDefinition:
            # Hypothesis noticed that a step drew differently from an earlier case (the links follow the
            # database, which earlier steps changed). That ends Hypothesis's run, not the check: the answers
            # already validated stay counted, and a new run explores further.
            continue
    assert not failures, "\n".join(sorted(set(failures))[:20])
    assert len(steps) >= 50, len(steps)
    print(f"schemathesis stateful: {len(steps)} calls over {len(set(steps))} operations")
