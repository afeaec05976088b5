"""API shapes: one output serializer per resource, one input serializer per action.

Input serializers only validate types and sizes; every rule about claims and articles lives in
annotations.services, which the views call with the validated data.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from annotations.api import snapshots
from annotations.exports import claims_csv
from annotations.models import (
    Article,
    ArticleStatus,
    Claim,
    ClaimKind,
    ClaimStatus,
    Comment,
    LiveState,
    Rating,
    SnapshotState,
    Source,
)

MAX_INT = 2**31 - 1  # PostgreSQL integer: a larger offset is refused here, not by the database
MAX_SOURCES = 50


def _username(user) -> str | None:
    return user.get_username() if user is not None else None


@extend_schema_field({"type": "string", "nullable": True, "description": "A username."})
class UsernameField(serializers.Field):
    def to_representation(self, value):
        return _username(value)


# Output


class ClaimCountsSerializer(serializers.Serializer):
    total = serializers.IntegerField(source="claim_count")
    draft = serializers.IntegerField(source="draft_count")
    submitted = serializers.IntegerField(source="submitted_count")
    changes_requested = serializers.IntegerField(source="changes_requested_count")
    approved = serializers.IntegerField(source="approved_count")


class ArticleSerializer(serializers.ModelSerializer):
    external_id = serializers.CharField(allow_null=True, help_text="The CMS's own id for the article.")
    language = serializers.CharField(
        help_text="BCP-47 code of the text's language (detected unless set); empty when unknown."
    )
    url = serializers.CharField(help_text="The article's address; empty when not known.")
    status = serializers.ChoiceField(choices=ArticleStatus.choices)
    claims = ClaimCountsSerializer(source="*", help_text="Number of claims in each state.")
    signed_off_by = UsernameField(allow_null=True)
    assignee = UsernameField(allow_null=True, help_text="The assigned editor's username; null when nobody is assigned.")
    reviewer = UsernameField(
        allow_null=True, help_text="The assigned reviewer's username; null when nobody is assigned."
    )

    class Meta:
        model = Article
        fields = [
            "id", "external_id", "title", "url", "publication", "published_at", "language", "body", "status", "claims",
            "assignee", "reviewer", "signed_off_by", "signed_off_at", "version", "created", "updated",
        ]  # fmt: skip
        read_only_fields = fields


class SnapshotSerializer(serializers.Serializer):
    """The copy of the cited page this app keeps (docs/api.md, "Sources' copies and articles from a URL")."""

    state = serializers.ChoiceField(choices=SnapshotState.choices, help_text="pending, archived or failed.")
    fetched_at = serializers.DateTimeField(allow_null=True)
    status_code = serializers.IntegerField(allow_null=True, help_text="The HTTP status the page answered with.")
    final_url = serializers.CharField(help_text="Where the page was, after redirects.")
    sha256 = serializers.CharField(help_text="SHA-256 of the bytes kept, in hex.")
    title = serializers.CharField()
    text_url = serializers.SerializerMethodField(help_text="The extracted text, as a page of this app.")
    original_url = serializers.SerializerMethodField(help_text="The bytes as fetched, as a download.")
    archive_org_url = serializers.CharField(help_text="The Internet Archive's copy, when asked for one.")
    live = serializers.ChoiceField(choices=LiveState.choices, help_text="The live page as last checked.")
    checked_at = serializers.DateTimeField(allow_null=True)
    error = serializers.CharField(help_text="Why the copy failed, as a sentence; empty otherwise.")

    def get_text_url(self, snapshot) -> str | None:
        return snapshots.paths(snapshot.pk, snapshot.state)[0]

    def get_original_url(self, snapshot) -> str | None:
        return snapshots.paths(snapshot.pk, snapshot.state)[1]


class SourceSerializer(serializers.ModelSerializer):
    archive_url = serializers.CharField(help_text="An archived copy; empty when there is none.")
    snapshot = SnapshotSerializer(
        source="current_snapshot", allow_null=True, read_only=True, help_text="Our copy of the page; null until asked."
    )

    class Meta:
        model = Source
        fields = ["id", "url", "title", "publisher", "excerpt", "accessed_at", "archive_url", "version", "snapshot"]
        read_only_fields = fields


class ClaimSerializer(serializers.ModelSerializer):
    quote = serializers.CharField(source="exact")
    claim = serializers.CharField(source="statement", help_text="What the text asserts, as the fact-check states it.")
    verdict = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    verdict_label = serializers.SerializerMethodField()
    status = serializers.ChoiceField(choices=ClaimStatus.choices)
    sources = SourceSerializer(many=True)
    created_by = UsernameField()
    updated_by = UsernameField()
    reviewed_by = UsernameField(allow_null=True)

    class Meta:
        model = Claim
        fields = [
            "id", "article", "quote", "prefix", "suffix", "start", "end", "anchor_state", "claim", "kind", "claimant",
            "verdict", "verdict_label", "rationale", "correction", "sources", "status", "created_by", "updated_by",
            "reviewed_by", "submitted_at", "reviewed_at", "version", "created", "updated",
        ]  # fmt: skip
        read_only_fields = fields

    def get_verdict_label(self, claim) -> str | None:
        return claim.verdict.label if claim.verdict_id else None


@extend_schema_serializer(component_name="ClaimListItem")
class ClaimListItemSerializer(ClaimSerializer):
    """A claim in a list: every field, or only those the `fields` parameter names."""


def claim_list_item_fields_optional(result, generator, request, public):
    """Postprocessing hook: a list item has only the fields `fields` asks for, so none is required."""
    result.get("components", {}).get("schemas", {}).get("ClaimListItem", {}).pop("required", None)
    return result


class CommentSerializer(serializers.ModelSerializer):
    author = UsernameField()

    class Meta:
        model = Comment
        fields = ["id", "claim", "author", "kind", "text", "created"]
        read_only_fields = fields


# Input


def text(max_length: int | None = None, **kwargs):
    return serializers.CharField(max_length=max_length, allow_blank=True, trim_whitespace=False, **kwargs)


class ArticleInputSerializer(serializers.Serializer):
    external_id = serializers.CharField(max_length=200, required=False, help_text="The CMS's own id for the article.")
    title = serializers.CharField(max_length=300)
    url = serializers.URLField(max_length=2000, required=False, allow_blank=True)
    publication = text(200, required=False)
    published_at = serializers.DateField(required=False, allow_null=True)
    body = serializers.CharField(
        max_length=1_000_000, help_text="Paragraphs separated by line breaks; see body_format."
    )
    language = serializers.RegexField(
        r"^([a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*)?$", max_length=16, required=False, allow_blank=True,
        help_text="BCP-47 code such as `en`, `ru` or `fa`; detected from the text when left out.",
    )  # fmt: skip
    body_format = serializers.ChoiceField(
        choices=["text", "html"],
        default="text",
        write_only=True,
        help_text="text: the body is stored as sent (line breaks normalised), whatever it contains; "
        "html: the body is HTML, sanitised and reduced to its text.",
    )


class PersonField(serializers.SlugRelatedField):
    """A user by username, for assignments; null for nobody."""

    def __init__(self, **kwargs):
        from django.contrib.auth import get_user_model

        super().__init__(
            slug_field="username",
            queryset=get_user_model().objects.filter(is_active=True),
            allow_null=True,
            required=False,
            **kwargs,
        )

    def to_internal_value(self, data):
        if not isinstance(data, str) or len(data) > 150:
            self.fail("invalid")
        return super().to_internal_value(data)


class ArticlePatchSerializer(ArticleInputSerializer):
    external_id = serializers.CharField(
        max_length=200, required=False, allow_blank=True, help_text="Empty to remove it."
    )
    assignee = PersonField(help_text="Username of the editor to assign; null for nobody. Reviewers and admins only.")
    reviewer = PersonField(help_text="Username of the reviewer to assign; null for nobody. Reviewers and admins only.")
    version = serializers.IntegerField(
        min_value=1, max_value=MAX_INT, required=False, help_text="The version you read; 409 if it changed."
    )


class ArticleUpsertSerializer(ArticleInputSerializer):
    external_id = None
    version = serializers.IntegerField(min_value=1, max_value=MAX_INT, required=False)


class SourceInputSerializer(serializers.Serializer):
    id = serializers.IntegerField(
        min_value=1, max_value=2**63 - 1, required=False, help_text="An existing source of this claim, to update it."
    )
    url = serializers.URLField(max_length=2000)
    title = text(300, required=False)
    publisher = text(200, required=False)
    excerpt = text(100_000, required=False)
    accessed_at = serializers.DateField(required=False, allow_null=True)
    archive_url = serializers.URLField(max_length=2000, required=False, allow_blank=True)


class VerdictField(serializers.SlugRelatedField):
    def __init__(self, **kwargs):
        super().__init__(slug_field="slug", queryset=Rating.objects.all(), allow_null=True, required=False, **kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str) or len(data) > 50:
            self.fail("invalid")
        return super().to_internal_value(data)


class ClaimFieldsSerializer(serializers.Serializer):
    claim = text(
        10_000, required=False, source="statement", help_text="What the claim asserts; the quote when left empty."
    )
    kind = serializers.ChoiceField(choices=ClaimKind.choices, required=False)
    claimant = text(200, required=False)
    verdict = VerdictField(help_text="A rating's slug, e.g. `mostly-true`; see the ratings in the admin.")
    rationale = text(100_000, required=False)
    correction = text(10_000, required=False)
    sources = SourceInputSerializer(many=True, required=False, max_length=MAX_SOURCES)


class ClaimCreateSerializer(ClaimFieldsSerializer):
    quote = serializers.CharField(
        max_length=10_000,
        required=False,
        trim_whitespace=False,
        help_text="The exact text of the claim in the article.",
    )
    prefix = text(1000, required=False, help_text="Text just before the quote, to choose among several occurrences.")
    suffix = text(1000, required=False, help_text="Text just after the quote.")
    start = serializers.IntegerField(
        min_value=0, max_value=MAX_INT, required=False, help_text="Code point offset of the first character."
    )
    end = serializers.IntegerField(
        min_value=0, max_value=MAX_INT, required=False, help_text="Code point offset after the last character."
    )

    def validate(self, data):
        has_span = "start" in data or "end" in data
        if has_span and not ("start" in data and "end" in data):
            missing = "end" if "start" in data else "start"
            raise serializers.ValidationError({missing: _("Give both start and end, or only a quote.")})
        if not has_span and not data.get("quote"):
            raise serializers.ValidationError({"quote": _("Give the quote, or start and end.")})
        return data


class ClaimPatchSerializer(ClaimFieldsSerializer):
    sources = SourceInputSerializer(
        many=True, required=False, max_length=MAX_SOURCES,
        help_text="The complete list: items with an id are updated, without one added, and sources left out deleted.",
    )  # fmt: skip
    version = serializers.IntegerField(min_value=1, max_value=MAX_INT, required=False)

    def to_internal_value(self, data):
        if isinstance(data, dict):
            fixed = {"quote", "prefix", "suffix", "start", "end"} & set(data)
            if fixed:
                raise serializers.ValidationError(
                    {name: _("The anchor of a claim cannot be changed; delete it and add it again.") for name in fixed}
                )
        return super().to_internal_value(data)


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=1, max_value=MAX_INT, required=False, help_text="The version you read; 409 if it changed."
    )


class ApproveSerializer(VersionSerializer):
    correction_note = serializers.CharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        help_text="Required when the claim is published and what readers see changed (a correction): the public "
        "note saying what changed. Refused when nothing published changed.",
    )


class RequestChangesSerializer(VersionSerializer):
    comment = serializers.CharField(max_length=10_000, help_text="What needs to change.")


class ReopenSerializer(VersionSerializer):
    reason = serializers.CharField(max_length=10_000, help_text="Why the approved claim is reopened.")


class CorrectionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    claim = serializers.IntegerField(source="claim_id")
    article = serializers.IntegerField(source="article_id")
    article_external_id = serializers.CharField(source="article.external_id", allow_null=True)
    version = serializers.IntegerField(help_text="The claim's version once corrected.")
    before = serializers.DictField(help_text="The public fields that changed, as readers saw them before.")
    after = serializers.DictField(help_text="The same fields as corrected.")
    note = serializers.CharField(help_text="The public correction note.")
    created_by = UsernameField(help_text="The reviewer who approved the correction.")
    created = serializers.DateTimeField()


class CorrectionFilterSerializer(serializers.Serializer):
    article = serializers.IntegerField(min_value=1, max_value=MAX_INT, required=False, help_text="An article's id.")
    since = serializers.DateField(required=False, help_text="Corrections made on or after this day.")
    until = serializers.DateField(required=False, help_text="Corrections made on or before this day.")

    def validate(self, data):
        errors = claims_csv.date_range_errors(data.get("since"), data.get("until"))
        if errors:
            raise serializers.ValidationError(errors)
        return data


class CommentInputSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=10_000)


class ArticleFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ArticleStatus.choices, required=False)
    updated_since = serializers.DateTimeField(required=False)
    external_id = serializers.CharField(max_length=200, required=False)
    search = serializers.CharField(max_length=200, required=False, help_text="Words in the title.")
    assignee = serializers.CharField(
        max_length=150, required=False, help_text="Username of the assigned editor, or `me`."
    )
    reviewer = serializers.CharField(
        max_length=150, required=False, help_text="Username of the assigned reviewer, or `me`."
    )


class DateRangeSerializer(serializers.Serializer):
    since = serializers.DateField(required=False, help_text="Claims created on or after this day.")
    until = serializers.DateField(required=False, help_text="Claims created on or before this day.")

    def validate(self, data):
        errors = claims_csv.date_range_errors(data.get("since"), data.get("until"))
        if errors:
            raise serializers.ValidationError(errors)
        return data
