"""`manage.py generate_archive`: a small archive that has the variety the big one is measured on."""

import re
from collections import Counter
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.models import Count

from annotations import permissions
from annotations.models import (
    AnchorState,
    Article,
    ArticleStatus,
    Claim,
    ClaimStatus,
    Comment,
    CommentKind,
    Revision,
    Source,
)
from annotations.services import article_status_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("roles_and_ratings")]


def generate(articles=80, claims=6, seed=3):
    out = StringIO()
    call_command(
        "generate_archive",
        "--articles",
        str(articles),
        "--claims-per-article",
        str(claims),
        "--seed",
        str(seed),
        "--batch-size",
        "25",
        "--no-progress",
        stdout=out,
        stderr=StringIO(),
    )
    return out.getvalue()


@pytest.fixture
def archive():
    return generate()


def test_it_reports_what_it_added(archive):
    assert re.search(
        r"Added 80 articles, \d+ claims, \d+ sources, \d+ comments, \d+ revisions and \d+ history events", archive
    )
    assert Article.objects.count() == 80


def test_every_article_status_claim_state_kind_anchor_state_and_comment_kind_occurs(archive):
    assert set(Article.objects.values_list("status", flat=True)) == set(ArticleStatus.values)
    assert set(Claim.objects.values_list("status", flat=True)) == set(ClaimStatus.values)
    assert set(Claim.objects.values_list("kind", flat=True)) == {"factual", "number", "quote", "name"}
    assert set(Claim.objects.values_list("anchor_state", flat=True)) == set(AnchorState.values)
    assert set(Comment.objects.values_list("kind", flat=True)) == set(CommentKind.values)


def test_claims_per_article_average_what_was_asked(archive):
    assert 0.8 * 6 * 80 <= Claim.objects.count() <= 1.2 * 6 * 80


def test_every_claim_quotes_its_article_at_its_offsets_with_its_context(archive):
    bodies = dict(Article.objects.values_list("pk", "body"))
    for claim in Claim.objects.all():
        body = bodies[claim.article_id]
        assert body[claim.start : claim.end] == claim.exact
        assert body[max(0, claim.start - 32) : claim.start] == claim.prefix
        assert body[claim.end : claim.end + 32] == claim.suffix


def test_article_status_follows_from_its_claims_as_the_services_compute_it(archive):
    for article in Article.objects.all():
        counts = Counter(article.claims.values_list("status", flat=True))
        assert article.status == article_status_for(counts, signed_off=article.signed_off_at is not None)
        assert (article.status == ArticleStatus.CHECKED) == (article.signed_off_by_id is not None)


def test_reviewed_claims_follow_the_workflow_rules(archive):
    reviewed = Claim.objects.filter(status__in=[ClaimStatus.APPROVED, ClaimStatus.CHANGES_REQUESTED])
    assert reviewed.exists()
    for claim in reviewed.annotate(n_sources=Count("sources")):
        assert claim.reviewed_by_id not in (claim.created_by_id, claim.updated_by_id)  # four eyes
        assert claim.reviewed_by.groups.filter(name=permissions.REVIEWER).exists()
        assert claim.verdict_id is not None
        assert claim.n_sources or claim.correction
        assert claim.submitted_at <= claim.reviewed_at
    for claim in Claim.objects.filter(status=ClaimStatus.CHANGES_REQUESTED):
        assert claim.comments.filter(kind=CommentKind.CHANGES_REQUESTED, author=claim.reviewed_by).exists()
    assert not Claim.objects.filter(status=ClaimStatus.SUBMITTED, verdict__isnull=True).exists()


def test_misspelt_names_carry_the_correction_and_quotes_their_speaker(archive):
    names = Claim.objects.filter(kind="name").exclude(correction="")
    assert names.exists()
    for claim in names:
        assert claim.exact != claim.correction and len(claim.exact) - len(claim.correction) in (-1, 0, 1)
    quotes = Claim.objects.filter(kind="quote")
    assert quotes.exists() and all(claim.claimant and claim.claimant in claim.exact for claim in quotes)


def test_articles_are_2_to_20_kb_of_varied_sentences_over_five_years(archive):
    bodies = list(Article.objects.values_list("body", flat=True))
    assert all(1_500 <= len(body) <= 20_000 for body in bodies)
    sentences = [s for body in bodies for s in re.split(r"(?<=[.”])\s+", body)]
    assert len(set(sentences)) > 0.6 * len(sentences)
    assert len(set(Article.objects.values_list("title", flat=True))) > 70
    dates = sorted(Article.objects.values_list("published_at", flat=True))
    assert (dates[-1] - dates[0]).days > 3 * 365
    assert Article.objects.values("publication").distinct().count() >= 5


def test_several_editors_and_reviewers_did_the_work(archive):
    assert Claim.objects.values("created_by").distinct().count() >= 5
    assert Claim.objects.exclude(reviewed_by=None).values("reviewed_by").distinct().count() >= 3


def test_each_article_has_its_writer_as_editor_and_three_in_four_a_reviewer(archive):
    from annotations.demo.archive import REVIEWERS, assign_existing

    rows = list(Article.objects.values_list("pk", "created_by_id", "assignee_id", "reviewer_id", "reviewer__username"))
    assert all(assignee == writer for _pk, writer, assignee, _r, _n in rows)
    assert {pk % 4 == 0 for pk, *_rest, reviewer, _n in rows if reviewer is None} == {True}
    assert {name for *_rest, name in rows if name} == set(REVIEWERS)  # every reviewer reviews some
    # An archive generated before assignment existed gets the same by assign_existing().
    Article.objects.update(assignee=None, reviewer=None)
    assert assign_existing() == len(rows)
    assert sorted(
        Article.objects.values_list("pk", "created_by_id", "assignee_id", "reviewer_id", "reviewer__username")
    ) == sorted(rows)


def test_revisions_end_with_the_current_body(archive):
    for article in Article.objects.prefetch_related("revisions"):
        numbers = [r.number for r in article.revisions.all()]
        assert numbers == list(range(1, len(numbers) + 1))
        assert article.revisions.all()[len(numbers) - 1].body == article.body
    assert Revision.objects.values("article").annotate(n=Count("id")).filter(n__gt=1).exists()


def test_every_generated_row_has_its_insert_event_attributed_to_its_creator(archive):
    for model, user_field in (
        (Claim, "created_by_id"),
        (Source, "created_by_id"),
        (Comment, "author_id"),
        (Article, "created_by_id"),
    ):
        event_model = apps.get_model("annotations", f"{model.__name__}Event")
        events = event_model.objects.filter(pgh_label="insert").select_related("pgh_context")
        assert events.count() == model.objects.count()
        sample = events.order_by("pgh_id")[:20]
        creators = dict(model.objects.filter(pk__in=[e.pgh_obj_id for e in sample]).values_list("pk", user_field))
        for event in sample:
            assert event.pgh_context.metadata["user"] == creators[event.pgh_obj_id]
            assert event.pgh_created_at == model.objects.get(pk=event.pgh_obj_id).created


def test_a_second_run_adds_to_the_archive():
    generate(articles=10, claims=2, seed=1)
    claims = Claim.objects.count()
    generate(articles=10, claims=2, seed=1)
    assert Article.objects.count() == 20
    assert Claim.objects.count() == 2 * claims
