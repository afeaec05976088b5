from django.apps import AppConfig


class SuggestionsConfig(AppConfig):
    name = "suggestions"
    verbose_name = "Suggestions"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from annotations import events
        from suggestions import analysis

        # A new text, or a changed one, is analysed again by the worker; the job commits with the change.
        events.subscribe(events.ArticleCreated, analysis.on_text_changed)
        events.subscribe(events.ArticleBodyChanged, analysis.on_text_changed)
