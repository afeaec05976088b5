from django.contrib import admin

from annotations.models import (
    Article,
    Claim,
    Comment,
    Correction,
    PublishedClaim,
    Rating,
    Revision,
    Snapshot,
    Source,
)

# A claim's status, an article's body and status, and history change only through annotations.services, which
# keep versions, revisions, anchors, review and history consistent; the admin shows them read-only.


class ViewOnlyAdmin(admin.ModelAdmin):
    """History: to read, never to add, change or delete (the database refuses those changes anyway)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ["label", "slug", "value", "kinds", "position"]
    list_editable = ["position"]
    search_fields = ["label", "slug", "description"]
    prepopulated_fields = {"slug": ["label"]}


class ClaimInline(admin.TabularInline):
    model = Claim
    fields = ["exact", "kind", "verdict", "status", "start", "end"]
    readonly_fields = ["exact", "status", "start", "end"]
    extra = 0
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "publication", "published_at", "status", "created_by", "updated"]
    list_filter = ["status", "publication", "published_at", "created_by"]
    search_fields = ["title", "url", "publication", "body"]
    date_hierarchy = "published_at"
    list_select_related = ["created_by"]
    readonly_fields = ["body", "status", "signed_off_by", "signed_off_at", "version", "created", "updated"]
    inlines = [ClaimInline]

    def has_add_permission(self, request):
        return False  # articles start in the app or the API, which store the first revision and start analysis


class SourceInline(admin.StackedInline):
    model = Source
    extra = 0
    readonly_fields = ["version", "created_by"]


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ["exact", "article", "kind", "verdict", "status", "anchor_state", "created_by", "updated"]
    list_filter = ["kind", "status", "anchor_state", "verdict", "created_by"]
    search_fields = ["exact", "statement", "claimant", "rationale", "correction", "article__title"]
    list_select_related = ["article", "verdict", "created_by"]
    raw_id_fields = ["article"]
    readonly_fields = [
        "status",
        "anchor_state",
        "start",
        "end",
        "exact",
        "prefix",
        "suffix",
        "version",
        "created_by",
        "updated_by",
        "created",
        "updated",
    ]
    inlines = [SourceInline]

    def has_add_permission(self, request):
        return False  # a claim is anchored in the article's text: select it in the workspace or use the API


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["__str__", "publisher", "url", "claim", "accessed_at"]
    list_filter = ["publisher", "accessed_at"]
    search_fields = ["url", "title", "publisher", "excerpt", "claim__statement"]
    list_select_related = ["claim"]
    raw_id_fields = ["claim"]
    readonly_fields = ["version", "created_by"]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "claim", "author", "kind", "created"]
    list_filter = ["kind", "author", "created"]
    search_fields = ["text", "claim__statement", "claim__article__title"]
    list_select_related = ["claim", "author"]
    raw_id_fields = ["claim"]


@admin.register(Revision)
class RevisionAdmin(ViewOnlyAdmin):
    list_display = ["article", "number", "channel", "created_by", "created", "anchoring"]
    list_filter = ["channel", "created_by", "created"]
    search_fields = ["article__title", "body"]
    list_select_related = ["article", "created_by"]
    raw_id_fields = ["article"]
    readonly_fields = ["article", "number", "body", "channel", "created_by", "created", "anchoring"]


@admin.register(Snapshot)
class SnapshotAdmin(ViewOnlyAdmin):
    """Copies of cited pages, taken and checked by the evidence plug-in's jobs: to look at, not to edit."""

    list_display = ["requested_url", "kind", "state", "status_code", "live", "fetched_at", "checked_at"]
    list_filter = ["kind", "state", "live"]
    search_fields = ["requested_url", "final_url", "title", "sha256"]
    raw_id_fields = ["source", "article", "latest"]
    exclude = ["text"]


# What readers see and the corrections made: written by annotations.services (sign-off, approving a correction),
# read here.


@admin.register(PublishedClaim)
class PublishedClaimAdmin(ViewOnlyAdmin):
    list_display = ["statement", "article", "verdict_label", "version", "modified_at"]
    search_fields = ["statement", "article__title"]
    list_select_related = ["article"]


@admin.register(Correction)
class CorrectionAdmin(ViewOnlyAdmin):
    list_display = ["note", "article", "created_by", "created"]
    search_fields = ["note", "article__title"]
    list_select_related = ["article", "created_by"]
