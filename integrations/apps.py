from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    name = "integrations"
    verbose_name = "CMS integration"

    def ready(self):
        from annotations import events
        from integrations import webhooks

        # Each records a delivery per subscribed endpoint and defers its job, in the service's transaction.
        events.subscribe(events.ArticleUpdated, webhooks.on_article_updated)
        events.subscribe(events.ArticleSignedOff, webhooks.on_article_signed_off)
        events.subscribe(events.ClaimReviewed, webhooks.on_claim_reviewed)
        events.subscribe(events.ClaimCorrected, webhooks.on_claim_corrected)
