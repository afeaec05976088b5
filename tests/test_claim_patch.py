"""claim_patch: a claim's fields and its list of sources saved as one change, by the API and the card alike."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from annotations import services
from annotations.models import Claim, Source
from factcheck.api import errors
from tests import workflow

pytestmark = pytest.mark.django_db

A, B = "https://a.example/", "https://b.example/"


@pytest.fixture
def claim(editor):
    claim = workflow.claim(workflow.article(editor), editor)
    services.source_create(claim=claim, user=editor, url=A, title="A")
    services.source_create(claim=claim, user=editor, url=B, title="B")
    return Claim.objects.get(pk=claim.pk)


def sources_of(claim) -> list[tuple[str, str]]:
    return list(Source.objects.filter(claim=claim).order_by("id").values_list("url", "title"))


def test_fields_and_sources_change_together_from_one_version(claim, editor2):
    second = Source.objects.filter(claim=claim).order_by("id").last()
    saved = services.claim_patch(
        claim=claim,
        user=editor2,
        version=claim.version,
        changes={"rationale": "Checked."},
        sources=[{"id": second.pk, "url": B, "title": "B, renamed"}, {"url": "https://c.example/"}],
    )
    assert sources_of(claim) == [(B, "B, renamed"), ("https://c.example/", "")]  # A left out: removed
    assert saved.rationale == "Checked." and saved.updated_by == editor2
    # The edit, the changed source, the added one and the removed one each count: a client holding any older
    # version is told its copy is stale.
    assert saved.version == claim.version + 4 == Claim.objects.get(pk=claim.pk).version
    with pytest.raises(services.Conflict):
        services.claim_patch(claim=claim, user=editor2, version=claim.version + 3, changes={"rationale": "Late."})


def test_a_stale_version_changes_nothing(claim, editor2):
    with pytest.raises(services.Conflict) as caught:
        services.claim_patch(
            claim=claim, user=editor2, version=claim.version - 1, changes={"rationale": "x"}, sources=[]
        )
    assert caught.value.current.version == claim.version
    assert len(sources_of(claim)) == 2 and Claim.objects.get(pk=claim.pk).rationale == ""


def test_a_bad_source_is_named_by_its_place_and_nothing_is_saved(claim, editor):
    first = Source.objects.filter(claim=claim).order_by("id").first()
    with pytest.raises(ValidationError) as caught:
        services.claim_patch(
            claim=claim,
            user=editor,
            version=claim.version,
            changes={"rationale": "Checked."},
            sources=[{"id": first.pk, "url": A}, {"url": "not a url"}],
        )
    assert list(caught.value.message_dict) == ["sources.1.url"]
    assert Claim.objects.get(pk=claim.pk).rationale == "" and len(sources_of(claim)) == 2


def test_a_source_of_another_claim_is_refused_by_its_place(claim, editor):
    other = workflow.claim(claim.article, editor, "Ashgatat")
    theirs = services.source_create(claim=other, user=editor, url=A)
    with pytest.raises(ValidationError) as caught:
        services.claim_patch(claim=claim, user=editor, version=None, changes={}, sources=[{"id": theirs.pk, "url": B}])
    assert caught.value.message_dict == {"sources.0.id": [services.ERR_NOT_A_SOURCE]}
    assert Source.objects.get(pk=theirs.pk).url == A


def test_an_approved_claim_refuses_a_change_but_not_a_patch_that_changes_nothing(editor, reviewer):
    claim = services.claim_approve(claim=workflow.submitted_claim(workflow.article(editor), editor), user=reviewer)
    source = claim.sources.get()
    unchanged = [{"id": source.pk, "url": source.url, "title": source.title}]
    assert services.claim_patch(claim=claim, user=editor, version=claim.version, changes={}, sources=unchanged)
    with pytest.raises(ValidationError) as caught:
        services.claim_patch(claim=claim, user=editor, version=claim.version, changes={}, sources=[])
    assert caught.value.message_dict == {"__all__": [services.ERR_LOCKED]}
    assert Claim.objects.get(pk=claim.pk).sources.count() == 1


def test_claim_create_saves_its_sources_in_the_same_change(editor):
    article = workflow.article(editor)
    with pytest.raises(ValidationError) as caught:
        workflow.claim(article, editor, sources=[{"url": A}, {"url": "nope"}])
    assert list(caught.value.message_dict) == ["sources.1.url"] and not Claim.objects.exists()
    claim = workflow.claim(article, editor, sources=[{"url": A}, {"url": B, "title": "B"}])
    assert sources_of(claim) == [(A, ""), (B, "B")] and claim.version == Claim.objects.get(pk=claim.pk).version


def test_the_api_shows_a_services_dotted_field_nested_by_place():
    response = errors.exception_handler(
        ValidationError({"sources.1.url": ["Enter a valid URL."], "sources.1.__all__": ["Locked."], "kind": ["?"]}),
        {},
    )
    assert response.status_code == 400
    assert response.data["errors"] == {
        "sources": {"1": {"url": ["Enter a valid URL."], "non_field_errors": ["Locked."]}},
        "kind": ["?"],
    }


def test_the_cards_edit_form_saves_through_claim_patch(claim, editor_client, monkeypatch):
    calls = []
    real = services.claim_patch
    monkeypatch.setattr(services, "claim_patch", lambda **kwargs: calls.append(kwargs) or real(**kwargs))
    form = {"version": claim.version, "statement": "Leaders of 24 countries", "kind": "number", "claimant": "Agency"}
    response = editor_client.post(reverse("claim_edit", args=[claim.pk]), form)
    assert response.status_code == 302
    assert [call["version"] for call in calls] == [claim.version]
    assert Claim.objects.get(pk=claim.pk).claimant == "Agency" and len(sources_of(claim)) == 2
