from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from oscar.apps.checkout import forms as oscar_forms
from oscar.apps.checkout.forms import *  # noqa: F403 (Oscar fork pattern)

from core.phones import normalise_mainland_mobile
from shop.address.forms import ADDRESS_FIELDS, CHINESE_ADDRESS_LABELS, ChineseAddressMixin
from shop.checkout.payment_methods import available_methods
from shop.order import guest


class ShippingAddressForm(ChineseAddressMixin, oscar_forms.ShippingAddressForm):
    class Meta(oscar_forms.ShippingAddressForm.Meta):
        fields = ADDRESS_FIELDS
        labels = CHINESE_ADDRESS_LABELS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_divisions()

    def clean(self):
        return self.clean_chinese_address(super().clean())


class GuestCheckoutForm(forms.Form):
    """A guest gives a mobile number (and an e-mail address only if they want the confirmation by mail)."""

    mobile = forms.CharField(label=_("Mobile number"), max_length=20,
                             widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
                             error_messages={"required": _("Enter your mobile number.")})
    email = forms.EmailField(label=_("E-mail (optional, for the confirmation)"), required=False)
    code = forms.CharField(label=_("Code from the text message"), max_length=8, required=False,
                           widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}))

    def clean_mobile(self):
        mobile = normalise_mainland_mobile(self.cleaned_data["mobile"])
        if refusal := guest.too_many_open_orders(mobile):
            raise ValidationError(refusal, code="too_many_open")
        return mobile


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
