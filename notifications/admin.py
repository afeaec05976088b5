from django.contrib import admin

from notifications.models import Notification, Preference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created", "recipient", "actor", "verb", "article", "read_at", "emailed_at")
    list_filter = ("verb", "read_at", "emailed_at")
    search_fields = ("recipient__username", "actor__username", "text")
    raw_id_fields = ("recipient", "actor", "article", "claim", "comment")
    list_select_related = ("recipient", "actor", "article")


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "email")
    list_filter = ("email",)
    search_fields = ("user__username",)
