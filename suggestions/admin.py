from django.contrib import admin

from suggestions.models import Analysis, NewsroomName, Suggestion


@admin.register(NewsroomName)
class NewsroomNameAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "note", "updated"]
    list_filter = ["kind"]
    search_fields = ["name", "note"]


@admin.register(Suggestion)
class SuggestionAdmin(admin.ModelAdmin):
    list_display = ["quote", "kind", "score", "correction", "status", "article", "decided_by", "created"]
    list_filter = ["kind", "status"]
    search_fields = ["quote", "reason_code", "correction", "article__title"]
    list_select_related = ["article", "decided_by"]
    raw_id_fields = ["article", "claim"]
    # Suggestions come from the analysis and are decided in the workspace; the admin only shows them.
    readonly_fields = [f.name for f in Suggestion._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Analysis)
class AnalysisAdmin(admin.ModelAdmin):
    list_display = ["article", "state", "requested_at", "finished_at"]
    list_filter = ["state"]
    list_select_related = ["article"]
    readonly_fields = ["article", "state", "requested_at", "finished_at", "body_hash", "error"]

    def has_add_permission(self, request):
        return False
