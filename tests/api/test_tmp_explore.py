import hypothesis, pytest, schemathesis
from hypothesis import HealthCheck
from schemathesis import GenerationMode
from tests.api.test_schemathesis import wsgi_app  # noqa
from tests.api.conftest import make_token
pytestmark = pytest.mark.django_db

def test_explore(settings, admin_user, wsgi_app):
    settings.API_THROTTLE_RATE = "1000000/min"
    headers = {"Authorization": f"Token {make_token(admin_user, write=True)}"}
    schema = schemathesis.openapi.from_wsgi("/api/schema/", wsgi_app)
    bad = []
    for result in schema.get_all_operations():
        op = result.ok()
        if "by-external-id" not in op.label or op.method.upper() != "PUT":
            continue
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            @hypothesis.settings(max_examples=300, database=None, deadline=None, suppress_health_check=list(HealthCheck))
            @hypothesis.given(op.as_strategy(generation_mode=mode))
            def run(case):
                r = case.call(headers=headers)
                if r.status_code == 400 and "text/html" in r.headers.get("content-type", ""):
                    bad.append((case.path_parameters, case.headers, str(case.body)[:200], case.query))
            run()
    print(bad[:5])
    assert not bad
