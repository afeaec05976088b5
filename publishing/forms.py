from django import forms
from django.utils.translation import gettext_lazy as _


class DestinationForm(forms.Form):
    url = forms.URLField(label=_("Address of the post"), max_length=2000, assume_scheme="https")
    label = forms.CharField(label=_("Where (optional)"), max_length=200, required=False)
