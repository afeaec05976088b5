"""What readers see: a copy of each claim taken when its article is signed off (annotations.models.PublishedClaim)."""

import pytest
from django.conf import settings

from annotations import selectors, services
from annotations.models import PublishedClaim, Rating
from tests import workflow

pytestmark = pytest.mark.django_db


def signed_off(editor, reviewer, **fields):
    article = workflow.article(editor, external_id=fields.pop("external_id", "cms-1"), **fields)
    claim = workflow.submitted_claim(article, editor)
    services.claim_approve(claim=claim, user=reviewer)
    article = services.article_sign_off(article=article, user=reviewer)
    claim.refresh_from_db()
    return article, claim


def test_signing_off_publishes_every_claim_as_approved(editor, reviewer):
    article, claim = signed_off(editor, reviewer)
    published = PublishedClaim.objects.get(claim=claim)
    assert (published.article_id, published.version) == (article.pk, claim.version)
    assert (published.statement, published.verdict_slug, published.verdict_label) == (
        claim.statement,
        "mostly-true",
        "Mostly true",
    )
    assert (published.exact, published.prefix, published.suffix) == (claim.exact, claim.prefix, claim.suffix)
    assert published.sources == [
        {"url": "https://example.org/source", "title": "Source", "publisher": "", "archive_url": ""}
    ]


def test_nothing_is_published_before_sign_off(editor, reviewer):
    article = workflow.article(editor, external_id="cms-2")
    claim = workflow.submitted_claim(article, editor)
    services.claim_approve(claim=claim, user=reviewer)
    assert not PublishedClaim.objects.exists()
    assert selectors.public_article(external_id="cms-2") is None


def test_a_reopened_claim_stays_public_as_it_was_approved(editor, reviewer):
    article, claim = signed_off(editor, reviewer)
    claim = services.claim_reopen(claim=claim, user=reviewer, reason="The figure is 25.")
    services.claim_update(claim=claim, user=editor, version=None, changes={"verdict": Rating.objects.get(slug="false")})
    article.refresh_from_db()
    assert article.signed_off_at is None  # the change undid the sign-off...
    published = list(selectors.published_claims(article=article))
    assert [(p.claim_id, p.verdict_slug) for p in published] == [(claim.pk, "mostly-true")]  # ...not what readers see
    assert selectors.public_article(external_id="cms-1").title == article.title


def test_signing_off_again_without_change_keeps_the_copy_and_its_time(editor, reviewer):
    article, claim = signed_off(editor, reviewer)
    before = PublishedClaim.objects.get(claim=claim)
    claim = services.claim_reopen(claim=claim, user=reviewer, reason="Look again.")
    claim = services.claim_submit(claim=claim, user=editor)
    services.claim_approve(claim=claim, user=reviewer)
    services.article_sign_off(article=article, user=reviewer)
    after = PublishedClaim.objects.get(claim=claim)
    assert (after.version, after.modified_at, after.published_at) == (
        before.version,
        before.modified_at,
        before.published_at,
    )


def test_the_feed_pages_newest_change_first_and_each_page_starts_after_the_last(editor, reviewer):
    claims = [signed_off(editor, reviewer, external_id=f"cms-{n}", title=f"A{n}")[1] for n in range(5)]
    first = selectors.published_claims_after(limit=2)
    assert [p.claim_id for p in first] == [c.pk for c in reversed(claims)][:2]
    second = selectors.published_claims_after(modified_at=first[-1].modified_at, pk=first[-1].pk, limit=2)
    assert [p.claim_id for p in second] == [c.pk for c in reversed(claims)][2:4]
    facts = selectors.public_articles([p.article_id for p in first])
    assert sorted(f.external_id for f in facts.values()) == ["cms-3", "cms-4"]
    assert selectors.public_last_modified() == first[0].modified_at


def test_public_site_is_off_unless_set():
    assert settings.PUBLIC_SITE is False
    assert settings.PUBLIC_BYLINE == settings.NEWSROOM_NAME
