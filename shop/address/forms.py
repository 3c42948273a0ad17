"""The address forms of the buyer's address book, written as a Chinese address is: province → city
→ district/county chosen from the national list (GB/T 2260, core.divisions), then street and
number, and a mainland mobile for the post's text message. The checkout's and the dashboard's
address forms use the same rules (ChineseAddressMixin)."""

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from oscar.apps.address import forms as oscar_forms
from oscar.apps.address.forms import *  # noqa: F403 (Oscar fork pattern)
from oscar.core.loading import get_model

from core import divisions
from core.phones import normalise_mainland_mobile

Country = get_model("address", "Country")
ADDRESS_FIELDS = ["first_name", "phone_number", "state", "line4", "line3", "line1", "postcode", "country", "notes"]
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


class DivisionsMixin:
    """Province → city → county chosen from GB/T 2260 (core.divisions) instead of typed.

    The selects carry codes (names repeat across provinces); the address keeps the names. Without
    JavaScript a buyer picks the province, presses "next" and gets the cities (and so on): the
    choices offered are always those under the division chosen above, so a bound form never
    accepts a city of another province. static/shop/address.js refills them as the buyer picks.
    """

    division_fields = (("state", ""), ("line4", "state"), ("line3", "line4"))

    def setup_divisions(self):
        data = self.data if self.is_bound else {}
        chosen = {}
        for name, parent_field in self.division_fields:
            parent = chosen.get(parent_field, "") if parent_field else ""
            options = divisions.children(parent) if (parent or not parent_field) else []
            value = data.get(self.add_prefix(name)) if self.is_bound else None
            if value is None:  # an address being edited keeps names: find their codes
                found = divisions.find(self.initial.get(name) or getattr(self.instance, name, "") or "",
                                       parent=parent)
                value = found.code if found else ""
                self.initial[name] = value
            chosen[name] = value if any(d.code == value for d in options) else ""
            field = forms.ChoiceField(
                label=self.fields[name].label, required=name != "line3" or bool(options),
                choices=[("", _("Choose…"))] + [(d.code, d.name) for d in options],
                error_messages={"required": _("Choose one from the list."),
                                "invalid_choice": _("Choose one from the list.")})
            field.widget.attrs.update({"data-divisions": self.add_prefix(parent_field) if parent_field else "",
                                       "data-url": reverse("divisions")})
            self.fields[name] = field

    def clean_divisions(self, cleaned_data):
        for name, _parent in self.division_fields:
            code = cleaned_data.get(name)
            if code:
                cleaned_data[name] = divisions.get(code).name
        return cleaned_data


class ChineseAddressMixin(DivisionsMixin):
    def clean_chinese_address(self, cleaned_data):
        cleaned_data = self.clean_divisions(cleaned_data)
        # China Post texts the recipient before delivery: a mainland mobile, not a landline.
        number = cleaned_data.get("phone_number")
        if number and "phone_number" not in self.errors:
            try:
                normalise_mainland_mobile(f"+{number.country_code}{number.national_number}")
            except (ValidationError, AttributeError) as exc:
                self.add_error("phone_number", getattr(exc, "messages", [_("Enter a mobile number.")])[0])
        return cleaned_data


class UserAddressForm(ChineseAddressMixin, oscar_forms.UserAddressForm):
    class Meta(oscar_forms.UserAddressForm.Meta):
        fields = ADDRESS_FIELDS
        labels = CHINESE_ADDRESS_LABELS

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.setup_divisions()
        # As the checkout's form: the countries the shop ships to, no choice when it is one (中国).
        countries = Country._default_manager.filter(is_shipping_country=True)
        if len(countries) == 1:
            self.fields.pop("country", None)
            self.instance.country = countries[0]
        else:
            self.fields["country"].queryset = countries

    def clean(self):
        return self.clean_chinese_address(super().clean())
