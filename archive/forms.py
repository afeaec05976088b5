from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from annotations.forms import PeopleSelect
from annotations.models import RATING_LABELS, ArticleStatus, ClaimKind, ClaimStatus, Rating
from archive.models import SavedSearch

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
SORTS = [("relevance", _("Relevance")), ("newest", _("Newest first")), ("oldest", _("Oldest first"))]
TYPES = [("", _("Claims and articles")), ("claims", _("Claims")), ("articles", _("Articles"))]


def rating_label(label: str) -> str:
    return str(RATING_LABELS.get(label, label))


@dataclass(frozen=True)
class SearchChoices:
    """Verdicts and people offered as filters, loaded once and shared by every form that needs them."""

    ratings: list[tuple[str, str]]
    people: list[str]
    ids: dict[str, int]

    @classmethod
    def load(cls) -> "SearchChoices":
        from annotations.selectors import users_with_roles

        people = list(users_with_roles().values_list("username", "id"))
        return cls(
            ratings=list(Rating.objects.values_list("slug", "label")),
            people=[username for username, _ in people],
            ids=dict(people),
        )


class SearchForm(forms.Form):
    """The search page's and the search API's parameters; the same names in both."""

    q = forms.CharField(required=False, max_length=500, label=_("Search"), strip=True)
    type = forms.ChoiceField(choices=TYPES, required=False, label=_("Show"))
    kind = forms.ChoiceField(choices=[("", _("Any kind")), *ClaimKind.choices], required=False, label=_("Kind"))
    verdict = forms.ChoiceField(required=False, label=_("Verdict"))
    state = forms.ChoiceField(
        choices=[("", _("Any claim state")), *ClaimStatus.choices], required=False, label=_("Claim state")
    )
    status = forms.ChoiceField(
        choices=[("", _("Any article status")), *ArticleStatus.choices], required=False, label=_("Article status")
    )
    editor = forms.ChoiceField(required=False, label=_("Editor"), widget=PeopleSelect)
    reviewer = forms.ChoiceField(required=False, label=_("Reviewer"), widget=PeopleSelect)
    # The live page of a cited source changed or vanished since it was cited (the evidence plug-in watches them).
    source = forms.ChoiceField(
        choices=[("", _("Any source")), ("changed", _("Source changed"))], required=False, label=_("Sources")
    )
    publication = forms.CharField(required=False, max_length=200, label=_("Publication"))
    date_from = forms.DateField(required=False, widget=DATE, label=_("Published from"))
    date_to = forms.DateField(required=False, widget=DATE, label=_("to"))
    language = forms.CharField(
        required=False, max_length=35, label=_("Language"), help_text=_("A language code such as en, ru or fa.")
    )
    sort = forms.ChoiceField(choices=SORTS, required=False, label=_("Sort"))

    CLAIM_FILTERS = ("kind", "verdict", "state", "reviewer", "source")

    def __init__(self, *args, choices: "SearchChoices | None" = None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = choices or SearchChoices.load()
        self.user_ids = choices.ids
        self.fields["verdict"].choices = [
            ("", _("Any verdict")),
            *[(slug, rating_label(label)) for slug, label in choices.ratings],
        ]
        self.fields["editor"].choices = [("", _("Any editor")), *[(u, u) for u in choices.people]]
        self.fields["reviewer"].choices = [("", _("Any reviewer")), *[(u, u) for u in choices.people]]

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("Must not be before the start date."))
        # The people as ids: a filter on a given user id lets PostgreSQL pick the index when that user has few
        # claims (by name it can only guess, and guessed a scan of every claim).
        for name in ("editor", "reviewer"):
            if data.get(name):
                data[f"{name}_id"] = self.user_ids.get(data[name])
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
