from django import forms
from django.utils.translation import gettext_lazy as _
from oscar.apps.checkout import forms as oscar_forms
from oscar.apps.checkout.forms import *  # noqa: F403 (Oscar fork pattern)

from shop.checkout.payment_methods import available_methods

# A Chinese address is written province → city → district/county → street and number.
CHINESE_ADDRESS_LABELS = {
    "first_name": _("Recipient"),
    "state": _("Province"),
    "line4": _("City"),
    "line3": _("District or county"),
    "line1": _("Street, building and room"),
    "postcode": _("Postcode"),
    "phone_number": _("Mobile phone"),
    "notes": _("Delivery notes"),
}


class ShippingAddressForm(oscar_forms.ShippingAddressForm):
    class Meta(oscar_forms.ShippingAddressForm.Meta):
        fields = ["first_name", "phone_number", "state", "line4", "line3", "line1", "postcode", "country", "notes"]
        labels = CHINESE_ADDRESS_LABELS


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
