"""API tokens: explicit scopes, made only for their admin or an integration user, expiring, named in history."""

from datetime import timedelta

import pytest
from django.utils import timezone
from pghistory.models import Events

from annotations import services
from annotations.models import Rating, Source
from factcheck.api.models import ApiToken
from integrations import services as integration_services
from tests.api.conftest import add_claim, token_client

pytestmark = pytest.mark.django_db


def scoped(user, *scopes):
    _token, raw = integration_services.api_token_create(actor=None, user=user, name="scoped", scopes=list(scopes))
    return token_client(raw)


def submitted_claim(article, editor):
    claim = add_claim(
        article, editor, "leaders of 24 countries", kind="number", verdict=Rating.objects.get(slug="mostly-true")
    )
    Source.objects.create(claim=claim, url="https://en.wikipedia.org/wiki/2024_BRICS_summit", created_by=editor)
    return services.claim_submit(claim=claim, user=editor)


def test_a_write_token_cannot_review_sign_off_or_manage_webhooks(article, editor, reviewer, admin_user):
    claim = submitted_claim(article, editor)
    cms = scoped(reviewer, "read", "write")  # a reviewer's account, but a token made for writing only
    refused = cms.post(f"/api/v1/claims/{claim.pk}/approve/", {}, format="json")
    assert refused.status_code == 403 and "review" in refused.json()["detail"]
    assert cms.post(f"/api/v1/articles/{article.pk}/sign-off/", {}, format="json").status_code == 403
    writer = scoped(editor, "read", "write")
    assert (
        writer.patch(f"/api/v1/claims/{claim.pk}/", {"rationale": "Still writable."}, format="json").status_code == 200
    )
    assert (
        scoped(reviewer, "read", "review").post(f"/api/v1/claims/{claim.pk}/approve/", {}, format="json").status_code
        == 200
    )

    admin_writer = scoped(admin_user, "read", "write", "review")
    listing = admin_writer.get("/api/v1/webhooks/")
    assert listing.status_code == 403 and "admin" in listing.json()["detail"]
    hook = {"url": "https://cms.example/hook", "events": ["claim.approved"]}
    assert admin_writer.post("/api/v1/webhooks/", hook, format="json").status_code == 403
    assert scoped(admin_user, "read", "admin").post("/api/v1/webhooks/", hook, format="json").status_code == 201


def test_a_read_token_reads_only(article, editor):
    reader = scoped(editor, "read")
    assert reader.get(f"/api/v1/articles/{article.pk}/").status_code == 200
    refused = reader.patch(f"/api/v1/articles/{article.pk}/", {"title": "New"}, format="json")
    assert refused.status_code == 403 and "write" in refused.json()["detail"]


def test_an_admin_makes_tokens_for_themself_or_an_integration_user_never_for_another_person(client, admin_user, editor):
    cms = integration_services.integration_user_create(actor=admin_user, username="cms", role="Editor")
    assert not cms.has_usable_password()
    client.force_login(admin_user)
    refused = client.post("/integrations/tokens/", {"name": "Editor's", "user": editor.pk, "scopes": ["read"]})
    assert refused.status_code == 422 and "another person" in refused.content.decode()
    assert not ApiToken.objects.exists()
    assert (
        client.post("/integrations/tokens/", {"name": "Mine", "user": admin_user.pk, "scopes": ["read"]}).status_code
        == 201
    )
    assert (
        client.post("/integrations/tokens/", {"name": "CMS", "user": cms.pk, "scopes": ["read", "write"]}).status_code
        == 201
    )
    assert sorted(ApiToken.objects.values_list("user__username", flat=True)) == ["admin", "cms"]
    with pytest.raises(Exception, match="another person"):
        integration_services.api_token_create(actor=admin_user, user=editor, name="x", scopes=["read"])


def test_tokens_expire_after_a_year_unless_told_otherwise(admin_user):
    token, _ = integration_services.api_token_create(actor=admin_user, user=admin_user, name="default", scopes=["read"])
    year = timezone.now() + timedelta(days=365)
    assert abs(token.expires_at - year) < timedelta(minutes=1)
    later = timezone.now() + timedelta(days=30)
    token, _ = integration_services.api_token_create(
        actor=admin_user, user=admin_user, name="short", scopes=["read"], expires_at=later
    )
    assert token.expires_at == later


def test_every_change_a_token_makes_names_the_token_in_the_history(editor):
    token, raw = integration_services.api_token_create(actor=None, user=editor, name="CMS", scopes=["read", "write"])
    api = token_client(raw)
    body = {"title": "Summit", "body": "Leaders of 24 countries met in Kazan.", "url": "https://news.example/1"}
    article = api.put("/api/v1/articles/by-external-id/cms-1/", body, format="json").json()
    claim = api.post(
        f"/api/v1/articles/{article['id']}/claims/",
        {"quote": "Leaders of 24 countries", "kind": "number", "sources": [{"url": "https://s.example/1"}]},
        format="json",
    ).json()
    assert api.patch(f"/api/v1/claims/{claim['id']}/", {"rationale": "Counted."}, format="json").status_code == 200
    assert (
        api.patch(
            f"/api/v1/articles/{article['id']}/", {"body": body["body"] + " It rained."}, format="json"
        ).status_code
        == 200
    )
    events = list(
        Events.objects.filter(pgh_obj_model__in=["annotations.Article", "annotations.Claim", "annotations.Source"])
    )
    assert len(events) >= 5
    assert all(e.pgh_context and e.pgh_context.get("api_token") == token.pk for e in events), [
        e.pgh_context for e in events
    ]
