"""Scheduling and running the analysis, and accepting or dismissing what it finds: the services and the job."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from procrastinate.contrib.django.models import ProcrastinateJob

from annotations import services as annotation_services
from annotations.models import Claim, ClaimKind, ClaimStatus
from suggestions import selectors, services
from suggestions.models import Analysis, AnalysisState, NewsroomName, Suggestion, SuggestionKind, SuggestionStatus
from tests.suggestions.helpers import demo_article, run_worker_job

pytestmark = pytest.mark.django_db


def jobs_for(article):
    return ProcrastinateJob.objects.filter(task_name="suggestions.analyse_article", args={"article_id": article.pk})


def open_suggestion(article, quote, kind=None):
    return next(
        s for s in selectors.suggestions_open(article.pk) if s.quote == quote and (kind is None or s.kind == kind)
    )


def test_saving_an_article_defers_the_analysis_and_does_not_wait_for_it(editor):
    article = demo_article(editor)
    assert jobs_for(article).filter(status="todo").count() == 1
    assert Analysis.objects.get(article=article).state == AnalysisState.PENDING
    assert not Suggestion.objects.filter(article=article).exists()


def test_the_job_finds_the_misspelt_capital_numbers_comparisons_and_quotes(editor):
    article = demo_article(editor)
    run_worker_job(article)

    assert Analysis.objects.get(article=article).state == AnalysisState.DONE
    name = open_suggestion(article, "Ashgatat")
    assert (name.kind, name.correction) == (SuggestionKind.NAME, "Ashgabat")
    assert article.body[name.start : name.end] == "Ashgatat"
    assert name.reason_text().startswith("Did you mean Ashgabat?")
    assert 0 < name.score <= 1
    kinds = {s.kind for s in selectors.suggestions_open(article.pk)}
    # The rules' four kinds; sentences the model flags without a rule finding in them are statements to check.
    assert kinds - {SuggestionKind.STATEMENT} == {
        SuggestionKind.NAME,
        SuggestionKind.NUMBER,
        SuggestionKind.COMPARISON,
        SuggestionKind.QUOTE,
    }
    assert open_suggestion(article, "leaders of 24 countries").kind == SuggestionKind.NUMBER
    assert open_suggestion(article, "much closer to each other than other countries").kind == SuggestionKind.COMPARISON


def test_a_body_change_schedules_a_new_analysis_and_drops_stale_suggestions(editor):
    article = demo_article(editor)
    run_worker_job(article)
    assert Suggestion.objects.filter(article=article).exists()

    body = article.body.replace("Ashgatat", "Ashgabat")
    article = annotation_services.article_update(
        article=article, user=editor, version=article.version, changes={"body": body}
    )
    assert Analysis.objects.get(article=article).state == AnalysisState.PENDING
    assert not Suggestion.objects.filter(article=article, status=SuggestionStatus.OPEN).exists()
    # A second change while the job still waits does not queue a second job: the waiting one reads the newest text.
    article = annotation_services.article_update(
        article=article, user=editor, version=article.version, changes={"body": body + "\n\nMore."}
    )
    assert jobs_for(article).filter(status="todo").count() == 1

    run_worker_job(article)
    assert not Suggestion.objects.filter(article=article, kind=SuggestionKind.NAME).exists()


def test_a_title_change_does_not_reanalyse(editor):
    article = demo_article(editor)
    run_worker_job(article)
    annotation_services.article_update(
        article=article, user=editor, version=article.version, changes={"title": "New title"}
    )
    assert Analysis.objects.get(article=article).state == AnalysisState.DONE


def test_accepting_a_misspelt_name_makes_a_draft_claim_with_the_correction(editor):
    article = demo_article(editor)
    run_worker_job(article)
    suggestion = open_suggestion(article, "Ashgatat")

    claim = services.suggestion_accept(suggestion=suggestion, user=editor)

    claim = Claim.objects.select_related("verdict").get(pk=claim.pk)
    assert (claim.exact, claim.start, claim.end) == ("Ashgatat", suggestion.start, suggestion.end)
    assert (claim.kind, claim.verdict.slug, claim.correction, claim.status) == (
        ClaimKind.NAME,
        "incorrect",
        "Ashgabat",
        ClaimStatus.DRAFT,
    )
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.claim_id, suggestion.decided_by) == (
        SuggestionStatus.ACCEPTED,
        claim.pk,
        editor,
    )
    with pytest.raises(ValidationError) as error:
        services.suggestion_accept(suggestion=suggestion, user=editor)
    assert error.value.messages == [services.ERR_DECIDED.format(status="accepted")]


@pytest.mark.parametrize(
    ("quote", "kind"),
    [("leaders of 24 countries", ClaimKind.NUMBER), ("an increase in the volume of trade", ClaimKind.FACTUAL)],
)
def test_accepting_other_kinds_makes_claims_of_the_matching_kind(editor, quote, kind):
    article = demo_article(editor)
    run_worker_job(article)
    claim = services.suggestion_accept(suggestion=open_suggestion(article, quote), user=editor)
    assert (claim.exact, claim.kind, claim.verdict, claim.correction) == (quote, kind, None, "")


def test_accepting_a_quote_fills_in_the_claimant(editor):
    article = demo_article(editor)
    run_worker_job(article)
    quote = "Pezeshkian said Iran’s relationship with Russia is “sincere and strategic”"
    claim = services.suggestion_accept(suggestion=open_suggestion(article, quote), user=editor)
    assert (claim.kind, claim.claimant) == (ClaimKind.QUOTE, "Pezeshkian")


def test_a_span_that_already_has_a_claim_is_not_suggested(editor):
    article = demo_article(editor)
    run_worker_job(article)
    start = article.body.index("Ashgatat")
    annotation_services.claim_create(article=article, user=editor, start=start, end=start + 8, quote="Ashgatat")
    assert "Ashgatat" not in [s.quote for s in selectors.suggestions_open(article.pk)]


def test_a_span_inside_a_longer_claim_is_not_suggested(editor):
    article = demo_article(editor)
    run_worker_job(article)
    assert "October 22" in [s.quote for s in selectors.suggestions_open(article.pk)]
    quote = "The summit of emerging economies starts on October 22"
    start = article.body.index(quote)
    annotation_services.claim_create(article=article, user=editor, start=start, end=start + len(quote), quote=quote)
    remaining = [s.quote for s in selectors.suggestions_open(article.pk)]
    assert "October 22" not in remaining and "leaders of 24 countries" in remaining


def test_a_dismissed_suggestion_stays_dismissed_until_the_text_there_changes(editor):
    article = demo_article(editor)
    run_worker_job(article)
    services.suggestion_dismiss(suggestion=open_suggestion(article, "leaders of 24 countries"), user=editor)
    assert "leaders of 24 countries" not in [s.quote for s in selectors.suggestions_open(article.pk)]

    # Another paragraph changes: the analysis runs again and still leaves the dismissed one out.
    body = article.body + "\n\nA new closing paragraph."
    article = annotation_services.article_update(
        article=article, user=editor, version=article.version, changes={"body": body}
    )
    run_worker_job(article)
    assert "leaders of 24 countries" not in [s.quote for s in selectors.suggestions_open(article.pk)]
    assert "Ashgatat" in [s.quote for s in selectors.suggestions_open(article.pk)]

    # The text there changes: it is proposed again.
    body = article.body.replace("leaders of 24 countries expected", "leaders of 24 countries now expected")
    article = annotation_services.article_update(
        article=article, user=editor, version=article.version, changes={"body": body}
    )
    run_worker_job(article)
    assert "leaders of 24 countries" in [s.quote for s in selectors.suggestions_open(article.pk)]


def test_the_newsroom_list_confirms_names_and_proposes_its_spellings(editor):
    NewsroomName.objects.create(name="Pezeshkian")
    body = "President Masoud Pezeshkian spoke in Ashgabat.\n\nLater, Pezeshkain told reporters he was pleased."
    article = annotation_services.article_create(user=editor, title="Names", body=body)
    run_worker_job(article)
    names = [(s.quote, s.correction) for s in selectors.suggestions_open(article.pk) if s.kind == SuggestionKind.NAME]
    assert names == [("Pezeshkain", "Pezeshkian")]


def test_a_job_that_read_an_outdated_text_stores_nothing(editor, monkeypatch):
    article = demo_article(editor)
    from suggestions import analysis

    real_find = analysis.find

    def find_then_edit(body, names, language="en"):
        result = real_find(body, names, language)
        type(article).objects.filter(pk=article.pk).update(body=body + "\n\nEdited meanwhile.")
        return result

    monkeypatch.setattr(analysis, "find", find_then_edit)
    assert analysis.analysis_run(article.pk) is None
    assert not Suggestion.objects.filter(article=article).exists()
    assert Analysis.objects.get(article=article).state == AnalysisState.PENDING


def test_users_without_a_role_cannot_accept_or_dismiss(editor, nobody):
    article = demo_article(editor)
    run_worker_job(article)
    suggestion = open_suggestion(article, "Ashgatat")
    with pytest.raises(PermissionDenied):
        services.suggestion_accept(suggestion=suggestion, user=nobody)
    with pytest.raises(PermissionDenied):
        services.suggestion_dismiss(suggestion=suggestion, user=nobody)
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.OPEN
