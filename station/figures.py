"""The station's own figures: stock per product with low-stock warnings, the supply of the last
seven days, and the village's sales this month per product and per household (sums in SQL)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, F, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from oscar.core.loading import get_model

from catalog.allocation import lots_with_remaining
from core.money import MONEY
from households.models import Household, IncomeEntry, IncomeSource
from station.access import StationScope

Line = get_model("order", "Line")
Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")
SupplyLot = get_model("catalogue", "SupplyLot")


@dataclass
class StockRow:
    product: object
    price: Decimal
    in_stock: int

    @property
    def low(self) -> bool:
        return self.in_stock <= settings.STATION_LOW_STOCK_UNITS


def stock(scope: StationScope) -> list[StockRow]:
    """Each of the village's goods with what is left to sell (stock less what orders hold)."""
    records = (StockRecord.objects.filter(partner=scope.sales_point).select_related("product")
               .annotate(left=Coalesce(F("num_in_stock"), 0) - Coalesce(F("num_allocated"), 0))
               .order_by("product__title"))
    return [StockRow(product=r.product, price=r.price, in_stock=max(r.left, 0)) for r in records]


def supply_this_week(scope: StationScope, *, today: datetime.date | None = None):
    today = today or timezone.localdate()
    return (lots_with_remaining(SupplyLot.objects.filter(household__village=scope.village,
                                                         supplied_on__gt=today - datetime.timedelta(days=7)))
            .select_related("household", "product").order_by("-supplied_on", "-pk"))


def month_start(today: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(today.replace(day=1), datetime.time(), tzinfo=timezone.get_current_timezone())


def sales_by_product(scope: StationScope, *, today: datetime.date | None = None):
    """Units and takings of the village's goods in orders placed this month (cancelled ones not)."""
    today = today or timezone.localdate()
    return (Line.objects.filter(stockrecord__partner=scope.sales_point, order__date_placed__gte=month_start(today))
            .exclude(order__status="Cancelled")
            .values("product_id", "title").annotate(units=Sum("quantity"), takings=Sum("line_price_incl_tax"),
                                                    orders=Count("order_id", distinct=True))
            .order_by("-takings", "title"))


def income_by_household(scope: StationScope, *, today: datetime.date | None = None):
    """What each of the village's households earned from online sales this month (the ledger)."""
    today = today or timezone.localdate()
    earned = Coalesce(Sum("income_entries__amount", filter=_this_month_sales(today)), Value(Decimal("0")),
                      output_field=MONEY)
    return (Household.objects.filter(village=scope.village).annotate(earned=earned)
            .filter(earned__gt=0).order_by("-earned", "registry_number"))


def _this_month_sales(today):
    from django.db.models import Q

    return Q(income_entries__source=IncomeSource.ECOMMERCE, income_entries__date__gte=today.replace(day=1),
             income_entries__date__lte=today)


__all__ = ["IncomeEntry", "income_by_household", "sales_by_product", "stock", "supply_this_week"]
