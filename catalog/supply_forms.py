from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from catalog.supply import check_supply, coordinated_villages, record_supply
from households.models import Household

Product = get_model("catalogue", "Product")


class HouseholdChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        # The coordinator's own village: the full name is in scope here.
        return f"{obj.head_name}（{obj.registry_number}）"


class SupplyLotForm(forms.Form):
    """Shows every broken rule of catalog.supply at once; the rules themselves live there."""

    household = HouseholdChoiceField(label=_("Household"), queryset=Household.objects.none(), error_messages={
        "invalid_choice": _("Choose a household of a village you coordinate.")})
    product = forms.ModelChoiceField(label=_("Product"), queryset=Product.objects.none(), error_messages={
        "invalid_choice": _("Choose a product of a village you coordinate.")})
    quantity = forms.IntegerField(label=_("Quantity"), error_messages={
        "invalid": _("Enter a whole number of units.")})
    # Text, not DecimalField: catalog.supply refuses 1e5, NaN and more than 2 decimals with its own words.
    unit_price = forms.CharField(label=_("Unit price paid to the household (¥)"), max_length=32,
                                 widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    supplied_on = forms.DateField(label=_("Supplied on"), initial=timezone.localdate,
                                  widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    # Shown only when the quantity is above the product class's confirming limit.
    confirm_large = forms.BooleanField(label=_("Yes, this lot really is that large"), required=False)
    # Shown only when the same lot was recorded a moment ago (catalog.supply.REPEAT_WINDOW).
    confirm_repeat = forms.BooleanField(label=_("Yes, the household brought this lot again"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        villages = coordinated_villages(user)
        self.fields["household"].queryset = Household.objects.filter(village__in=villages).select_related("village")
        self.fields["product"].queryset = (Product.objects.filter(origin_village__in=villages)
                                           .select_related("product_class").order_by("title"))
        self.needs_confirmation = bool(self.data.get(self.add_prefix("confirm_large")))
        self.needs_repeat_confirmation = bool(self.data.get(self.add_prefix("confirm_repeat")))

    def clean(self):
        data = super().clean()
        _values, errors = check_supply(
            recorded_by=self.user, household=data.get("household"), product=data.get("product"),
            quantity=data.get("quantity"), unit_price=data.get("unit_price"),
            supplied_on=data.get("supplied_on"), confirm_large=data.get("confirm_large", False),
            confirm_repeat=data.get("confirm_repeat", False))
        for field, field_errors in errors.items():
            if any(e.code == "confirm_large" for e in field_errors):
                self.needs_confirmation = True
            if any(e.code == "confirm_repeat" for e in field_errors):
                self.needs_repeat_confirmation = True
            self.add_error(None if field == NON_FIELD_ERRORS else field, field_errors)
        return data

    def visible_fields_needed(self):
        return [f for f in self.visible_fields() if (f.name != "confirm_large" or self.needs_confirmation)
                and (f.name != "confirm_repeat" or self.needs_repeat_confirmation)]

    def save(self):
        """Record the lot (catalog.supply checks every rule again as it writes)."""
        return record_supply(recorded_by=self.user, **self.cleaned_data)
