"""Oscar's dashboard catalogue formsets, with a ceiling on how many forms a request may claim.

Django builds as many forms as a post's TOTAL_FORMS says, up to max_num + 1000: a tampered
product form (which a village coordinator can post) made 2000 forms per formset and took
half a minute. Here no formset takes more than MAX_FORMS forms; a post claiming more is
refused with Django's "Please submit at most … forms". A stock record holding households' lots
is not deleted. (Loaded with
get_class("dashboard.catalogue.formsets", ...); the rest comes from Oscar unchanged.)
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from oscar.apps.dashboard.catalogue import formsets as oscar_formsets
from oscar.apps.dashboard.catalogue.formsets import *  # noqa: F403 (Oscar fork pattern)

from catalog.models import SupplyLot

MAX_FORMS = 50


class Capped:
    max_num = MAX_FORMS
    absolute_max = MAX_FORMS


class StockRecordFormSet(Capped, oscar_formsets.StockRecordFormSet):
    def clean(self):
        super().clean()
        # A sales point's stock record holds the households' lots: deleting it would orphan them
        # (the database refuses, which was a 500 page after the product's own changes were saved).
        kept = [form.instance for form in self.deleted_forms
                if form.instance.pk and SupplyLot.objects.filter(stockrecord=form.instance).exists()]
        if kept:
            raise ValidationError(
                _("%(partner)s's stock of this product came from households' supply lots: it cannot be deleted. "
                  "To stop selling, untick “Is public” or set the stock to none.")
                % {"partner": kept[0].partner.name}, code="stockrecord_has_lots")


class ProductCategoryFormSet(Capped, oscar_formsets.ProductCategoryFormSet):
    pass


class ProductImageFormSet(Capped, oscar_formsets.ProductImageFormSet):
    pass


class ProductRecommendationFormSet(Capped, oscar_formsets.ProductRecommendationFormSet):
    pass


class ProductAttributesFormSet(Capped, oscar_formsets.ProductAttributesFormSet):
    pass


class AttributeOptionFormSet(Capped, oscar_formsets.AttributeOptionFormSet):
    pass
