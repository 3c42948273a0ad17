"""What buyers see of a village's goods and of the households behind them."""

from django.db.models import Prefetch
from oscar.core.loading import get_model

from households.models import Household
from households.naming import anonymised_name

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")


def village_products(village):
    return (Product.objects.browsable().filter(origin_village=village)
            .select_related("product_class", "origin_village")
            .prefetch_related("images", Prefetch("stockrecords", queryset=StockRecord.objects.all()))
            .order_by("title"))


def _public_names(households):
    names = households.distinct().order_by("registry_number").values_list("head_name", flat=True)
    return list(dict.fromkeys(anonymised_name(name) for name in names))


def public_producers(product):
    """The supplying households as public pages name them: ["于某", "包某"], no duplicates."""
    return _public_names(Household.objects.filter(supply_lots__product=product))


def village_producers(village):
    """The village's supplying households as public pages name them, one query."""
    return _public_names(Household.objects.filter(village=village, supply_lots__isnull=False))
