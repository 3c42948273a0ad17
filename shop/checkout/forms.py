from django import forms
from django.utils.translation import gettext_lazy as _
from oscar.apps.checkout.forms import *  # noqa: F403 (Oscar fork pattern)

from shop.checkout.payment_methods import available_methods


class PaymentMethodForm(forms.Form):
    method = forms.ChoiceField(
        label=_("How will you pay?"), widget=forms.RadioSelect,
        error_messages={"required": _("Choose how you will pay."),
                        "invalid_choice": _("Choose one of the payment methods shown.")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = available_methods()
        self.fields["method"].choices = choices
        if len(choices) == 1:
            self.fields["method"].initial = choices[0][0]
