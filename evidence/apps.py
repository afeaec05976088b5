from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "evidence"
    verbose_name = "Evidence (copies of cited pages)"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from annotations import events
        from evidence import services

        # A new source, or a new URL for one: record a pending copy and defer the job that fetches it, in the
        # service's transaction (so the job exists exactly when the source does).
        events.subscribe(events.SourceCited, services.on_source_cited)
