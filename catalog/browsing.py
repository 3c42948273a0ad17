"""What buyers see of a village's goods and of the households behind them."""

import datetime
from decimal import Decimal

from django.db.models import Min, Prefetch, Sum
from django.utils import timezone
from oscar.core.loading import get_model

from catalog.allocation import fresh, lots_with_remaining
from catalog.models import SupplyLot
from households.models import Household
from households.naming import anonymised_name

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")
OrderLine = get_model("order", "Line")


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


def units_sold_recently(product_ids, *, days: int = 30, now=None) -> dict[int, int]:
    """{product pk: units ordered in the last `days` days}, cancelled orders left out; one query."""
    since = (now or timezone.now()) - datetime.timedelta(days=days)
    rows = (OrderLine.objects.filter(product_id__in=list(product_ids), order__date_placed__gte=since)
            .exclude(order__status="Cancelled")
            .values("product_id").annotate(units=Sum("quantity")).order_by())
    return {row["product_id"]: row["units"] for row in rows}


def oldest_supply_in_stock(product):
    """The supply date of the oldest lot that still has units a buyer may receive (lots are drawn
    by households' need, not by age, so any lot with units left may be the one)."""
    lots = lots_with_remaining(SupplyLot.objects.filter(fresh(on=timezone.localdate()), product=product)
                               ).filter(remaining__gt=0)
    return lots.aggregate(oldest=Min("supplied_on"))["oldest"]


def price_per_jin(price, net_weight_kg):
    """Price per 斤 (half a kilo), as Chinese markets quote goods sold by weight."""
    if price is None or not net_weight_kg:
        return None
    return (price / (net_weight_kg * 2)).quantize(Decimal("0.01"))
