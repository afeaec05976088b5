"""Correcting a published claim: approval asks for a public note, records the correction and changes what
readers see at once."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from annotations import events, services
from annotations.models import ClaimStatus, Correction, PublishedClaim
from tests import workflow
from tests.api.conftest import make_token, token_client
from tests.publishing.helpers import correct, corrected_draft, published

pytestmark = pytest.mark.django_db


def test_approving_a_changed_published_claim_needs_a_note(editor, reviewer):
    _article, claim = published(editor, reviewer)
    claim = corrected_draft(claim, editor, reviewer)
    with pytest.raises(ValidationError) as refused:
        services.claim_approve(claim=claim, user=reviewer)
    assert list(refused.value.message_dict) == ["correction_note"]
    with pytest.raises(ValidationError):
        services.claim_approve(claim=claim, user=reviewer, correction_note="   ")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED
    assert PublishedClaim.objects.get(claim=claim).verdict_slug == "mostly-true"


def test_the_approved_correction_is_recorded_and_readers_see_it_at_once(editor, reviewer):
    article, claim = published(editor, reviewer)
    seen = []
    events.subscribe(events.ClaimCorrected, seen.append)
    claim = correct(claim, editor, reviewer, note="The figure was 22.")
    correction = Correction.objects.get()
    assert (correction.claim_id, correction.article_id, correction.created_by) == (claim.pk, article.pk, reviewer)
    assert correction.before == {"verdict": "Mostly true", "rationale": ""}
    assert correction.after == {"verdict": "False", "rationale": "The summit had 22 leaders, not 24."}
    assert correction.note == "The figure was 22." and correction.version == claim.version
    public = PublishedClaim.objects.get(claim=claim)
    assert (public.verdict_slug, public.correction_note, public.version) == (
        "false",
        "The figure was 22.",
        claim.version,
    )
    article.refresh_from_db()
    assert article.signed_off_at is None  # the article waits for its next sign-off; readers do not
    assert [e.correction_id for e in seen] == [correction.pk]


def test_a_note_is_refused_when_nothing_readers_see_changed(editor, reviewer):
    _article, claim = published(editor, reviewer)
    claim = services.claim_reopen(claim=claim, user=reviewer, reason="Look again.")
    claim = services.claim_submit(claim=claim, user=editor)
    with pytest.raises(ValidationError) as refused:
        services.claim_approve(claim=claim, user=reviewer, correction_note="Nothing to say.")
    assert list(refused.value.message_dict) == ["correction_note"]
    services.claim_approve(claim=claim, user=reviewer)  # without one it is a plain approval
    assert not Correction.objects.exists()


def test_a_note_is_refused_on_a_claim_never_published(editor, reviewer):
    article = workflow.article(editor)
    claim = workflow.submitted_claim(article, editor)
    with pytest.raises(ValidationError) as refused:
        services.claim_approve(claim=claim, user=reviewer, correction_note="Too early.")
    assert list(refused.value.message_dict) == ["correction_note"]


def test_bulk_approval_refuses_a_correction_and_says_it_needs_a_note(editor, reviewer):
    article, claim = published(editor, reviewer)
    claim = corrected_draft(claim, editor, reviewer)
    other = workflow.submitted_claim(article, editor, quote="conference in Ashgatat")
    outcomes = services.claims_review(claims=[(claim.pk, None), (other.pk, None)], user=reviewer, approve=True)
    assert [(o.claim_id, o.done) for o in outcomes] == [(claim.pk, False), (other.pk, True)]
    assert "correction note" in outcomes[0].error
    assert not Correction.objects.exists()


# The API


def test_the_api_approves_with_a_note_and_names_the_field_when_it_is_missing(editor, reviewer):
    _article, claim = published(editor, reviewer)
    claim = corrected_draft(claim, editor, reviewer)
    api = token_client(make_token(reviewer, write=True))
    url = reverse("api:claim_approve", args=[claim.pk])
    missing = api.post(url, {}, format="json")
    assert missing.status_code == 400 and "correction_note" in missing.json()["errors"]
    too_long = api.post(url, {"correction_note": "x" * 2001}, format="json")
    assert too_long.status_code == 400 and "correction_note" in too_long.json()["errors"]
    wrong_type = api.post(url, {"correction_note": ["a list"]}, format="json")
    assert wrong_type.status_code == 400 and "correction_note" in wrong_type.json()["errors"]
    done = api.post(url, {"correction_note": "It was 22."}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "approved"
    assert Correction.objects.get().note == "It was 22."


def test_the_api_refuses_a_note_when_nothing_published_changed(editor, reviewer):
    article = workflow.article(editor)
    claim = workflow.submitted_claim(article, editor)
    api = token_client(make_token(reviewer, write=True))
    answer = api.post(reverse("api:claim_approve", args=[claim.pk]), {"correction_note": "No."}, format="json")
    assert answer.status_code == 400 and "correction_note" in answer.json()["errors"]


def test_the_corrections_list_is_newest_first_and_filters_by_article_and_day(editor, reviewer):
    first, claim1 = published(editor, reviewer, external_id="a1", title="One")
    _second, claim2 = published(editor, reviewer, external_id="a2", title="Two")
    correct(claim1, editor, reviewer, note="First fix.")
    correct(claim2, editor, reviewer, note="Second fix.")
    api = token_client(make_token(editor))
    url = reverse("api:correction_list")
    rows = api.get(url).json()
    assert [r["note"] for r in rows["results"]] == ["Second fix.", "First fix."] and rows["count"] == 2
    assert rows["results"][0]["before"] == {"verdict": "Mostly true", "rationale": ""}
    assert rows["results"][0]["article_external_id"] == "a2"
    assert [r["note"] for r in api.get(url, {"article": first.pk}).json()["results"]] == ["First fix."]
    today = Correction.objects.first().created.date()
    assert api.get(url, {"since": today.isoformat()}).json()["count"] == 2
    assert api.get(url, {"until": "2000-01-01"}).json()["count"] == 0


@pytest.mark.parametrize(
    "query, field",
    [({"article": "x"}, "article"), ({"since": "yesterday"}, "since"), ({"page": "0"}, "page")],
)
def test_the_corrections_list_names_the_bad_filter(editor, query, field):
    answer = token_client(make_token(editor)).get(reverse("api:correction_list"), query)
    assert answer.status_code == 400 and field in answer.json()["errors"]


def test_the_corrections_list_reads_as_many_queries_for_a_hundred_rows_as_for_one(
    editor, reviewer, django_assert_num_queries
):
    article, claim = published(editor, reviewer)
    correct(claim, editor, reviewer)
    api = token_client(make_token(editor))
    url = reverse("api:correction_list")
    api.get(url)  # warm: the token's last-used time is written at most once a minute
    with CaptureQueriesContext(connection) as one:
        assert api.get(url).json()["count"] == 1
    template = Correction.objects.get()
    Correction.objects.bulk_create(
        [
            Correction(
                claim_id=claim.pk,
                article_id=article.pk,
                version=template.version,
                before=template.before,
                after=template.after,
                note=f"Fix {n}",
                created_by=reviewer,
                created=template.created,
            )
            for n in range(99)
        ]
    )
    with django_assert_num_queries(len(one)):
        assert len(api.get(url, {"page_size": 100}).json()["results"]) == 100


# The pages


def test_the_card_asks_for_the_note_only_when_approving_is_a_correction(client, editor, reviewer):
    _article, claim = published(editor, reviewer)
    other = workflow.submitted_claim(workflow.article(editor, title="Other"), editor)
    client.force_login(reviewer)
    plain = client.get(reverse("claim_detail", args=[other.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert 'id="approve-claim"' in plain and "correction_note" not in plain
    claim = corrected_draft(claim, editor, reviewer)
    card = client.get(reverse("claim_detail", args=[claim.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert 'name="correction_note"' in card and "Public correction note" in card


def test_approving_without_the_note_shows_the_error_beside_it_and_keeps_nothing(client, editor, reviewer):
    _article, claim = published(editor, reviewer)
    claim = corrected_draft(claim, editor, reviewer)
    client.force_login(reviewer)
    url = reverse("claim_approve", args=[claim.pk])
    answer = client.post(url, {"version": claim.version, "correction_note": " "}, HTTP_HX_REQUEST="true")
    html = answer.content.decode()
    assert answer.status_code == 422
    assert f'id="correction-note-error-{claim.pk}"' in html and 'aria-invalid="true"' in html
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED and not Correction.objects.exists()


def test_the_review_queue_asks_for_the_note_in_the_row_and_approves_the_correction_with_it(client, editor, reviewer):
    _article, claim = published(editor, reviewer)
    other = workflow.submitted_claim(workflow.article(editor, title="Other"), editor)
    claim = corrected_draft(claim, editor, reviewer)
    client.force_login(reviewer)
    page = client.get(reverse("review_queue")).content.decode()
    assert page.count('name="correction_note"') == 1 and f'id="queue-correction-note-{claim.pk}"' in page
    assert f'id="queue-correction-note-{other.pk}"' not in page  # a first approval is no correction

    url, target = reverse("claim_approve", args=[claim.pk]), f"review-{claim.pk}"
    empty = {"version": claim.version, "correction_note": " "}
    answer = client.post(url, empty, HTTP_HX_REQUEST="true", HTTP_HX_TARGET=target)
    row = answer.content.decode()
    assert answer.status_code == 422 and f'id="queue-correction-note-error-{claim.pk}"' in row
    assert 'aria-invalid="true"' in row and not Correction.objects.exists()

    note = "We said mostly true; <b>22</b> leaders came, so it is false."
    answer = client.post(
        url, {"version": claim.version, "correction_note": note}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET=target
    )
    assert answer.status_code == 200 and "correction_note" not in answer.content.decode()
    correction = Correction.objects.get(claim=claim)
    assert correction.note == note and PublishedClaim.objects.get(claim=claim).verdict_slug == "false"


def test_the_review_queue_reads_as_many_queries_with_a_correction_among_its_rows(
    client, editor, reviewer, django_assert_num_queries
):
    for i in range(3):
        workflow.submitted_claim(workflow.article(editor, title=f"Plain {i}"), editor)
    client.force_login(reviewer)
    client.get(reverse("review_queue"))
    with CaptureQueriesContext(connection) as plain:
        client.get(reverse("review_queue"))
    _article, claim = published(editor, reviewer)
    corrected_draft(claim, editor, reviewer)
    with django_assert_num_queries(len(plain)):
        assert "queue-correction-note" in client.get(reverse("review_queue")).content.decode()


def test_the_claim_and_article_pages_show_the_correction(client, editor, reviewer):
    article, claim = published(editor, reviewer)
    claim = corrected_draft(claim, editor, reviewer)
    client.force_login(reviewer)
    answer = client.post(
        reverse("claim_approve", args=[claim.pk]),
        {"version": claim.version, "correction_note": "It was <b>22</b>."},
        HTTP_HX_REQUEST="true",
    )
    card = answer.content.decode()
    assert answer.status_code == 200 and 'id="corrections"' in card
    assert "It was &lt;b&gt;22&lt;/b&gt;." in card and "Mostly true" in card
    assert 'id="destinations"' in card  # where the verdict went loads after the card
    page = client.get(reverse("article_detail", args=[article.pk])).content.decode()
    assert 'id="article-corrections"' in page and "1 correction since publication" in page
