from django.contrib import admin

from factcheck.api.models import ApiToken, ThrottleWindow
from integrations.models import Webhook, WebhookAttempt, WebhookDelivery


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "hint", "scopes", "expires_at", "last_used_at", "revoked_at", "created"]
    search_fields = ["name", "user__username", "hint"]
    # A token's owner and scopes are fixed when it is made (API tokens page or `manage.py create_api_token`).
    readonly_fields = ["user", "scopes", "key_hash", "hint", "last_used_at", "revoked_at", "created_by", "created"]

    def has_add_permission(self, request):
        return False  # created on the API tokens page or by `manage.py create_api_token`, which show the token once


class AttemptInline(admin.TabularInline):
    model = WebhookAttempt
    extra = 0
    readonly_fields = ["started_at", "duration_ms", "response_status", "error", "will_retry"]


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    list_display = ["url", "events", "active", "disabled_reason", "created"]
    list_filter = ["active"]
    exclude = ["secret"]


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ["msg_id", "event", "webhook", "status", "attempt_count", "created"]
    list_filter = ["status", "event"]
    readonly_fields = ["webhook", "event", "msg_id", "payload", "status", "attempt_count"]
    inlines = [AttemptInline]


@admin.register(ThrottleWindow)
class ThrottleWindowAdmin(admin.ModelAdmin):
    """To see who is being throttled; a deleted row gives its caller a fresh budget."""

    list_display = ["key", "requests"]
    search_fields = ["key"]
    readonly_fields = ["key", "hits"]

    def has_add_permission(self, request):
        return False

    @admin.display(description="requests in the window")
    def requests(self, obj):
        return len(obj.hits)
