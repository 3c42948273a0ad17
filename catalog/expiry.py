"""Lots past their shelf life leave the shelf: written off, never sold, never paid for.

A lot of perishable goods expires on its supply date plus the good's shelf life
(`SupplyLot.expires_on`). From that day its units left over are written off (a `LotWriteOff`
record: how many, why, by whom — empty for the platform's own check — and when), the village's
pooled stock drops by them, and the station is told to take them back to the household; no
household income is ever booked for them, as allocation (catalog.allocation) takes fresh lots only.

The check runs every hour (catalog.tasks) and again when an order is placed for the goods, so a
lot that expired overnight is never sold. The stock never drops below what orders placed before
already hold (Oscar's `num_allocated`): those units show as short on the station's packing list.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from oscar.core.loading import get_model

from catalog.allocation import lots_with_remaining
from catalog.models import LotWriteOff, SupplyLot

StockRecord = get_model("partner", "StockRecord")


def write_off_expired(*, on: datetime.date, stockrecord_ids=None) -> list[LotWriteOff]:
    """Write off what is left of every lot expired by `on` (of the given stock records, or of all);
    returns the new write-offs. Idempotent: a lot written off has nothing left to write off."""
    expired = SupplyLot.objects.filter(expires_on__lte=on)
    if stockrecord_ids is not None:
        expired = expired.filter(stockrecord_id__in=list(stockrecord_ids))
    left = lots_with_remaining(expired).filter(remaining__gt=0)
    candidates = sorted(set(left.values_list("stockrecord_id", flat=True)))
    made = []
    for stockrecord_id in candidates:
        with transaction.atomic():
            made += _write_off_record(stockrecord_id, on=on)
    return made


def _write_off_record(stockrecord_id: int, *, on: datetime.date) -> list[LotWriteOff]:
    # The stock record's lock serialises this with order placement and loading (shop.partner.stock).
    record = StockRecord.objects.select_for_update().get(pk=stockrecord_id)
    lots = lots_with_remaining(SupplyLot.objects.select_for_update().filter(
        stockrecord_id=stockrecord_id, expires_on__lte=on)).filter(remaining__gt=0).order_by("expires_on", "pk")
    made = [LotWriteOff.objects.create(lot=lot, quantity=lot.remaining, reason=LotWriteOff.Reason.EXPIRED)
            for lot in lots]
    units = sum(w.quantity for w in made)
    if units:
        in_stock, held = record.num_in_stock or 0, record.num_allocated or 0
        StockRecord.objects.filter(pk=record.pk).update(num_in_stock=max(in_stock - units, held, 0))
    return made


def confirm_taken_back(*, write_off: LotWriteOff, by) -> LotWriteOff:
    """The station took the written-off goods off the shelf (the first confirmation counts)."""
    LotWriteOff.objects.filter(pk=write_off.pk, taken_back_at__isnull=True).update(
        taken_back_by=by, taken_back_at=timezone.now())
    write_off.refresh_from_db()
    return write_off


def to_take_back(*, village_id: int):
    """The village's written-off lots still on the shelf, oldest first."""
    return (LotWriteOff.objects.filter(lot__household__village_id=village_id, taken_back_at__isnull=True)
            .select_related("lot__product", "lot__household").order_by("written_off_at", "pk"))


__all__ = ["confirm_taken_back", "to_take_back", "write_off_expired"]
