"""What the reader embed fetches: /public/embed.js and /public/embed/claims.json. Published data only, readable
from any origin without cookies, cacheable, small."""

import gzip
import json

import pytest

from annotations import services
from publishing.models import Destination
from reader.views import SCRIPT
from tests.conftest import make_user
from tests.reader import published

pytestmark = pytest.mark.django_db

CLAIMS = "/public/embed/claims.json"


@pytest.fixture
def public_site(settings):
    settings.PUBLIC_SITE = True
    settings.PUBLIC_BYLINE = "The Checking Desk"
    return settings


def test_an_articles_claims_in_text_order_with_what_the_card_shows(client, public_site, editor, reviewer):
    article, claims = published.english(editor, reviewer)
    published.corrected(claims[2], editor, reviewer, "We first printed the wrong spelling.")
    response = client.get(CLAIMS, {"article": "cms-en-1"})
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    data = response.json()
    assert (data["language"], data["direction"]) == ("en", "ltr")
    assert [c["id"] for c in data["claims"]] == [c.pk for c in claims]
    leaders, grain, ashgatat = data["claims"]
    assert leaders["quote"] == {
        "exact": "leaders of 24 countries",
        "prefix": "n Kazan starts on October 22, with the "[-32:],
        "suffix": ' expected.\n\nThe minister said "g'[:32],
    }
    assert leaders["verdict"] == {"label": "Mostly true", "value": 4}
    assert leaders["sources"] == [
        {
            "url": "https://summit.example/participants",
            "title": "List of participants",
            "publisher": "",
            "archived_url": "https://web.archive.org/web/2026/https://summit.example/participants",
        }
    ]
    assert (grain["claimant"], grain["rationale"]) == (
        "The minister of agriculture",
        "Customs data show a fall of 3 percent.",
    )
    assert (ashgatat["correction"], ashgatat["correction_note"]) == ("Ashgabat", "We first printed the wrong spelling.")
    assert ashgatat["corrected_at"] and ashgatat["rationale"].endswith("Corrected.")  # the corrected copy
    assert grain["correction_note"] == "" and grain["corrected_at"] is None
    # The same article by its address, or by our id.
    assert client.get(CLAIMS, {"id": article.pk}).json() == data


def test_a_persian_article_comes_right_to_left_with_its_verdicts_in_persian(client, public_site, editor, reviewer):
    published.persian(editor, reviewer, url="https://cms.example/fa/summit")
    data = client.get(CLAIMS, {"url": "https://cms.example/fa/summit"}).json()
    assert (data["language"], data["direction"]) == ("fa", "rtl")
    assert [c["verdict"]["label"] for c in data["claims"]] == ["عمدتاً درست", "درست"]


def test_anyone_may_read_it_without_cookies_and_caches_keep_one_copy(client, public_site, editor, reviewer):
    published.english(editor, reviewer)
    response = client.get(CLAIMS, {"article": "cms-en-1"}, headers={"Origin": "https://cms.example"})
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert not response.cookies
    vary = {v.strip().lower() for v in response["Vary"].split(",")}
    # One copy per encoding in any cache: the answer is the same whatever the reader's cookies, origin or language.
    assert vary == {"accept-encoding"}
    assert response["Content-Language"] == "en"
    assert response["Cache-Control"] == "public, max-age=60"
    again = client.get(CLAIMS, {"article": "cms-en-1"}, headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304 and again["Access-Control-Allow-Origin"] == "*"


def test_each_fetch_counts_a_copy_not_each_reader(client, public_site, editor, reviewer):
    _, claims = published.english(editor, reviewer)
    first = client.get(CLAIMS, {"article": "cms-en-1"})
    for _ in range(2):
        client.get(CLAIMS, {"article": "cms-en-1"}, headers={"If-None-Match": first["ETag"]})
    copies = Destination.objects.filter(channel="embed").order_by("claim_id")
    assert [(d.claim_id, d.version, d.sent_count) for d in copies] == [(c.pk, c.version, 3) for c in claims]
    client.get(CLAIMS, {"article": "no-such-article"})
    assert Destination.objects.count() == 3  # nothing served, nothing counted


@pytest.mark.parametrize("sign_off", [False, True])
def test_an_article_not_published_shows_nothing(client, public_site, editor, reviewer, sign_off):
    if sign_off:
        published.english(editor, reviewer, external_id="other")
    published.publish(
        editor, reviewer, body=published.EN_BODY, claims=published.EN_CLAIMS[:1], external_id="cms-x", sign_off=False
    )
    response = client.get(CLAIMS, {"article": "cms-x"})
    assert response.status_code == 404
    assert response["Access-Control-Allow-Origin"] == "*"  # the script can tell "nothing here" from a failure
    assert "claims" not in response.json()
    assert client.get(CLAIMS, {"article": "no-such-article"}).status_code == 404


@pytest.mark.parametrize(
    "query, field", [({}, "article"), ({"id": "x1"}, "id"), ({"article": "  "}, "article"), ({"id": "-3"}, "id")]
)
def test_a_request_that_names_no_article_is_a_400_naming_the_field(client, public_site, query, field):
    response = client.get(CLAIMS, query)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]


def test_drafts_comments_and_people_never_appear(client, public_site, editor, reviewer):
    editor.email, reviewer.email = "editor.private@newsroom.example", "reviewer.private@newsroom.example"
    editor.save()
    reviewer.save()
    _, claims = published.english(editor, reviewer)
    services.comment_create(claim=claims[0], user=reviewer, text="INTERNAL-COMMENT: check with the desk chief")
    draft_article, _ = published.publish(
        editor, reviewer, body="A draft text about secret plans.", claims=[], external_id="draft", sign_off=False
    )
    services.claim_create(
        article=draft_article, user=editor, start=2, end=7, statement="DRAFT-STATEMENT not for readers"
    )
    make_user("bystander", None).__class__.objects.filter(username="bystander").update(
        email="bystander@private.example"
    )
    answers = [
        client.get(url).content.decode()
        for url in (
            "/public/claimreview.json",
            f"{CLAIMS}?article=cms-en-1",
            f"{CLAIMS}?article=draft",
            f"{CLAIMS}?id={draft_article.pk}",
        )
    ]
    everything = "\n".join(answers)
    assert "Leaders of 24 countries attend the Kazan summit." in everything  # what is published does appear
    for secret in (
        "INTERNAL-COMMENT",
        "DRAFT-STATEMENT",
        "secret plans",
        "@newsroom.example",
        "private.example",
        editor.username,
        reviewer.username,
    ):
        assert secret not in everything, secret


def test_an_articles_claims_cost_the_same_queries_with_1_and_100(
    client, public_site, editor, django_assert_num_queries
):
    one = published.published_rows(1, user=editor)[0]
    hundred = published.published_rows(100, per_article=100, user=editor)[0]
    counts = []
    for row, n in ((one, 1), (hundred, 100)):
        # The article, its published claims, their corrections' dates, and the copies counted.
        with django_assert_num_queries(4) as captured:
            assert len(client.get(CLAIMS, {"id": row.article_id}).json()["claims"]) == n
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_the_script_is_small_cacheable_and_loads_from_any_origin(client, public_site):
    response = client.get("/public/embed.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response.content == SCRIPT.read_bytes()
    assert len(gzip.compress(response.content, 9)) <= 15 * 1024
    assert response["Cross-Origin-Resource-Policy"] == "cross-origin"
    assert client.get("/public/embed.js", headers={"If-None-Match": response["ETag"]}).status_code == 304


def test_it_refuses_writes(client, public_site):
    assert client.post(CLAIMS, {"article": "x"}).status_code == 405
    assert client.generic("PUT", "/public/claimreview.json", json.dumps({})).status_code == 405
