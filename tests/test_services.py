import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from annotations import anchoring, services
from annotations.models import ArticleStatus, Claim, Rating, Source

pytestmark = pytest.mark.django_db

BODY = "The summit starts on October 22, with the leaders of 24 countries.\n\nThe conference in Ashgatat opened."


def make_article(user, body=BODY):
    return services.article_create(user=user, title="Summit", body=body)


def test_claim_create_stores_code_point_offsets_and_selector(editor):
    article = make_article(editor, "🎉 Crowds cheered as the leaders of 24 countries arrived.")
    quote = "leaders of 24 countries"
    start = article.body.index(quote)
    claim = services.claim_create(
        article=article, user=editor, start=start, end=start + len(quote), quote=quote, kind="number"
    )
    assert (claim.start, claim.end, claim.exact) == (start, start + len(quote), quote)
    assert claim.prefix == article.body[max(0, start - 32) : start]
    assert claim.suffix == " arrived."
    assert claim.statement == quote  # the statement defaults to the quote
    article.refresh_from_db()
    assert article.status == ArticleStatus.IN_PROGRESS


@pytest.mark.parametrize(
    ("start", "end", "quote", "field", "message"),
    [
        (-1, 5, None, "start", anchoring.ERR_START_NEGATIVE),
        (0, 10_000, None, "end", anchoring.ERR_END_OUT_OF_RANGE.format(length=len(BODY))),
        (10, 5, None, "end", anchoring.ERR_REVERSED),
        (7, 7, None, "end", anchoring.ERR_EMPTY),
        (4, 10, "wrong", "quote", anchoring.ERR_QUOTE_MISMATCH),
    ],
)
def test_claim_create_refuses_bad_anchor_naming_the_problem(editor, start, end, quote, field, message):
    article = make_article(editor)
    with pytest.raises(ValidationError) as caught:
        services.claim_create(article=article, user=editor, start=start, end=end, quote=quote)
    assert caught.value.message_dict == {field: [message]}
    assert not Claim.objects.exists()


def test_incorrect_verdict_only_applies_to_names(editor):
    article = make_article(editor)
    incorrect = Rating.objects.get(slug="incorrect")
    start = article.body.index("Ashgatat")
    with pytest.raises(ValidationError) as caught:
        services.claim_create(
            article=article, user=editor, start=start, end=start + 8, kind="factual", verdict=incorrect
        )
    assert "verdict" in caught.value.message_dict
    claim = services.claim_create(
        article=article, user=editor, start=start, end=start + 8, kind="name", verdict=incorrect, correction="Ashgabat"
    )
    assert claim.correction == "Ashgabat"


def test_stale_claim_update_is_refused_and_keeps_the_newer_save(editor, editor2):
    article = make_article(editor)
    claim = services.claim_create(article=article, user=editor, start=4, end=10)
    services.claim_update(claim=claim, user=editor, version=1, changes={"claimant": "Kremlin"})
    with pytest.raises(services.Conflict) as caught:
        services.claim_update(claim=claim, user=editor2, version=1, changes={"claimant": "Someone else"})
    assert caught.value.current.claimant == "Kremlin"
    claim.refresh_from_db()
    assert (claim.claimant, claim.version, claim.updated_by) == ("Kremlin", 2, editor)


def test_source_changes_bump_the_claim_version(editor):
    article = make_article(editor)
    claim = services.claim_create(article=article, user=editor, start=4, end=10)
    source = services.source_create(claim=claim, user=editor, url="https://example.org/a", title="A")
    services.source_update(source=source, user=editor, version=1, changes={"title": "B"})
    services.source_delete(source=source, user=editor)
    claim.refresh_from_db()
    assert claim.version == 4
    assert not Source.objects.exists()


def test_source_needs_a_valid_url(editor):
    claim = services.claim_create(article=make_article(editor), user=editor, start=4, end=10)
    with pytest.raises(ValidationError) as caught:
        services.source_create(claim=claim, user=editor, url="not a url")
    assert "url" in caught.value.message_dict


def test_user_without_role_cannot_write(nobody, editor):
    with pytest.raises(PermissionDenied):
        make_article(nobody)
    article = make_article(editor)
    with pytest.raises(PermissionDenied):
        services.claim_create(article=article, user=nobody, start=4, end=10)


def test_deleting_the_last_claim_makes_the_article_new_again(editor):
    article = make_article(editor)
    claim = services.claim_create(article=article, user=editor, start=4, end=10)
    services.claim_delete(claim=claim, user=editor)
    article.refresh_from_db()
    assert article.status == ArticleStatus.NEW


def test_an_empty_body_is_refused_and_the_old_text_kept(editor):
    article = make_article(editor)
    with pytest.raises(ValidationError) as caught:
        services.article_update(
            article=article, user=editor, version=article.version, changes={"body": " <p></p> ", "body_format": "html"}
        )
    assert caught.value.message_dict == {"body": [services.ERR_EMPTY_BODY]}
    article.refresh_from_db()
    assert article.body == BODY


def test_article_body_is_plain_text(editor):
    body = "<p>First <b>bold</b> &amp; more</p><p>Second</p><script>alert(1)</script>"
    article = services.article_create(user=editor, title="Summit", body=body, body_format="html")
    assert article.body == "First bold & more\n\nSecond"


def test_claim_update_validates_the_fields_it_changes_and_does_not_recheck_the_rest(editor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    article = make_article(editor)
    start = article.body.index("Ashgatat")
    claim = services.claim_create(article=article, user=editor, start=start, end=start + 8, quote="Ashgatat")
    with pytest.raises(ValidationError) as error:
        services.claim_update(claim=claim, user=editor, version=None, changes={"kind": "colour"})
    assert "kind" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.claim_update(claim=claim, user=editor, version=None, changes={"claimant": "x" * 201})
    assert "claimant" in error.value.message_dict
    with CaptureQueriesContext(connection) as captured:
        services.claim_update(claim=claim, user=editor, version=None, changes={"rationale": "Checked."})
    # The article, the authors and the verdict did not change: no existence checks while the article is locked.
    assert not [q["sql"] for q in captured if q["sql"].startswith('SELECT 1 AS "a"')]
    assert Claim.objects.get(pk=claim.pk).rationale == "Checked."
