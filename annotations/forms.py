from django import forms
from django.contrib.auth import get_user_model
from django.core import validators
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from annotations import permissions
from annotations.models import Article, ArticleStatus, Claim, ClaimKind, Comment, Rating, Source


class VersionedForm(forms.ModelForm):
    """A form for a service that takes `version` (the one the user read) apart from the changes."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def changes(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


class ArticleForm(VersionedForm):
    body_format = forms.ChoiceField(
        label=_("The article text is"),
        choices=[
            ("text", _("Plain text: kept exactly as typed; each line break starts a paragraph")),
            ("html", _("HTML source: tags are removed and only the text is kept")),
        ],
        initial="text",
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_text(self, {"body": ARTICLE_BODY_LIMIT})

    def clean_body_format(self):
        return self.cleaned_data.get("body_format") or "text"

    class Meta:
        model = Article
        fields = ["title", "url", "publication", "published_at", "language", "body"]
        widgets = {
            "published_at": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
            "body": forms.Textarea(
                attrs={"rows": 18, "placeholder": _("Paste the article: plain text, or HTML copied from a page.")}
            ),
        }
        labels = {
            "title": _("Title"),
            "url": _("URL"),
            "publication": _("Publication"),
            "published_at": _("Publication date"),
            "language": _("Language"),
            "body": _("Body"),
        }
        help_texts = {"language": _("A code such as en, ru or fa; left empty, it is detected from the text.")}


class VerdictSelect(forms.Select):
    """Each rating names the claim kinds it applies to; options for other kinds are hidden (app.js keeps them in
    step with the kind menu), so the menu offers only verdicts that fit. The service checks the pair anyway."""

    kind = ClaimKind.FACTUAL

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        rating = getattr(value, "instance", None)
        if rating is not None and rating.kinds:
            option["attrs"]["data-kinds"] = " ".join(rating.kinds)
            if self.kind not in rating.kinds and not selected:
                option["attrs"] |= {"hidden": True, "disabled": True}
        return option


# Texts the model keeps without a length; the forms take what the API's serializers take (annotations/api).
TEXT_LIMITS = {"statement": 10_000, "rationale": 100_000, "correction": 10_000, "excerpt": 100_000, "text": 10_000}
ARTICLE_BODY_LIMIT = 1_000_000


def limit_text(form: forms.BaseForm, limits: dict[str, int]) -> None:
    for name, limit in limits.items():
        if name in form.fields:
            field = form.fields[name]
            field.max_length = limit
            field.validators.append(validators.MaxLengthValidator(limit))
            field.widget.attrs["maxlength"] = str(limit)


class ClaimForm(VersionedForm):
    class Meta:
        model = Claim
        fields = ["statement", "claimant", "kind", "verdict", "rationale", "correction"]
        widgets = {
            "statement": forms.Textarea(attrs={"rows": 3}),
            "rationale": forms.Textarea(attrs={"rows": 3}),
            "correction": forms.TextInput(attrs={"placeholder": _("The right text, e.g. Ashgabat")}),
        }
        labels = {
            "statement": _("Claim"),
            "claimant": _("Claimant (who said it)"),
            "kind": _("Kind"),
            "verdict": _("Verdict"),
            "rationale": _("Rationale"),
            "correction": _("Correction"),
        }
        help_texts = {
            "statement": _("What the text asserts, as the fact-check states it."),
            "claimant": _("Who said it."),
            "correction": _("The right text, where the article is simply wrong."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["verdict"].queryset = Rating.objects.all()
        self.fields["verdict"].empty_label = _("No verdict yet")
        self.fields["verdict"].label_from_instance = lambda rating: rating.display_label
        self.fields["verdict"].widget = VerdictSelect(choices=self.fields["verdict"].choices)
        self.fields["verdict"].widget.kind = (
            self.data.get("kind") or self.initial.get("kind") or self.instance.kind or ClaimKind.FACTUAL
        )
        self.fields["kind"].choices = ClaimKind.choices
        limit_text(self, TEXT_LIMITS)

    def _get_validation_exclusions(self):
        # The verdict field has just read its rating from the database; the model's check that the rating exists
        # would read it again (a query per save).
        return super()._get_validation_exclusions() | {"verdict"}


class ClaimCreateForm(ClaimForm):
    start = forms.IntegerField(widget=forms.HiddenInput)
    end = forms.IntegerField(widget=forms.HiddenInput)
    quote = forms.CharField(widget=forms.HiddenInput, strip=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["statement"].required = False


class SourceForm(VersionedForm):
    class Meta:
        model = Source
        fields = ["url", "title", "publisher", "excerpt", "accessed_at", "archive_url"]
        widgets = {
            "accessed_at": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
            "excerpt": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {
            "url": _("URL"),
            "title": _("Title"),
            "publisher": _("Publisher"),
            "excerpt": _("Quoted excerpt"),
            "accessed_at": _("Date accessed"),
            "archive_url": _("Archive URL"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_text(self, TEXT_LIMITS)


class CommentForm(forms.ModelForm):
    class Meta:
        model = Comment
        fields = ["text"]
        labels = {"text": _("Comment")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_text(self, TEXT_LIMITS)


def _people():
    from annotations.selectors import users_with_roles

    return users_with_roles()


def _reviewers():
    return (
        _people()
        .filter(Q(groups__name__in=[permissions.REVIEWER, permissions.ADMIN]) | Q(is_superuser=True))
        .distinct()
    )


class PeopleSelect(forms.Select):
    """A menu of usernames: each one is what someone typed, so it keeps its own direction (dir="auto") in a
    right-to-left interface; the interface's own choices (anyone, me, nobody, leave as it is) do not need it."""

    OWN_VALUES = ("", "me", "keep")

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if str(value) not in self.OWN_VALUES:
            option["attrs"]["dir"] = "auto"
        return option


class PersonFilter(forms.ChoiceField):
    """A person to filter by, as a username or "me" (the signed-in user); `person_id` resolves it."""

    widget = PeopleSelect

    def __init__(self, *, anyone: str, **kwargs):
        super().__init__(choices=[("", anyone), ("me", _("Me"))], required=False, **kwargs)


def person_choices(people) -> list[tuple[str, str]]:
    return [(person.username, person.username) for person in people]


def person_id(value: str, user, people) -> int | None:
    if not value:
        return None
    if value == "me":
        return user.pk
    return next((p.pk for p in people if p.username == value), None)


class ArticleFilterForm(forms.Form):
    status = forms.ChoiceField(
        choices=[("", _("Any status")), *ArticleStatus.choices], required=False, label=_("Status")
    )
    editor = forms.ModelChoiceField(
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("Any editor"),
        label=_("Editor"),
        widget=PeopleSelect,
    )
    assignee = PersonFilter(anyone=_("Any assigned editor"), label=_("Assigned editor"))
    reviewer = PersonFilter(anyone=_("Any assigned reviewer"), label=_("Assigned reviewer"))
    date_from = forms.DateField(
        required=False, widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}), label=_("Published from")
    )
    date_to = forms.DateField(
        required=False, widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}), label=_("to")
    )
    sort = forms.ChoiceField(
        choices=[
            ("", _("Newest first")),
            ("published", _("Oldest first")),
            ("-updated", _("Recently changed")),
            ("title", _("Title")),
        ],
        required=False,
        label=_("Order"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = list(_people())
        self.fields["editor"].queryset = _people()
        for name in ("assignee", "reviewer"):
            self.fields[name].choices = [*self.fields[name].choices, *person_choices(self.people)]


class AssignForm(forms.Form):
    """The article's editor and reviewer; empty means nobody."""

    assignee = forms.ModelChoiceField(
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("Nobody"),
        label=_("Editor"),
        widget=PeopleSelect,
    )
    reviewer = forms.ModelChoiceField(
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("Nobody"),
        label=_("Reviewer"),
        widget=PeopleSelect,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        people = _people()
        self.fields["assignee"].queryset = people
        self.fields["reviewer"].queryset = _reviewers()


KEEP = "keep"


class ArticleBulkForm(forms.Form):
    """Rows chosen on the article list and what to do with them."""

    ACTIONS = [
        ("assign", _("Assign selected")),
        ("csv", _("Export claims as CSV")),
        ("claimreview", _("Export ClaimReview")),
    ]
    ids = forms.TypedMultipleChoiceField(
        coerce=int, choices=(), error_messages={"required": _("Select at least one article first.")}
    )
    action = forms.ChoiceField(choices=ACTIONS)
    assignee = forms.ChoiceField(required=False, label=_("Editor"), widget=PeopleSelect)
    reviewer = forms.ChoiceField(required=False, label=_("Reviewer"), widget=PeopleSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ids"].valid_value = lambda value: str(value).isdigit()
        people = list(_people())
        reviewers = list(_reviewers())
        keep = [(KEEP, _("(leave as it is)")), ("", _("Nobody"))]
        self.fields["assignee"].choices = [*keep, *person_choices(people)]
        self.fields["reviewer"].choices = [*keep, *person_choices(reviewers)]
        self.people = {p.username: p for p in people}

    def person(self, name: str):
        """The chosen user, None for nobody, services.UNCHANGED to keep each article's own."""
        from annotations.services import UNCHANGED

        value = self.cleaned_data.get(name, KEEP)
        if value == KEEP:
            return UNCHANGED
        return self.people.get(value) if value else None


class ReviewBulkForm(forms.Form):
    """Claims chosen in the review queue, each as "id:version" (the version the reviewer saw)."""

    claims = forms.MultipleChoiceField(choices=(), error_messages={"required": _("Select at least one claim first.")})
    action = forms.ChoiceField(choices=[("approve", _("Approve selected")), ("send_back", _("Send back selected"))])
    comment = forms.CharField(required=False, max_length=10_000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["claims"].valid_value = lambda value: (
            all(part.isdigit() for part in str(value).split(":", 1)) and ":" in str(value)
        )

    def pairs(self) -> list[tuple[int, int]]:
        return [tuple(int(part) for part in value.split(":", 1)) for value in self.cleaned_data["claims"]]


class QueueFilterForm(forms.Form):
    # A number, not a menu: the archive holds far too many articles to list (the article's page links here).
    article = forms.ModelChoiceField(
        queryset=Article.objects.all(),
        required=False,
        label=_("Article no."),
        widget=forms.NumberInput(attrs={"min": 1, "class": "short"}),
    )
    editor = forms.ModelChoiceField(
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("Any editor"),
        label=_("Editor"),
        widget=PeopleSelect,
    )
    kind = forms.ChoiceField(choices=[("", _("Any kind")), *ClaimKind.choices], required=False, label=_("Kind"))
    reviewer = PersonFilter(anyone=_("Any assigned reviewer"), label=_("Assigned reviewer"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = list(_people())
        self.fields["editor"].queryset = _people()
        self.fields["reviewer"].choices = [*self.fields["reviewer"].choices, *person_choices(self.people)]
