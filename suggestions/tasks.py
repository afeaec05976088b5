"""Background jobs for suggestions, found by procrastinate's autodiscovery of `tasks` modules."""

from procrastinate.contrib.django import app


@app.task(name="suggestions.analyse_article", queue="suggestions", retry=2, pass_context=False)
def analyse_article(article_id: int) -> None:
    # Imported here: suggestions.analysis defers this task, so it imports this module first.
    from suggestions import analysis

    analysis.analysis_run(article_id)
