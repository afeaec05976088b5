from django import forms

from django.contrib.auth import get_user_model

from annotations.models import Article, ArticleStatus, Claim, Comment, Kind, Rating, Source


class ArticleForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        fields = ["title", "url", "publication", "published_at", "body"]
        widgets = {
            "published_at": forms.DateInput(attrs={"type": "date"}),
            "body": forms.Textarea(attrs={"rows": 18, "placeholder": "Paste the article: plain text, or HTML copied from a page."}),
        }
        labels = {"url": "URL", "published_at": "Publication date"}


class ClaimForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Claim
        fields = ["claim", "claimant", "kind", "verdict", "rationale", "correction"]
        widgets = {
            "claim": forms.Textarea(attrs={"rows": 3}),
            "rationale": forms.Textarea(attrs={"rows": 3}),
            "correction": forms.TextInput(attrs={"placeholder": "The right text, e.g. Ashgabat"}),
        }
        labels = {"claim": "Claim", "claimant": "Claimant (who said it)"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["verdict"].queryset = Rating.objects.all()
        self.fields["verdict"].empty_label = "No verdict yet"
        self.fields["kind"].choices = Kind.choices


class ClaimCreateForm(ClaimForm):
    start = forms.IntegerField(widget=forms.HiddenInput)
    end = forms.IntegerField(widget=forms.HiddenInput)
    quote = forms.CharField(widget=forms.HiddenInput, strip=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["claim"].required = False


class SourceForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Source
        fields = ["url", "title", "publisher", "excerpt", "accessed_at", "archive_url"]
        widgets = {
            "accessed_at": forms.DateInput(attrs={"type": "date"}),
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
    date_from = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}), label="Published from")
    date_to = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}), label="to")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["editor"].queryset = _people()


class QueueFilterForm(forms.Form):
    article = forms.ModelChoiceField(queryset=Article.objects.none(), required=False, empty_label="Any article")
    editor = forms.ModelChoiceField(queryset=get_user_model().objects.none(), required=False, empty_label="Any editor")
    kind = forms.ChoiceField(choices=[("", "Any kind"), *Kind.choices], required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["article"].queryset = Article.objects.filter(claims__status="submitted").distinct().order_by("title")
        self.fields["editor"].queryset = _people()
