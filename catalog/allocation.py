"""Which households' lots an order line's units come from, decided when the line ships.

Poverty-priority allocation: the household with the lowest per-person income this year is
served first, its oldest lot first; among equals the older lot wins. Two rules of freshness come
before it: a lot past its shelf life (from its `expires_on`) is never allocated (catalog.expiry
writes it off), and a lot that would spoil before the next bus goes first, so that no lot spoils
on the shelf that this order could have used.
"""

import datetime

from django.db import transaction
from django.db.models import F, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from catalog.models import LotAllocation, LotWriteOff, SupplyLot
from households.ledger import per_person, year_income


def lots_with_remaining(queryset):
    """The lots with `remaining`: units neither allocated to an order line nor written off."""
    allocated = (LotAllocation.objects.filter(lot=OuterRef("pk")).values("lot")
                 .annotate(s=Sum("quantity")).values("s"))
    written_off = (LotWriteOff.objects.filter(lot=OuterRef("pk")).values("lot")
                   .annotate(s=Sum("quantity")).values("s"))
    return queryset.annotate(
        remaining=F("quantity") - Coalesce(Subquery(allocated, output_field=IntegerField()), Value(0))
        - Coalesce(Subquery(written_off, output_field=IntegerField()), Value(0)))


def fresh(*, on: datetime.date) -> Q:
    """Lots that may still be sold on `on`: goods that keep, or a lot before its expiry day."""
    return Q(expires_on__isnull=True) | Q(expires_on__gt=on)


def spoils_first(lots, *, spoils_before: datetime.date | None) -> list:
    """`lots` in their allocation order, but those expiring on or before `spoils_before` (the next
    bus after this one) first: the order is kept within each group."""
    lots = list(lots)
    if spoils_before is None:
        return lots
    return sorted(lots, key=lambda lot: 0 if lot.expires_on is not None and lot.expires_on <= spoils_before else 1)


def allocation_order(queryset, year):
    return queryset.annotate(
        household_income_per_person=per_person(year_income(OuterRef("household"), year), "household__members"),
    ).order_by("household_income_per_person", "supplied_on", "pk")


@transaction.atomic
def allocate_line(line, *, on=None, spoils_before: datetime.date | None = None):
    """Allocate the line's units not yet allocated; returns the units left without a lot.

    Only lots fresh `on` the day of loading are taken; those spoiling on or before `spoils_before`
    (the day of the station's next bus) first. Units left over came from stock that no fresh
    household lot covers (e.g. a stock count made by hand); they earn no household income.
    """
    on = on or timezone.localdate()
    already = line.lot_allocations.aggregate(s=Coalesce(Sum("quantity"), 0))["s"]
    needed = line.quantity - already
    if needed <= 0 or line.stockrecord_id is None:
        return 0
    # Lock the lots (not the joined household rows) so two shipments cannot take the same unit.
    lots = lots_with_remaining(
        SupplyLot.objects.select_for_update(of=("self",)).filter(fresh(on=on), stockrecord_id=line.stockrecord_id))
    for lot in spoils_first(allocation_order(lots, on.year), spoils_before=spoils_before):
        if needed <= 0:
            break
        if lot.remaining <= 0:
            continue
        take = min(lot.remaining, needed)
        LotAllocation.objects.create(lot=lot, order_line=line, quantity=take)
        needed -= take
    return needed
