"""Background jobs for suggestions, found by procrastinate's autodiscovery of `tasks` modules."""

from procrastinate.contrib.django import app

from suggestions import analysis


@app.task(name=analysis.ANALYSIS_JOB, queue="suggestions", retry=2, pass_context=False)
def analyse_article(article_id: int) -> None:
    analysis.analysis_run(article_id)
