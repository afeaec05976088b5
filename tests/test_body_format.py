"""What an editor or the CMS sends as the body is kept: markup is removed only when they say it is HTML."""

import pytest

from annotations.models import Article
from annotations.text import normalize_body
from tests.api.conftest import make_token, token_client

TYPED = "Plain text with a < b and <b>bold</b>."
PAGE = "<p>First <b>bold</b> paragraph.</p><p>Second &amp; last.</p>"


def test_plain_text_keeps_what_looks_like_tags_and_html_is_reduced_to_its_text():
    assert normalize_body(TYPED) == TYPED
    assert normalize_body("One\r\ntwo\n\n\nthree") == "One\n\ntwo\n\nthree"
    assert normalize_body(PAGE, body_format="html") == "First bold paragraph.\n\nSecond & last."


@pytest.mark.django_db
def test_the_api_stores_text_as_sent_unless_body_format_is_html(editor):
    api = token_client(make_token(editor, write=True))
    kept = api.post("/api/v1/articles/", {"title": "T", "body": TYPED}, format="json")
    assert kept.status_code == 201 and kept.json()["body"] == TYPED
    reduced = api.post("/api/v1/articles/", {"title": "T", "body": PAGE, "body_format": "html"}, format="json")
    assert reduced.status_code == 201 and reduced.json()["body"] == "First bold paragraph.\n\nSecond & last."
    article = reduced.json()["id"]
    changed = api.patch(f"/api/v1/articles/{article}/", {"body": TYPED, "body_format": "text"}, format="json")
    assert changed.status_code == 200 and changed.json()["body"] == TYPED
    upserted = api.put(
        "/api/v1/articles/by-external-id/cms-9/", {"title": "T", "body": PAGE, "body_format": "html"}, format="json"
    )
    assert upserted.status_code == 201 and upserted.json()["body"].startswith("First bold")
    wrong = api.post("/api/v1/articles/", {"title": "T", "body": TYPED, "body_format": "markdown"}, format="json")
    assert wrong.status_code == 400 and "body_format" in wrong.json()["errors"]


@pytest.mark.django_db
def test_the_new_article_form_says_what_it_does_with_a_paste_and_lets_the_editor_choose(editor_client):
    page = editor_client.get("/articles/new/").content.decode()
    assert 'name="body_format"' in page
    assert "kept exactly as typed" in page and "only the text is kept" in page
    editor_client.post("/articles/new/", {"title": "Typed", "body": TYPED, "body_format": "text"})
    editor_client.post("/articles/new/", {"title": "Pasted", "body": PAGE, "body_format": "html"})
    assert Article.objects.get(title="Typed").body == TYPED
    assert Article.objects.get(title="Pasted").body == "First bold paragraph.\n\nSecond & last."
