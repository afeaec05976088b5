from dataclasses import dataclass

from django import forms

from annotations.models import ArticleStatus, ClaimKind, ClaimStatus, Rating
from archive.models import SavedSearch

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
SORTS = [("relevance", "Relevance"), ("newest", "Newest first"), ("oldest", "Oldest first")]
TYPES = [("", "Claims and articles"), ("claims", "Claims"), ("articles", "Articles")]


@dataclass(frozen=True)
class SearchChoices:
    """Verdicts and people offered as filters, loaded once and shared by every form that needs them."""

    ratings: list[tuple[str, str]]
    people: list[str]

    @classmethod
    def load(cls) -> "SearchChoices":
        from annotations.selectors import users_with_roles

        return cls(ratings=list(Rating.objects.values_list("slug", "label")),
                   people=list(users_with_roles().values_list("username", flat=True)))


class SearchForm(forms.Form):
    """The search page's and the search API's parameters; the same names in both."""

    q = forms.CharField(required=False, max_length=500, label="Search", strip=True)
    type = forms.ChoiceField(choices=TYPES, required=False, label="Show")
    kind = forms.ChoiceField(choices=[("", "Any kind"), *ClaimKind.choices], required=False)
    verdict = forms.ChoiceField(required=False)
    state = forms.ChoiceField(choices=[("", "Any claim state"), *ClaimStatus.choices], required=False, label="Claim state")
    status = forms.ChoiceField(choices=[("", "Any article status"), *ArticleStatus.choices], required=False, label="Article status")
    editor = forms.ChoiceField(required=False)
    reviewer = forms.ChoiceField(required=False)
    publication = forms.CharField(required=False, max_length=200)
    date_from = forms.DateField(required=False, widget=DATE, label="Published from")
    date_to = forms.DateField(required=False, widget=DATE, label="to")
    language = forms.CharField(required=False, max_length=35, help_text="A language code such as en, ru or fa.")
    sort = forms.ChoiceField(choices=SORTS, required=False)

    CLAIM_FILTERS = ("kind", "verdict", "state", "reviewer")

    def __init__(self, *args, choices: "SearchChoices | None" = None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = choices or SearchChoices.load()
        self.fields["verdict"].choices = [("", "Any verdict"), *choices.ratings]
        self.fields["editor"].choices = [("", "Any editor"), *[(u, u) for u in choices.people]]
        self.fields["reviewer"].choices = [("", "Any reviewer"), *[(u, u) for u in choices.people]]

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "Must not be before the start date.")
        if data.get("language"):
            data["language"] = data["language"].strip().lower()
        if not data.get("sort"):
            data["sort"] = "relevance" if data.get("q") else "newest"
        return data


class SavedSearchForm(forms.ModelForm):
    class Meta:
        model = SavedSearch
        fields = ["name", "query"]
        widgets = {"query": forms.HiddenInput}
