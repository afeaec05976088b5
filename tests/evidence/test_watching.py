"""The live pages of approved claims' sources are checked again; a real change or a vanished page keeps a new copy,
marks the source, shows the changed passages side by side and tells the claim's editor and the article's reviewer."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from annotations import services
from annotations.models import LiveState, Snapshot, SnapshotKind
from evidence import services as evidence
from notifications.models import Notification, Verb
from tests import workflow
from tests.evidence.site import html

pytestmark = pytest.mark.django_db

FIRST = "The ministry said unemployment was 4.1 percent in September.\nThe figure was revised in October."
SECOND = "The ministry said unemployment was 4.6 percent in September.\nThe figure was revised in October."


@pytest.fixture
def cited(editor, reviewer, site):
    """An approved claim whose one source is a page on the test site, copied when cited."""
    article = workflow.article(editor)
    services.article_update(article=article, user=reviewer, version=None, changes={"reviewer": reviewer})
    claim = workflow.claim(article, editor, kind="number", verdict=workflow.Rating.objects.get(slug="mostly-true"))
    url = site.put("/jobs", html("Jobs report", FIRST))
    source = services.source_create(claim=claim, user=editor, url=url, title="Jobs report")
    evidence.snapshot_take(Snapshot.objects.get(source=source).pk)
    claim = services.claim_submit(claim=claim, user=editor)
    services.claim_approve(claim=claim, user=reviewer)
    return source


def cited_copy(source) -> Snapshot:
    return Snapshot.objects.cited().get(source=source)


def check(*args):
    call_command("check_sources", *args, stdout=open("/dev/null", "w"))


def test_an_unchanged_page_is_marked_unchanged(cited):
    check()
    copy = cited_copy(cited)
    assert copy.live == LiveState.UNCHANGED and copy.checked_at is not None
    assert not Notification.objects.filter(verb=Verb.SOURCE_CHANGED).exists()


def test_a_change_of_spacing_alone_is_no_change(cited, site):
    site.put("/jobs", html("Jobs report", FIRST.replace(" was ", "  was\n ")))
    check()
    assert cited_copy(cited).live == LiveState.UNCHANGED
    assert Snapshot.objects.filter(kind=SnapshotKind.CHECK).count() == 0


def test_a_page_that_changes_between_two_checks_is_kept_marked_and_shown_side_by_side(
    cited, site, editor, reviewer, client
):
    check()
    site.put("/jobs", html("Jobs report", SECOND))
    check()
    copy = cited_copy(cited)
    assert copy.live == LiveState.CHANGED and copy.changed_at is not None
    newer = copy.latest
    assert newer.kind == SnapshotKind.CHECK and "4.6 percent" in newer.text and "4.1 percent" in copy.text
    told = Notification.objects.filter(verb=Verb.SOURCE_CHANGED)
    assert sorted(told.values_list("recipient__username", flat=True)) == ["editor", "reviewer"]
    assert {n.claim_id for n in told} == {cited.claim_id}

    client.force_login(editor)
    card = client.get(f"/claims/{cited.claim_id}/").content.decode()
    assert f"/snapshots/{copy.pk}/changes/" in card and "live page:" in card and "changed on" in card
    page = client.get(f"/snapshots/{copy.pk}/changes/").content.decode()
    row = page[page.index('id="snapshot-changes"') :]
    assert row.index("4.1 percent") < row.index("4.6 percent")  # the old passage left, the new one right
    assert "The figure was revised in October." not in row  # unchanged passages are left out

    # Checked again with no further change: still changed, no new copy, nobody told twice.
    check()
    assert Snapshot.objects.filter(kind=SnapshotKind.CHECK).count() == 1
    assert told.count() == 2


def test_a_vanished_page_is_gone_and_told_once(cited, site):
    del site.pages["/jobs"]
    check()
    check()
    copy = cited_copy(cited)
    assert copy.live == LiveState.GONE and copy.latest.status_code == 404
    assert Notification.objects.filter(verb=Verb.SOURCE_CHANGED).count() == 2  # editor and reviewer, once


def test_an_unreachable_site_is_marked_without_telling_anyone(cited, site):
    site.server.shutdown()
    site.server.server_close()
    check()
    copy = cited_copy(cited)
    assert copy.live == LiveState.UNREACHABLE and "could not be reached" in copy.error
    assert not Notification.objects.exists() or not Notification.objects.filter(verb=Verb.SOURCE_CHANGED).exists()


def test_only_approved_claims_are_watched_unless_one_claim_is_named(editor, site):
    article = workflow.article(editor)
    claim = workflow.claim(article, editor)
    source = services.source_create(claim=claim, user=editor, url=site.put("/d", html("Draft", FIRST)))
    evidence.snapshot_take(Snapshot.objects.get(source=source).pk)
    check()
    assert cited_copy(source).checked_at is None
    check("--claim", str(claim.pk))
    assert cited_copy(source).live == LiveState.UNCHANGED


def test_the_periodic_check_takes_only_the_due_sources_and_spreads_them(cited, site):
    copy = cited_copy(cited)
    interval = timedelta(hours=24)
    assert interval * 0.5 <= copy.next_check_at - copy.fetched_at <= interval * 1.5
    assert evidence.sources_check(due_only=True).checked == 0
    Snapshot.objects.filter(pk=copy.pk).update(next_check_at=timezone.now() - timedelta(minutes=1))
    assert evidence.sources_check(due_only=True).checked == 1
    assert cited_copy(cited).next_check_at > timezone.now() + interval / 2


def test_search_finds_claims_whose_source_changed(cited, site, editor, client):
    site.put("/jobs", html("Jobs report", SECOND))
    check()
    client.force_login(editor)
    found = client.get("/search/", {"source": "changed"})
    assert found.status_code == 200
    assert f"/claims/{cited.claim_id}/" in found.content.decode()
    other = workflow.claim(workflow.article(editor, title="Other"), editor)
    assert f"/claims/{other.pk}/" not in found.content.decode()
    assert f"/claims/{other.pk}/" in client.get("/search/", {"type": "claims"}).content.decode()


def test_a_busy_site_is_left_alone_until_it_says(cited, site):
    site.put("/jobs", "", status=503, headers={"Retry-After": "600"})
    check()
    copy = cited_copy(cited)
    assert copy.live == LiveState.UNKNOWN and copy.checked_at is None  # nothing concluded
    assert timedelta(seconds=590) < copy.next_check_at - timezone.now() <= timedelta(seconds=600)


def test_the_jobs_run_on_the_snapshots_queue_and_the_check_is_periodic():
    from procrastinate.contrib.django import app

    from evidence import tasks

    assert tasks.take_snapshot.queue == tasks.check_due_sources.queue == "snapshots"
    periodic = [p.task.name for p in app.periodic_registry.periodic_tasks.values()]
    assert "evidence.tasks.check_due_sources" in periodic
    assert "evidence.tasks.forget_unused_copies" in periodic
    assert tasks.forget_unused_copies.queue == "snapshots"


def test_other_pages_of_a_busy_site_do_not_hold_up_the_worker(editor, site):
    urls = [site.put(f"/p{i}", html("P", FIRST)) for i in range(3)]
    claim = workflow.claim(workflow.article(editor), editor)
    for url in urls:
        services.source_create(claim=claim, user=editor, url=url)
    for snapshot in Snapshot.objects.cited():
        evidence.snapshot_take(snapshot.pk)
    site.put("/p0", "", status=429, headers={"Retry-After": "3600"})
    Snapshot.objects.update(next_check_at=timezone.now())
    Snapshot.objects.filter(requested_url=urls[0]).update(next_check_at=timezone.now() - timedelta(hours=1))  # first
    waited = []
    evidence.sources_check(claim_id=claim.pk, wait=waited.append)
    assert waited == []  # the next pages of that host are left for later, not waited for
    assert all(s.next_check_at > timezone.now() + timedelta(minutes=50) for s in Snapshot.objects.cited())
