from django.contrib import admin

from evidence.models import HostSlot


@admin.register(HostSlot)
class HostSlotAdmin(admin.ModelAdmin):
    """When each host may be fetched next; deleting a row lets the host be fetched at once."""

    list_display = ["host", "next_at"]
    search_fields = ["host"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
