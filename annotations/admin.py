from django.contrib import admin

from annotations.models import Article, Claim, Comment, Rating, Revision, Source


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ["label", "slug", "value", "kinds", "position"]
    list_editable = ["position"]
    search_fields = ["label", "slug", "description"]
    prepopulated_fields = {"slug": ["label"]}


class ClaimInline(admin.TabularInline):
    model = Claim
    fields = ["exact", "kind", "verdict", "status", "start", "end"]
    readonly_fields = ["exact", "start", "end"]
    extra = 0
    show_change_link = True


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "publication", "published_at", "status", "created_by", "updated"]
    list_filter = ["status", "publication", "published_at", "created_by"]
    search_fields = ["title", "url", "publication", "body"]
    date_hierarchy = "published_at"
    list_select_related = ["created_by"]
    readonly_fields = ["version", "created", "updated"]
    inlines = [ClaimInline]


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
    readonly_fields = ["start", "end", "exact", "prefix", "suffix", "version", "created_by", "updated_by", "created", "updated"]
    inlines = [SourceInline]


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
class RevisionAdmin(admin.ModelAdmin):
    list_display = ["article", "number", "channel", "created_by", "created", "anchoring"]
    list_filter = ["channel", "created_by", "created"]
    search_fields = ["article__title", "body"]
    list_select_related = ["article", "created_by"]
    raw_id_fields = ["article"]
    readonly_fields = ["article", "number", "body", "channel", "created_by", "created", "anchoring"]
