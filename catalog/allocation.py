"""Which households' lots an order line's units come from, decided when the line ships.

Poverty-priority allocation: the household with the lowest per-person income this year is
served first, its oldest lot first; among equals the older lot wins.
"""

from decimal import Decimal

from django.db import transaction
from django.db.models import ExpressionWrapper, F, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from catalog.models import LotAllocation, SupplyLot
from core.money import MONEY
from households.models import IncomeEntry


def lots_with_remaining(queryset):
    allocated = (LotAllocation.objects.filter(lot=OuterRef("pk")).values("lot")
                 .annotate(s=Sum("quantity")).values("s"))
    return queryset.annotate(
        remaining=F("quantity") - Coalesce(Subquery(allocated, output_field=IntegerField()), Value(0)))


def allocation_order(queryset, year):
    income = (IncomeEntry.objects.filter(household=OuterRef("household"), date__year=year)
              .values("household").annotate(s=Sum("amount")).values("s"))
    return queryset.annotate(
        household_income_per_person=ExpressionWrapper(
            Coalesce(Subquery(income, output_field=MONEY), Value(Decimal("0")), output_field=MONEY)
            / Cast("household__members", MONEY), output_field=MONEY),
    ).order_by("household_income_per_person", "supplied_on", "pk")


@transaction.atomic
def allocate_line(line, *, on=None):
    """Allocate the line's units not yet allocated; returns the units left without a lot.

    Units left over came from stock that no household lot covers (e.g. a stock count made by
    hand); they earn no household income.
    """
    on = on or timezone.localdate()
    already = line.lot_allocations.aggregate(s=Coalesce(Sum("quantity"), 0))["s"]
    needed = line.quantity - already
    if needed <= 0 or line.stockrecord_id is None:
        return 0
    # Lock the lots (not the joined household rows) so two shipments cannot take the same unit.
    lots = lots_with_remaining(
        SupplyLot.objects.select_for_update(of=("self",)).filter(stockrecord_id=line.stockrecord_id))
    for lot in allocation_order(lots, on.year):
        if needed <= 0:
            break
        if lot.remaining <= 0:
            continue
        take = min(lot.remaining, needed)
        LotAllocation.objects.create(lot=lot, order_line=line, quantity=take)
        needed -= take
    return needed
