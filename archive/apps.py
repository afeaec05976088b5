from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = "Archive and search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from annotations import events
        from archive import indexing

        # Search documents follow every text change; approved claims enter the "checked before" archive and
        # leave it when reopened. Handlers run inside the service's transaction.
        events.subscribe(events.ArticleCreated, indexing.on_article_changed)
        events.subscribe(events.ArticleBodyChanged, indexing.on_article_changed)
        events.subscribe(events.ArticleUpdated, indexing.on_article_updated)
        events.subscribe(events.ClaimChanged, indexing.on_claim_changed)
        events.subscribe(events.ClaimSubmitted, indexing.on_claim_changed)
        events.subscribe(events.ClaimReviewed, indexing.on_claim_changed)
