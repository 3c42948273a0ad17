"""The dashboard's product forms, with what a village product needs.

A product's origin village is the village of the sales point that lists it, and a village
coordinator's stock only rises through recorded supply lots (so every unit has a household).
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from oscar.apps.dashboard.catalogue import forms as oscar_forms
from oscar.apps.dashboard.catalogue.forms import *  # noqa: F403 (Oscar fork pattern)
from oscar.core.loading import get_model
from treebeard.forms import movenodeform_factory

from catalog.pricing import check_shop_price
from core.uploads import DocumentUploadFormField, ImageUploadFormField


def _attr_image_field(attribute):
    # Image attributes go through the same size, pixel and type check as product images.
    return ImageUploadFormField(label=attribute.name, required=attribute.required)


def _attr_file_field(attribute):
    # File attributes take a PDF or a photo only, decided by content: an .html, .js or .svg served
    # from the shop's origin could run as the shop.
    return DocumentUploadFormField(label=attribute.name, required=attribute.required)


class ProductForm(oscar_forms.ProductForm):
    FIELD_FACTORIES = {**oscar_forms.ProductForm.FIELD_FACTORIES, "image": _attr_image_field,
                       "file": _attr_file_field}

    class Meta(oscar_forms.ProductForm.Meta):
        fields = oscar_forms.ProductForm.Meta.fields + ["net_weight_kg", "shelf_life_days", "cold_chain",
                                                        "title_en", "description_en"]


class ProductClassForm(oscar_forms.ProductClassForm):
    class Meta(oscar_forms.ProductClassForm.Meta):
        # Every village good is counted (stock comes only from households' lots) and goes by post:
        # a kind of goods that stopped tracking stock sold units no household had brought.
        fields = [field for field in oscar_forms.ProductClassForm.Meta.fields
                  if field not in ("track_stock", "requires_shipping")] + ["lot_confirm_above", "lot_max_quantity"]


class StockRecordForm(oscar_forms.StockRecordForm):
    def __init__(self, product_class, user, *args, **kwargs):
        super().__init__(product_class, user, *args, **kwargs)
        if not user.is_staff:
            # Coordinators add stock by recording supply lots, not by typing a number.
            self.fields.pop("num_in_stock", None)

    def clean_price(self):
        price = self.cleaned_data.get("price")
        check_shop_price(price, stockrecord=self.instance)
        return price

    def clean_partner(self):
        partner = self.cleaned_data["partner"]
        product = self.instance.product if self.instance.product_id else None
        origin = product.origin_village if product else None
        if origin and partner.village_id and partner.village_id != origin.pk:
            raise forms.ValidationError(
                _("This product comes from %(village)s; list it at that village's sales point.")
                % {"village": origin.name})
        return partner

    def save(self, commit=True):
        stockrecord = super().save(commit=commit)
        product = stockrecord.product
        if commit and product.origin_village_id is None and stockrecord.partner.village_id:
            product.origin_village_id = stockrecord.partner.village_id
            product.save(update_fields=["origin_village"])
        return stockrecord


BaseCategoryForm = movenodeform_factory(
    get_model("catalogue", "Category"),
    fields=["name", "name_en", "slug", "description", "image", "is_public", "exclude_from_menu", "meta_title",
            "meta_description"],
    exclude=["ancestors_are_public"],
    widgets={"meta_description": forms.Textarea(attrs={"class": "no-widget-init"})},
)


class CategoryForm(oscar_forms.SEOFormMixin, BaseCategoryForm):
    """Oscar's category form with the category's English name (the chips of the English pages)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _("Leave blank to generate from category name")
