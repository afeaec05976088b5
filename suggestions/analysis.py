"""Analysing an article for suggestions: scheduling, whenever an article is created or its body changes (the
core's ArticleCreated and ArticleBodyChanged events, subscribed in apps.py), and the job's body, run by the
procrastinate worker (suggestions.tasks, which calls `analysis_run`; the job is deferred here by its name).

The request that saves an article only marks the analysis pending and defers the job, both inside its own
transaction: the job exists exactly when the text it must read does, and the request never waits for it.
"""

import functools
import hashlib
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from procrastinate.exceptions import AlreadyEnqueued

from annotations.language import detect_language
from annotations.models import Article
from factcheck import jobs
from suggestions import finder
from suggestions.checkworthiness import model as checkworthiness
from suggestions.gazetteer import common_words, package_gazetteer
from suggestions.models import Analysis, AnalysisState, NewsroomName, Suggestion, SuggestionStatus

logger = logging.getLogger(__name__)
ANALYSIS_JOB = "suggestions.analyse_article"  # the task in suggestions.tasks
CONTEXT = 24  # characters either side of a span that, with it, identify "the text there"


def analysis_schedule(article_id: int) -> None:
    """Mark the article's analysis pending, drop its open suggestions (their offsets may be stale) and defer the job."""
    Analysis.objects.update_or_create(
        article_id=article_id,
        defaults={"state": AnalysisState.PENDING, "requested_at": timezone.now(), "finished_at": None, "error": ""},
    )
    Suggestion.objects.filter(article_id=article_id, status=SuggestionStatus.OPEN).delete()
    try:
        # A savepoint: a refused defer must not break the caller's transaction.
        with transaction.atomic():
            jobs.by_name(ANALYSIS_JOB, queueing_lock=f"suggestions-article-{article_id}").defer(article_id=article_id)
    except AlreadyEnqueued:
        pass  # a job for this article is still waiting; it reads the body when it runs


def on_text_changed(event) -> None:
    analysis_schedule(event.article_id)


def body_hash(body: str) -> str:
    return hashlib.sha256(body.encode()).hexdigest()


def fingerprint(body: str, kind: str, start: int, end: int) -> str:
    parts = (kind, body[start:end], body[max(0, start - CONTEXT) : start], body[end : end + CONTEXT])
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


# The model learnt from English sentences; its embeddings are multilingual, and on 40 Russian and 40 Persian news
# sentences labelled for it (suggestions/evaluation/checkworthiness-ru-fa.json) it beat the rules, without the
# cascade (whose TF-IDF part knows English words only). Other languages keep the rules alone.
MODEL_LANGUAGES = {"en", "ru", "fa"}
CASCADE_LANGUAGES = {"en"}


def checkworthiness_model() -> checkworthiness.CheckworthinessModel | None:
    """The newsroom's check-worthiness model (settings.SUGGESTION_CHECKWORTHY_MODEL), loaded once per process."""
    path = settings.SUGGESTION_CHECKWORTHY_MODEL
    return checkworthiness.load_shared(path) if path else None


def checkworthiness_threshold(model: checkworthiness.CheckworthinessModel) -> float:
    configured = settings.SUGGESTION_CHECKWORTHY_THRESHOLD
    return model.threshold if configured is None else configured


def checkworthiness_rule_floor(model: checkworthiness.CheckworthinessModel) -> float:
    configured = settings.SUGGESTION_CHECKWORTHY_RULE_FLOOR
    return min(model.rule_floor if configured is None else configured, checkworthiness_threshold(model))


def language_code(body: str, language: str) -> str:
    return (language or detect_language(body) or "").split("-")[0].lower()


def find(body: str, newsroom_names, language: str = "en") -> list[finder.Finding]:
    """The rules' findings and, for a text in one of MODEL_LANGUAGES, the statements the model flags, merged."""
    code = language_code(body, language)
    model = checkworthiness_model() if code in MODEL_LANGUAGES else None
    scorer = None
    if model is not None:
        scorer = functools.partial(model, cascade=code in CASCADE_LANGUAGES)
    return finder.find(
        body,
        names=package_gazetteer().with_names(newsroom_names),
        words=common_words(),
        scorer=scorer,
        threshold=checkworthiness_threshold(model) if model else 0.5,
        rule_floor=checkworthiness_rule_floor(model) if model else 0.0,
    )


def analysis_run(article_id: int) -> int | None:
    """Find suggestions in the article's current text and store them; the number stored, None if nothing was done."""
    row = Article.objects.filter(pk=article_id).values_list("body", "language").first()
    if row is None:
        return None  # deleted meanwhile
    body, language = row
    try:
        findings = find(body, list(NewsroomName.objects.values_list("name", flat=True)), language)
    except Exception as error:
        Analysis.objects.filter(article_id=article_id).update(
            state=AnalysisState.FAILED, finished_at=timezone.now(), error=repr(error)[:2000]
        )
        raise
    digest = body_hash(body)
    with transaction.atomic():
        analysis, _ = Analysis.objects.select_for_update().get_or_create(
            article_id=article_id, defaults={"requested_at": timezone.now()}
        )
        current = Article.objects.filter(pk=article_id).values_list("body", flat=True).first()
        if current is None or body_hash(current) != digest:
            return None  # the text changed while we read it; the change deferred a job of its own
        decided = set(
            Suggestion.objects.filter(article_id=article_id)
            .exclude(status=SuggestionStatus.OPEN)
            .values_list("fingerprint", flat=True)
        )
        Suggestion.objects.filter(article_id=article_id, status=SuggestionStatus.OPEN).delete()
        rows = []
        for f in findings:
            mark = fingerprint(body, f.kind, f.start, f.end)
            if mark in decided:
                continue  # accepted or dismissed before, and the text there has not changed
            rows.append(
                Suggestion(
                    article_id=article_id,
                    start=f.start,
                    end=f.end,
                    quote=body[f.start : f.end],
                    kind=f.kind,
                    reason=f.reason,
                    score=f.score,
                    correction=f.correction[:200],
                    claimant=f.claimant[:200],
                    fingerprint=mark,
                )
            )
        Suggestion.objects.bulk_create(rows)
        analysis.state, analysis.finished_at, analysis.body_hash, analysis.error = (
            AnalysisState.DONE,
            timezone.now(),
            digest,
            "",
        )
        analysis.save()
    logger.info("Article %s: %s suggestions", article_id, len(rows))
    return len(rows)
