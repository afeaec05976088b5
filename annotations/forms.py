from django import forms
from django.contrib.auth import get_user_model

from annotations.models import Article, ArticleStatus, Claim, ClaimKind, Comment, Rating, Source


class VersionedForm(forms.ModelForm):
    """A form for a service that takes `version` (the one the user read) apart from the changes."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    def changes(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


class ArticleForm(VersionedForm):
    body_format = forms.ChoiceField(
        label="The article text is",
        choices=[
            ("text", "Plain text: kept exactly as typed; each line break starts a paragraph"),
            ("html", "HTML source: tags are removed and only the text is kept"),
        ],
        initial="text",
        required=False,
        widget=forms.RadioSelect,
    )

    def clean_body_format(self):
        return self.cleaned_data.get("body_format") or "text"

    class Meta:
        model = Article
        fields = ["title", "url", "publication", "published_at", "language", "body"]
        widgets = {
            "published_at": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
            "body": forms.Textarea(attrs={"rows": 18, "placeholder": "Paste the article: plain text, or HTML copied from a page."}),
        }
        labels = {"url": "URL", "published_at": "Publication date", "language": "Language"}
        help_texts = {"language": "A code such as en, ru or fa; left empty, it is detected from the text."}


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


class ClaimForm(VersionedForm):
    class Meta:
        model = Claim
        fields = ["statement", "claimant", "kind", "verdict", "rationale", "correction"]
        widgets = {
            "statement": forms.Textarea(attrs={"rows": 3}),
            "rationale": forms.Textarea(attrs={"rows": 3}),
            "correction": forms.TextInput(attrs={"placeholder": "The right text, e.g. Ashgabat"}),
        }
        labels = {"statement": "Claim", "claimant": "Claimant (who said it)"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["verdict"].queryset = Rating.objects.all()
        self.fields["verdict"].empty_label = "No verdict yet"
        self.fields["verdict"].widget = VerdictSelect(choices=self.fields["verdict"].choices)
        self.fields["verdict"].widget.kind = self.data.get("kind") or self.initial.get("kind") or self.instance.kind or ClaimKind.FACTUAL
        self.fields["kind"].choices = ClaimKind.choices


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
        labels = {"url": "URL"}


class CommentForm(forms.ModelForm):
    class Meta:
        model = Comment
        fields = ["text"]


def _people():
    from annotations.selectors import users_with_roles

    return users_with_roles()


class ArticleFilterForm(forms.Form):
    status = forms.ChoiceField(choices=[("", "Any status"), *ArticleStatus.choices], required=False)
    editor = forms.ModelChoiceField(queryset=get_user_model().objects.none(), required=False, empty_label="Any editor")
    date_from = forms.DateField(required=False, widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}), label="Published from")
    date_to = forms.DateField(required=False, widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}), label="to")
    sort = forms.ChoiceField(
        choices=[("", "Newest first"), ("published", "Oldest first"), ("-updated", "Recently changed"), ("title", "Title")],
        required=False, label="Order",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["editor"].queryset = _people()


class QueueFilterForm(forms.Form):
    # A number, not a menu: the archive holds far too many articles to list (the article's page links here).
    article = forms.ModelChoiceField(
        queryset=Article.objects.all(), required=False, label="Article no.", widget=forms.NumberInput(attrs={"min": 1, "class": "short"}),
    )
    editor = forms.ModelChoiceField(queryset=get_user_model().objects.none(), required=False, empty_label="Any editor")
    kind = forms.ChoiceField(choices=[("", "Any kind"), *ClaimKind.choices], required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["editor"].queryset = _people()
