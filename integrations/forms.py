from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from annotations.exports import claims_csv
from annotations.forms import PeopleSelect
from factcheck.api.models import Scope
from integrations.models import INTEGRATION_GROUP, Event

# The service's words (integrations.services imports this module's neighbours, so they are repeated here).
ERR_TOKEN_FOR_PERSON = _(
    "A token acts as its user: make it for yourself or for an integration user, never for another person."
)


# The scopes as the token form offers them, in the interface's language (the scope's name stays as the API spells it).
SCOPE_LABELS = {
    Scope.READ: _("read: everything the user may see"),
    Scope.WRITE: _("write: articles, claims, sources, comments, submitting"),
    Scope.REVIEW: _("review: approve, request changes, reopen, sign off"),
    Scope.ADMIN: _("admin: webhooks"),
}


class TokenForm(forms.Form):
    name = forms.CharField(max_length=100, label=_("Name"), help_text=_("What will use the token, e.g. “CMS sync”."))
    user = forms.ModelChoiceField(
        queryset=get_user_model().objects.none(),
        widget=PeopleSelect,
        error_messages={"invalid_choice": ERR_TOKEN_FOR_PERSON},
        label=_("User"),
        help_text=_(
            "The token acts as this user: yourself, or an integration user (manage.py create_integration_user)."
        ),
    )
    scopes = forms.MultipleChoiceField(
        choices=[(scope.value, SCOPE_LABELS[scope]) for scope in Scope],
        initial=[Scope.READ],
        widget=forms.CheckboxSelectMultiple,
        label=_("Scopes"),
    )
    expires_at = forms.DateTimeField(
        required=False,
        label=_("Expires"),
        help_text=_("A year from now if left empty."),
        widget=forms.DateTimeInput(format="%Y-%m-%dT%H:%M", attrs={"type": "datetime-local"}),
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        # Offered: the admin and the integration users; the service refuses anyone else whatever is posted.
        users = get_user_model().objects.filter(is_active=True)
        self.fields["user"].queryset = (
            users.filter(Q(pk=actor.pk) | Q(groups__name=INTEGRATION_GROUP)).distinct().order_by("username")
        )
        self.fields["user"].initial = actor.pk


class WebhookForm(forms.Form):
    url = forms.URLField(max_length=2000, label=_("Endpoint URL"))
    events = forms.MultipleChoiceField(choices=Event.choices, widget=forms.CheckboxSelectMultiple, label=_("Events"))
    description = forms.CharField(max_length=200, required=False, label=_("Description"))


class CsvExportForm(forms.Form):
    since = forms.DateField(
        required=False,
        label=_("Claims created from"),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    until = forms.DateField(
        required=False, label=_("until"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        for field, problem in claims_csv.date_range_errors(data.get("since"), data.get("until")).items():
            self.add_error(field, problem)
        return data
