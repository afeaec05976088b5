from django.contrib import admin

from publishing.models import Destination


@admin.register(Destination)
class DestinationAdmin(admin.ModelAdmin):
    list_display = ["claim", "channel", "version", "sent_count", "last_sent_at"]
    list_filter = ["channel"]
    raw_id_fields = ["claim", "webhook", "token", "created_by"]
    search_fields = ["url", "label"]
