"""What the village station books: supply lots and new products, each once however often the phone
sends it (its key), by the same rules as the dashboard's forms (catalog.supply, the image checks)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from catalog.pricing import check_shop_price
from catalog.supply import record_supply
from catalog.supply_forms import SupplyLotForm
from core.uploads import validate_image_upload, without_metadata
from station.access import StationScope
from station.models import Submission

Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")
SupplyLot = get_model("catalogue", "SupplyLot")


@dataclass
class Booked:
    object: object
    replayed: bool  # sent before: nothing was booked again


class KeyField(forms.UUIDField):
    default_error_messages = {"invalid": _("The record's key is not one the station app makes.")}


def _replay(key, user, kind, model):
    done = Submission.objects.filter(key=key).first()
    if done is None:
        return None
    if done.submitted_by_id != user.pk or done.kind != kind:
        raise ValidationError({"key": [_("This record's key was used for another record.")]})
    return Booked(object=model.objects.get(pk=done.object_id), replayed=True)


def _book(key, user, kind, model, make) -> Booked:
    """make() and the submission in one transaction; a second sender of the same key waits on the
    key's unique index, then finds the first one's record."""
    try:
        with transaction.atomic():
            made = make()
            Submission.objects.create(key=key, kind=kind, object_id=made.pk, submitted_by=user)
        return Booked(object=made, replayed=False)
    except IntegrityError:
        replayed = _replay(key, user, kind, model)
        if replayed is None:
            raise
        return replayed


class StationLotForm(SupplyLotForm):
    """The dashboard's supply lot form (every rule of catalog.supply, all errors at once) with the
    phone's key."""

    key = KeyField(label=_("key"), required=True)

    def save(self):
        fields = {name: value for name, value in self.cleaned_data.items() if name != "key"}
        return record_supply(recorded_by=self.user, **fields)


def book_lot(form: StationLotForm) -> Booked:
    """Book a valid StationLotForm once (checks its key before anything)."""
    key, user = form.cleaned_data["key"], form.user
    return _replay(key, user, Submission.Kind.SUPPLY_LOT, SupplyLot) or _book(
        key, user, Submission.Kind.SUPPLY_LOT, SupplyLot, form.save)


def replayed_lot(data, user) -> Booked | None:
    """A lot the phone sends again is answered before its fields are checked again (the rules may
    refuse now what they took then: a price changed, stock sold)."""
    try:
        key = uuid.UUID(str(data.get("key", "")))
    except ValueError:
        return None
    return _replay(key, user, Submission.Kind.SUPPLY_LOT, SupplyLot)


class StationProductForm(forms.Form):
    """A village product listed from the station's phone: photo from the camera (shrunk on the
    phone, checked again here like every upload), title, price, net weight, shelf life, cold chain."""

    key = KeyField(label=_("key"))
    title = forms.CharField(label=_("Title"), max_length=120)
    product_class = forms.ModelChoiceField(label=_("Kind of goods"), queryset=ProductClass.objects.order_by("name"),
                                           error_messages={"invalid_choice": _("Choose a kind of goods.")})
    price = forms.CharField(label=_("Price (¥)"), max_length=12, widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    net_weight_kg = forms.DecimalField(label=_("Net weight (kg)"), min_value=Decimal("0.001"),
                                       max_value=Decimal("1000"), max_digits=7, decimal_places=3)
    shelf_life_days = forms.IntegerField(label=_("Shelf life (days)"), min_value=1, max_value=3650, required=False,
                                         help_text=_("Leave empty for goods that keep."))
    cold_chain = forms.BooleanField(label=_("Needs the cold chain"), required=False)
    photo = forms.ImageField(label=_("Photo"))

    def __init__(self, *args, scope: StationScope, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope, self.user = scope, user

    def clean_price(self):
        text = self.cleaned_data["price"].strip()
        try:
            price = Decimal(text)
        except InvalidOperation:
            price = None
        if price is None or not price.is_finite() or price.as_tuple().exponent < -2 or "e" in text.lower():
            raise ValidationError(_("Enter the price as a plain number of yuan, e.g. 68.50."))
        check_shop_price(price)
        return price

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not title:
            raise ValidationError(_("Give the goods a title."))
        return title

    def clean_photo(self):
        photo = self.cleaned_data["photo"]
        validate_image_upload(photo)  # 10 MB, 40 megapixels, JPEG/PNG/WebP by content
        return photo

    def save(self) -> Product:
        data = self.cleaned_data
        product = Product.objects.create(
            title=data["title"], product_class=data["product_class"], origin_village=self.scope.village,
            net_weight_kg=data["net_weight_kg"], shelf_life_days=data["shelf_life_days"],
            cold_chain=data["cold_chain"], is_public=True)
        StockRecord.objects.create(product=product, partner=self.scope.sales_point, price=data["price"],
                                   price_currency="CNY", num_in_stock=0,
                                   partner_sku=f"{self.scope.village.code or self.scope.village.pk}-{product.pk}")
        image = ProductImage(product=product, display_order=0, caption=data["title"])
        # The phone's position (EXIF GPS) leaves with the rest of the metadata.
        image.original.save(f"station-{product.pk}.jpg", without_metadata(data["photo"]), save=True)
        return product


def book_product(form: StationProductForm) -> Booked:
    key, user = form.cleaned_data["key"], form.user
    return _replay(key, user, Submission.Kind.PRODUCT, Product) or _book(
        key, user, Submission.Kind.PRODUCT, Product, form.save)


def replayed_product(data, user) -> Booked | None:
    try:
        key = uuid.UUID(str(data.get("key", "")))
    except ValueError:
        return None
    return _replay(key, user, Submission.Kind.PRODUCT, Product)
