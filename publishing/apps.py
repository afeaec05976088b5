from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "publishing"
    verbose_name = "Publishing (public pages, where each verdict went)"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from annotations import events
        from integrations import webhooks
        from publishing import services

        # Every copy of a verdict that leaves is recorded with the claim's version: webhook deliveries the endpoint
        # accepted (in the worker), and claims an API token read (after the read).
        webhooks.on_delivered(services.on_webhook_delivered)
        events.subscribe(events.ClaimsRead, services.on_claims_read)
