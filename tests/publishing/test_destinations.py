"""Where each verdict went: every copy recorded with the claim's version; after a correction the claim lists who
still has the old one, and each drops off as it gets the new one."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from annotations import permissions, services
from integrations import services as integration_services
from integrations import webhooks
from integrations.models import WebhookDelivery
from publishing import selectors
from publishing import services as publishing_services
from publishing.models import Channel, Destination
from tests.api.conftest import make_token, token_client
from tests.api.receiver import Receiver
from tests.factories import UserFactory
from tests.publishing.helpers import corrected_draft, published

pytestmark = pytest.mark.django_db
NOTE = "We said mostly true; there were 22 leaders, so it is false."


@pytest.fixture(autouse=True)
def _local_receivers(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_NETWORKS = True
    settings.WEBHOOK_TIMEOUT_SECONDS = 5
    settings.PUBLIC_SITE = True


def deliver_pending() -> None:
    """What the worker does with each delivery waiting (integrations.tasks.deliver_webhook)."""
    for delivery in WebhookDelivery.objects.filter(status="pending").select_related("webhook").order_by("id"):
        assert webhooks.attempt(delivery, final=False).delivered


def stale(claim) -> list[str]:
    return sorted(row.channel for row in selectors.destinations_of(claim.pk).rows if row.stale)


def test_a_correction_reaches_every_destination_and_the_list_empties_as_they_update(
    editor, reviewer, admin_user, client
):
    with Receiver() as receiver:
        integration_services.webhook_create(
            actor=admin_user, url=receiver.url, events=["claim.approved", "claim.corrected"]
        )
        article, claim = published(editor, reviewer)
        deliver_pending()  # claim.approved reaches the CMS
        outsider = token_client(make_token(UserFactory(username="cms-bot")))
        assert outsider.get(reverse("api:claim_detail", args=[claim.pk])).status_code == 403
        assert not Destination.objects.filter(channel="token").exists()  # refused: no copy left
        integration = integration_services.integration_user_create(
            actor=admin_user, username="cms", role=permissions.EDITOR
        )
        cms = token_client(make_token(integration))
        assert cms.get(reverse("api:article_claims", args=[article.pk])).status_code == 200
        publishing_services.copies_sent("feed", [(claim.pk, claim.version)])
        publishing_services.copies_sent("embed", [(claim.pk, claim.version)] * 3)
        manual = publishing_services.destination_add(
            claim=claim, user=editor, url="https://social.example/post/1", label="Our post"
        )
        assert stale(claim) == []
        assert {row.channel for row in selectors.destinations_of(claim.pk).rows} == set(Channel.values)
        assert Destination.objects.get(claim=claim, channel="embed").sent_count == 3

        claim = corrected_draft(claim, editor, reviewer)
        claim = services.claim_approve(claim=claim, user=reviewer, correction_note=NOTE)
        assert stale(claim) == ["embed", "feed", "manual", "token", "webhook"]
        client.force_login(editor)
        card = client.get(reverse("publishing:claim_destinations", args=[claim.pk]), HTTP_HX_REQUEST="true")
        assert "5 destinations still have the old version." in card.content.decode()

        deliver_pending()  # claim.approved and claim.corrected, at once
        corrected = [json.loads(m["body"]) for m in receiver.received if b"claim.corrected" in m["body"]]
    (message,) = corrected
    assert message["data"]["correction"]["note"] == NOTE
    assert message["data"]["correction"]["before"]["verdict"] == "Mostly true"
    assert message["data"]["correction"]["after"]["verdict"] == "False"
    assert message["data"]["claim"]["verdict"] == "false" and message["data"]["claim"]["version"] == claim.version
    assert stale(claim) == ["embed", "feed", "manual", "token"]

    token_row = Destination.objects.get(claim=claim, channel="token")
    assert cms.get(reverse("api:claim_detail", args=[claim.pk])).status_code == 200
    token_row.refresh_from_db()
    assert token_row.version == claim.version
    assert stale(claim) == ["embed", "feed", "manual"]

    publishing_services.copies_sent("feed", [(claim.pk, claim.version)])
    publishing_services.copies_sent("embed", [(claim.pk, claim.version)])
    assert stale(claim) == ["manual"]

    answer = client.post(reverse("publishing:destination_updated", args=[claim.pk, manual.pk]), HTTP_HX_REQUEST="true")
    assert answer.status_code == 200 and "Every destination has what readers see now." in answer.content.decode()
    assert stale(claim) == []

    log = Client().get(reverse("publishing:corrections_log")).content.decode()
    feed = Client().get(reverse("publishing:corrections_feed")).content.decode()
    assert NOTE in log and NOTE in feed


def test_the_api_lists_the_same_destinations_stale_first(editor, reviewer, admin_user):
    _article, claim = published(editor, reviewer)
    publishing_services.copies_sent("feed", [(claim.pk, claim.version)])
    old_post = publishing_services.destination_add(claim=claim, user=editor, url="https://social.example/1")
    claim = corrected_draft(claim, editor, reviewer)
    claim = services.claim_approve(claim=claim, user=reviewer, correction_note=NOTE)
    publishing_services.copies_sent("feed", [(claim.pk, claim.version)])
    api = token_client(make_token(editor))
    rows = api.get(reverse("api:claim_destinations", args=[claim.pk])).json()
    assert rows["count"] == 2
    assert [(r["channel"], r["stale"], r["url"]) for r in rows["results"]] == [
        ("manual", True, old_post.url),
        ("feed", False, ""),
    ]
    assert rows["results"][1]["label"] == "Public ClaimReview feed"
    assert api.get(reverse("api:claim_destinations", args=[999999])).status_code == 404
    assert api.get(reverse("api:claim_destinations", args=[claim.pk]), {"page": "x"}).status_code == 400


def test_a_session_reading_the_api_is_not_a_destination(editor, reviewer):
    _article, claim = published(editor, reviewer)
    client = Client()
    client.force_login(editor)
    assert client.get(reverse("api:claim_detail", args=[claim.pk])).status_code == 200
    assert not Destination.objects.exists()


def test_exports_read_by_a_token_are_copies_of_every_claim(editor, reviewer):
    article, claim = published(editor, reviewer)
    api = token_client(make_token(editor))
    assert api.get(reverse("api:article_claimreview", args=[article.pk])).status_code == 200
    assert Destination.objects.get(claim=claim).channel == "token"


def test_the_all_claims_csv_read_by_a_token_is_a_copy_of_the_claims_in_its_days(editor, reviewer):
    from datetime import timedelta

    from django.utils import timezone

    from annotations.models import Claim

    _, claim = published(editor, reviewer)
    _, older = published(editor, reviewer, external_id="cms-2", title="Older")
    Claim.objects.filter(pk=older.pk).update(created=timezone.now() - timedelta(days=30))
    api = token_client(make_token(editor))
    today = timezone.localdate().isoformat()
    response = api.get(reverse("api:claims_csv"), {"since": today, "until": today})
    assert response.status_code == 200 and claim.exact in b"".join(response.streaming_content).decode()
    assert list(Destination.objects.values_list("claim_id", "channel", "version")) == [
        (claim.pk, "token", claim.version)
    ]
    api.get(reverse("api:claims_csv"))  # no days: every claim
    assert Destination.objects.filter(channel="token").count() == 2


def test_adding_a_destination_by_hand_refuses_bad_input_by_field(editor, reviewer):
    _article, claim = published(editor, reviewer)
    client = Client()
    client.force_login(editor)
    url = reverse("publishing:claim_destinations", args=[claim.pk])
    bad = client.post(url, {"url": "not an address"}, HTTP_HX_REQUEST="true")
    assert bad.status_code == 422 and 'id="id_url_error"' in bad.content.decode()
    assert client.post(url, {"url": "https://x.example/p", "label": "Post"}, HTTP_HX_REQUEST="true").status_code == 200
    again = client.post(url, {"url": "https://x.example/p"}, HTTP_HX_REQUEST="true")
    assert again.status_code == 422 and "already listed" in again.content.decode()
    assert Destination.objects.filter(channel="manual").count() == 1


def test_only_posts_made_by_hand_are_ticked_off_by_hand(editor, reviewer):
    _article, claim = published(editor, reviewer)
    publishing_services.copies_sent("feed", [(claim.pk, claim.version)])
    feed = Destination.objects.get()
    client = Client()
    client.force_login(editor)
    answer = client.post(reverse("publishing:destination_updated", args=[claim.pk, feed.pk]), HTTP_HX_REQUEST="true")
    assert answer.status_code == 422 and "update when they fetch" in answer.content.decode()


def test_an_unpublished_claim_takes_no_destination_by_hand(editor, reviewer):
    from tests import workflow

    claim = workflow.submitted_claim(workflow.article(editor), editor)
    client = Client()
    client.force_login(editor)
    answer = client.post(
        reverse("publishing:claim_destinations", args=[claim.pk]), {"url": "https://x.example/"}, HTTP_HX_REQUEST="true"
    )
    assert answer.status_code == 422 and "not published" in answer.content.decode()


def test_destinations_need_a_newsroom_role(editor, reviewer):
    _article, claim = published(editor, reviewer)
    post = publishing_services.destination_add(claim=claim, user=editor, url="https://social.example/1")
    outsider = UserFactory(username="outsider")
    client = Client()
    urls = [
        ("get", reverse("publishing:claim_destinations", args=[claim.pk])),
        ("post", reverse("publishing:claim_destinations", args=[claim.pk])),
        ("post", reverse("publishing:destination_updated", args=[claim.pk, post.pk])),
        ("post", reverse("publishing:destination_remove", args=[claim.pk, post.pk])),
    ]
    for method, url in urls:
        assert getattr(client, method)(url).status_code == 302  # to the log-in page
    client.force_login(outsider)
    for method, url in urls:
        assert getattr(client, method)(url).status_code == 403
    assert token_client(make_token(outsider)).get(reverse("api:claim_destinations", args=[claim.pk])).status_code == 403
    assert Destination.objects.filter(pk=post.pk).exists()


def test_copies_sent_counts_only_the_public_channels():
    with pytest.raises(ValueError):
        publishing_services.copies_sent("token", [(1, 1)])
    publishing_services.copies_sent("feed", [])
    publishing_services.copies_sent("feed", [(987654, 3)])  # a claim deleted meanwhile is skipped
    assert not Destination.objects.exists()


def test_the_list_is_a_fragment_for_the_card_and_the_claims_page_without_htmx(editor, reviewer):
    _article, claim = published(editor, reviewer)
    client = Client()
    client.force_login(editor)
    url = reverse("publishing:claim_destinations", args=[claim.pk])
    fragment = client.get(url, HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200 and fragment.content.decode().lstrip().startswith('<section id="destinations"')
    assert "HX-Request" in fragment["Vary"]
    page = client.get(url)
    assert page.status_code == 302 and page.url == reverse("claim_detail", args=[claim.pk])
    posted = client.post(url, {"url": "nonsense"})  # a plain form post: back to the claim, with the message
    assert posted.status_code == 302 and not Destination.objects.exists()
    assert "Enter a valid URL." in client.get(posted.url).content.decode()
