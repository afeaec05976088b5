from django import forms
from django.utils.translation import gettext_lazy as _

from notifications.models import EmailFrequency


class PreferenceForm(forms.Form):
    email = forms.ChoiceField(label=_("Send me e-mail"), choices=EmailFrequency.choices, widget=forms.RadioSelect)


class MarkReadForm(forms.Form):
    ids = forms.TypedMultipleChoiceField(coerce=int, required=False, choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any integer is acceptable here; the service only touches the user's own notifications.
        self.fields["ids"].valid_value = lambda value: str(value).isdigit()
