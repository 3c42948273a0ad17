from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from catalog.supply import coordinated_villages, record_supply
from households.models import Household

Product = get_model("catalogue", "Product")


class HouseholdChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        # The coordinator's own village: the full name is in scope here.
        return f"{obj.head_name}（{obj.registry_number}）"


class SupplyLotForm(forms.Form):
    household = HouseholdChoiceField(label=_("Household"), queryset=Household.objects.none(), error_messages={
        "invalid_choice": _("Choose a household of a village you coordinate.")})
    product = forms.ModelChoiceField(label=_("Product"), queryset=Product.objects.none(), error_messages={
        "invalid_choice": _("Choose a product of a village you coordinate.")})
    quantity = forms.IntegerField(label=_("Quantity"), error_messages={
        "invalid": _("Enter a whole number of units.")})
    unit_price = forms.DecimalField(label=_("Unit price paid to the household (¥)"), max_digits=10,
                                    decimal_places=2)
    supplied_on = forms.DateField(label=_("Supplied on"), initial=timezone.localdate,
                                  widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        villages = coordinated_villages(user)
        self.fields["household"].queryset = Household.objects.filter(village__in=villages).select_related("village")
        self.fields["product"].queryset = Product.objects.filter(origin_village__in=villages).order_by("title")

    def clean_supplied_on(self):
        supplied_on = self.cleaned_data["supplied_on"]
        if supplied_on > timezone.localdate():
            raise ValidationError(_("The supply date cannot be in the future."))
        return supplied_on

    def save(self):
        """Record the lot; the rules (quantity, price, village, scope) live in catalog.supply."""
        return record_supply(recorded_by=self.user, **self.cleaned_data)
