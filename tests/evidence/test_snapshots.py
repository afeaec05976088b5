"""A copy of every cited page, taken by a job on the `snapshots` queue when a source is added or its URL changes,
by the outbound rules webhooks follow. Every site here is a local server on 127.0.0.1."""

import time

import pytest
from django.core.files.storage import storages
from procrastinate.contrib.django.models import ProcrastinateJob

from annotations import services
from annotations.models import Snapshot, SnapshotState
from evidence import fetching, tasks
from evidence import services as evidence
from evidence.models import HostSlot
from factcheck import outbound
from tests import workflow
from tests.evidence.conftest import pdf_with_text
from tests.evidence.site import html

pytestmark = pytest.mark.django_db

ARTICLE_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>Inflation rose to 7.2% | The Ledger</title>
<meta property="og:site_name" content="The Ledger"></head><body>
<nav><a href="/">Home</a> <a href="/politics">Politics</a> <a href="/sport">Sport</a> Subscribe now</nav>
<div class="ad">BUY CHEAP WATCHES TODAY - advertisement</div>
<article><h1>Inflation rose to 7.2% in October</h1>
<p>The statistics office said on Tuesday that consumer prices rose 7.2 percent in October compared with a year
earlier, the fastest pace since the spring, driven by food and energy.</p>
<p>Economists polled before the release had expected a figure of 6.8 percent, and the central bank said it would
consider the data at its meeting next month.</p></article>
<aside class="ad">Sponsored: win a holiday in the sun</aside>
<section id="comments" class="comments"><h2>Comments</h2><div class="comment">Reader42: this is all lies!!!</div>
</section><footer>Copyright The Ledger. All rights reserved.</footer></body></html>"""


def cite(editor, url):
    article = workflow.article(editor)
    claim = workflow.claim(article, editor)
    return services.source_create(claim=claim, user=editor, url=url, title="Source")


def take(source) -> Snapshot:
    snapshot = Snapshot.objects.cited().filter(source=source).latest("id")
    return evidence.snapshot_take(snapshot.pk, wait=lambda s: None) or snapshot


def test_citing_a_source_defers_a_job_on_the_snapshots_queue(editor, site):
    source = cite(editor, site.put("/report", html("Report", "Prices rose.")))
    snapshot = Snapshot.objects.get(source=source)
    assert snapshot.state == SnapshotState.PENDING
    job = ProcrastinateJob.objects.get(task_name="evidence.tasks.take_snapshot")
    assert job.queue_name == "snapshots" and job.args == {"snapshot_id": snapshot.pk}


def test_a_snapshot_keeps_the_page_its_hash_and_its_text(editor, site):
    body = html("Report", "Prices rose 7.2 percent in October, the statistics office said on Tuesday.")
    source = cite(editor, site.put("/report", body))
    snapshot = take(source)
    assert snapshot.state == SnapshotState.ARCHIVED
    assert (snapshot.requested_url, snapshot.final_url, snapshot.status_code) == (source.url, source.url, 200)
    assert snapshot.content_type == "text/html; charset=utf-8" and snapshot.size == len(body)
    assert storages["snapshots"].open(snapshot.file_name).read() == body
    import hashlib

    assert snapshot.sha256 == hashlib.sha256(body).hexdigest()
    assert snapshot.title == "Report" and "Prices rose 7.2 percent" in snapshot.text
    assert snapshot.fetched_at is not None and snapshot.next_check_at is not None


def test_the_request_names_the_tool_and_where_to_ask(editor, site, settings):
    take(cite(editor, site.put("/r", html("R", "Text of the page."))))
    agent = site.requests[-1][2]["user-agent"]
    assert agent.startswith("factcheck-evidence/") and settings.SOURCE_SNAPSHOT_CONTACT_URL in agent


def test_changing_the_url_takes_a_new_copy_and_editing_the_title_does_not(editor, site):
    source = cite(editor, site.put("/a", html("A", "First.")))
    source = services.source_update(source=source, user=editor, version=None, changes={"title": "Renamed"})
    assert Snapshot.objects.filter(source=source).count() == 1
    services.source_update(source=source, user=editor, version=None, changes={"url": site.put("/b", html("B", "X"))})
    assert list(Snapshot.objects.filter(source=source).values_list("requested_url", flat=True)) == [
        site.url("/a"),
        site.url("/b"),
    ]


def test_a_windows_1251_page_comes_out_in_russian(editor, site):
    text = "Министерство сообщило, что инфляция в октябре составила 7,2 процента, что выше прогноза."
    body = html("Инфляция выросла", text, charset="windows-1251")
    # Declared in the page only; and once more in the header alone (the page then says nothing).
    by_meta = take(cite(editor, site.put("/ru", body, headers={"Content-Type": "text/html"})))
    header_only = body.replace(b'<meta charset="windows-1251">', b"")
    by_header = take(
        cite(editor, site.put("/ru2", header_only, headers={"Content-Type": "text/html; charset=windows-1251"}))
    )
    for snapshot in (by_meta, by_header):
        assert snapshot.title == "Инфляция выросла"
        assert "инфляция в октябре составила 7,2 процента" in snapshot.text


def test_a_pdf_is_read_with_its_text(editor, site):
    body = pdf_with_text("Unemployment fell to 4.1 percent in September.", title="Labour market report")
    snapshot = take(cite(editor, site.put("/report.pdf", body, headers={"Content-Type": "application/pdf"})))
    assert snapshot.state == SnapshotState.ARCHIVED
    assert snapshot.title == "Labour market report"
    assert "Unemployment fell to 4.1 percent in September." in snapshot.text


def test_an_article_page_gives_the_article_without_navigation_ads_or_comments(editor, site):
    snapshot = take(cite(editor, site.put("/news", ARTICLE_PAGE)))
    assert "consumer prices rose 7.2 percent in October" in snapshot.text
    assert "central bank said it would" in snapshot.text
    for noise in ("Subscribe now", "CHEAP WATCHES", "Sponsored", "Reader42", "All rights reserved", "Politics"):
        assert noise not in snapshot.text


def test_a_missing_page_fails_with_a_sentence(editor, site):
    snapshot = take(cite(editor, site.url("/nothing-here")))
    assert snapshot.state == SnapshotState.FAILED
    assert snapshot.status_code == 404 and snapshot.error == "The site answered 404 Not Found."


def test_a_redirect_to_a_private_address_is_refused_before_connecting(editor, site, monkeypatch):
    # The test site stands in for a public one; the redirect points at the cloud metadata address.
    real = outbound.is_public
    monkeypatch.setattr(outbound, "is_public", lambda address: address == "127.0.0.1" or real(address))
    from django.conf import settings

    settings.SOURCE_SNAPSHOT_ALLOW_PRIVATE_NETWORKS = False
    url = site.put("/go", "", status=302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
    snapshot = take(cite(editor, url))
    assert snapshot.state == SnapshotState.FAILED
    assert "private network" in snapshot.error
    assert [path for _, path, _ in site.requests] == ["/go"]


def test_a_loopback_source_is_refused_when_private_networks_are_not_allowed(editor, site, settings):
    settings.SOURCE_SNAPSHOT_ALLOW_PRIVATE_NETWORKS = False
    snapshot = take(cite(editor, site.put("/p", html("P", "Text."))))
    assert snapshot.state == SnapshotState.FAILED and "private network" in snapshot.error
    assert site.requests == []


def test_redirects_are_followed_at_most_five_times(editor, site):
    for hop in range(7):
        site.put(f"/hop{hop}", "", status=302, headers={"Location": f"/hop{hop + 1}"})
    site.put("/hop3", html("Landed", "Three hops away."))
    landed = take(cite(editor, site.url("/hop0")))
    assert landed.state == SnapshotState.ARCHIVED and landed.final_url == site.url("/hop3")
    site.put("/hop3", "", status=302, headers={"Location": "/hop4"})
    too_many = take(cite(editor, site.url("/hop0")))
    assert too_many.state == SnapshotState.FAILED and too_many.error == "The address redirects more than 5 times."


def test_a_body_over_the_cap_is_not_kept(editor, site, settings):
    settings.SOURCE_SNAPSHOT_MAX_BYTES = 10_000
    declared = take(cite(editor, site.put("/big", b"x" * 20_000, headers={"Content-Type": "text/plain"})))
    undeclared = take(
        cite(editor, site.put("/big2", b"x" * 20_000, headers={"Content-Type": "text/plain"}, declare_length=False))
    )
    for snapshot in (declared, undeclared):
        assert snapshot.state == SnapshotState.FAILED
        assert snapshot.error.startswith("The page is larger than 9.8") and not snapshot.file_name


def test_a_server_that_drips_a_byte_a_second_is_cut_off_at_the_deadline(editor, site, settings):
    settings.SOURCE_SNAPSHOT_TIMEOUT_SECONDS = 2
    source = cite(editor, site.put("/drip", html("Slow", "A" * 200), drip_seconds=1))
    started = time.monotonic()
    snapshot = take(source)
    assert time.monotonic() - started < 4
    assert snapshot.state == SnapshotState.FAILED
    assert snapshot.error == "The site did not send the whole page within 2 seconds."


def test_retry_after_holds_the_host_and_the_job_tries_again_then(editor, site):
    source = cite(editor, site.put("/busy", "", status=429, headers={"Retry-After": "120"}))
    snapshot = Snapshot.objects.get(source=source)
    with pytest.raises(fetching.FetchError) as raised:
        evidence.snapshot_take(snapshot.pk, wait=lambda s: None)
    assert raised.value.retry_after == 120
    slot = HostSlot.objects.get(host="127.0.0.1")
    from django.utils import timezone

    assert 100 < (slot.next_at - timezone.now()).total_seconds() <= 120
    assert Snapshot.objects.get(pk=snapshot.pk).state == SnapshotState.PENDING

    class Job:
        attempts = 0

    decision = tasks.RetryWhenAsked().get_retry_decision(exception=raised.value, job=Job())
    assert decision.retry_at is not None or decision.retry_in
    # The next request to that host waits for the time the site asked for.
    assert fetching.reserve("127.0.0.1", spacing=0) > 100


def test_requests_to_one_host_are_spaced(editor, site):
    waits = []
    for _ in range(3):
        fetching.fetch(site.put("/s", html("S", "Spaced.")), wait=waits.append, spacing=0.5)
    assert waits[0] > 0.3 and waits[1] > 0.3  # the second and third waited for their slot
    assert len(waits) == 2


def test_a_copy_that_failed_is_tried_again_by_the_periodic_job_a_few_times_then_given_up(editor, site):
    from datetime import timedelta

    from django.utils import timezone

    url = site.put("/flaky", "down for maintenance", status=500, headers={"Content-Type": "text/plain"})
    failed = take(cite(editor, url))
    assert failed.state == SnapshotState.FAILED
    assert timedelta(minutes=59) < failed.next_check_at - timezone.now() <= timedelta(hours=1)
    assert evidence.sources_check(due_only=True).taken == 0  # not due yet

    def due_now():
        Snapshot.objects.filter(pk=failed.pk).update(next_check_at=timezone.now() - timedelta(seconds=1))

    due_now()
    assert evidence.sources_check(due_only=True).taken == 1
    again = Snapshot.objects.get(pk=failed.pk)
    assert again.state == SnapshotState.FAILED
    assert timedelta(hours=2, minutes=59) < again.next_check_at - timezone.now() <= timedelta(hours=3)  # backs off
    for _ in range(3):
        due_now()
        evidence.sources_check(due_only=True)
    assert Snapshot.objects.get(pk=failed.pk).next_check_at is None  # given up after five tries
    assert len([path for _, path, _ in site.requests if path == "/flaky"]) == 5

    site.put("/flaky", html("Back", "The page is back."))
    Snapshot.objects.filter(pk=failed.pk).update(next_check_at=timezone.now())
    evidence.sources_check(due_only=True)
    back = Snapshot.objects.get(pk=failed.pk)
    assert back.state == SnapshotState.ARCHIVED and "The page is back." in back.text and back.error == ""


def test_previews_never_saved_and_files_no_copy_names_are_deleted_after_a_day(editor, site):
    import os
    from datetime import timedelta

    from django.utils import timezone

    kept = evidence.article_from_snapshot(
        snapshot=evidence.article_preview(url=site.put("/kept", ARTICLE_PAGE), user=editor), user=editor
    )
    orphan = evidence.article_preview(
        url=site.put("/orphan", html("Orphan", "Never saved as an article.")), user=editor
    )
    gone = take(cite(editor, site.put("/cited", html("Cited", "A page whose claim is deleted."))))
    gone.source.claim.delete()
    store = storages["snapshots"]
    assert evidence.unused_copies_forget() == (0, 0)  # everything is younger than a day
    later = timezone.now() + timedelta(days=1, minutes=1)
    for name in (orphan.file_name, gone.file_name, kept.snapshots.get().file_name):  # all older than a day
        os.utime(store.path(name), (later.timestamp() - 86400 - 120,) * 2)
    assert evidence.unused_copies_forget(now=later) == (1, 2)
    assert not store.exists(orphan.file_name) and not store.exists(gone.file_name)
    assert store.exists(kept.snapshots.get().file_name)
    assert not Snapshot.objects.filter(pk=orphan.pk).exists()
