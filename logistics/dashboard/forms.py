from django import forms
from django.utils.translation import gettext_lazy as _


class DispatchForm(forms.Form):
    tracking_number = forms.CharField(label=_("Postal tracking number"), max_length=40,
                                      error_messages={"required": _("Enter the postal tracking number.")})
