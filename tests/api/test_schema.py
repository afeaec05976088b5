"""The OpenAPI schema and the docs page, which must work with no internet and under the site's CSP."""

import pytest
import yaml

pytestmark = pytest.mark.django_db


def test_schema_is_public_openapi_3_and_documents_every_endpoint(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["openapi"].startswith("3.")
    paths = set(schema["paths"])
    for path in [
        "/api/v1/articles/", "/api/v1/articles/{id}/", "/api/v1/articles/by-external-id/{external_id}/",
        "/api/v1/articles/{id}/claims/", "/api/v1/claims/{id}/", "/api/v1/claims/{id}/approve/",
        "/api/v1/claims/{id}/comments/", "/api/v1/articles/{id}/claimreview/", "/api/v1/articles/{id}/annotations/",
        "/api/v1/articles/{id}/corrected/", "/api/v1/claims.csv", "/api/v1/webhooks/",
    ]:  # fmt: skip
        assert path in paths, path
    patch = schema["paths"]["/api/v1/claims/{id}/"]["patch"]
    assert {"200", "400", "401", "403", "404", "409", "412", "413", "429"} <= set(patch["responses"])
    assert schema["components"]["securitySchemes"]["tokenAuth"]["in"] == "header"


def test_docs_page_loads_swagger_from_the_app_with_a_nonce_and_no_inline_code(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    csp = response["Content-Security-Policy"]
    nonce = csp.split("'nonce-")[1].split("'")[0]
    assert "<style>" not in html and "<script>" not in html and "https://" not in html
    scripts = [part.split('"')[0] for part in html.split('<script src="')[1:]]
    # Swagger UI's two files, its set-up, and ours that names the controls it leaves unnamed.
    assert all(f'nonce="{nonce}"' in html for _ in scripts) and len(scripts) == 4
    assert scripts[3].startswith("/static/integrations/") and client.get(scripts[3]).status_code == 200
    for src in scripts[:2]:
        assert src.startswith("/static/drf_spectacular_sidecar/")
        assert client.get(src).status_code == 200
    init = client.get(scripts[2].replace("&amp;", "&"))
    assert init.status_code == 200 and init["Content-Type"].startswith("application/javascript")
