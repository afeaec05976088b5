from django.contrib import admin

from archive.models import Entry, FactCheck, Reuse, SavedSearch, SearchDocument, Word


@admin.register(FactCheck)
class FactCheckAdmin(admin.ModelAdmin):
    list_display = ["claim_reviewed", "rating_label", "author_name", "date_published", "language"]
    list_filter = ["rating_label", "language"]
    search_fields = ["claim_reviewed", "url", "author_name", "claim_author"]
    date_hierarchy = "date_published"
    readonly_fields = ["imported_by", "created", "updated"]


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    """The matching index: derived data, rebuilt by `manage.py archive_reindex`; look, do not edit."""

    list_display = ["statement", "rating_label", "language", "config", "claim", "fact_check"]
    list_filter = ["config"]
    search_fields = ["statement", "url"]
    raw_id_fields = ["claim", "fact_check"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SearchDocument)
class SearchDocumentAdmin(admin.ModelAdmin):
    list_display = ["short", "config", "article", "claim"]
    list_filter = ["config"]
    search_fields = ["short"]
    raw_id_fields = ["article", "claim"]
    list_select_related = ["article", "claim"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Reuse)
class ReuseAdmin(admin.ModelAdmin):
    list_display = ["claim", "statement", "rating_label", "url", "created_by", "created"]
    search_fields = ["statement", "url"]
    raw_id_fields = ["claim", "fact_check", "original_claim"]
    list_select_related = ["claim", "created_by"]


@admin.register(SavedSearch)
class SavedSearchAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "query", "created"]
    search_fields = ["name", "query"]
    list_select_related = ["user"]


@admin.register(Word)
class WordAdmin(admin.ModelAdmin):
    """The words that misspellings are matched against: derived data kept by archive.indexing; look, do not edit."""

    search_fields = ["word"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
