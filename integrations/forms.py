from django import forms
from django.contrib.auth import get_user_model

from annotations.exports import claims_csv
from integrations.models import Event


class TokenForm(forms.Form):
    name = forms.CharField(max_length=100, help_text="What will use the token, e.g. “CMS sync”.")
    user = forms.ModelChoiceField(queryset=get_user_model().objects.filter(is_active=True).order_by("username"), help_text="The token acts as this user.")
    write = forms.BooleanField(required=False, label="Allow changes", help_text="Read-only unless ticked.")
    expires_at = forms.DateTimeField(required=False, label="Expires", widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))


class WebhookForm(forms.Form):
    url = forms.URLField(max_length=2000, label="Endpoint URL")
    events = forms.MultipleChoiceField(choices=Event.choices, widget=forms.CheckboxSelectMultiple)
    description = forms.CharField(max_length=200, required=False)


class CsvExportForm(forms.Form):
    since = forms.DateField(required=False, label="Claims created from", widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, label="until", widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        for field, problem in claims_csv.date_range_errors(data.get("since"), data.get("until")).items():
            self.add_error(field, problem)
        return data
