"""A lot recorded by mistake is corrected by writing off its wrong units, never by editing it.

A coordinator who typed 50 for 5, chose the wrong household or goods, or recorded the same basket
twice takes the wrong units off the lot: a `LotWriteOff` with the reason "recorded by mistake",
who, when and why, and the village's pooled stock drops by them; the right lot is then recorded
anew. The lot itself stays as it was recorded, so its label, its trace page and the audit keep
what was said then. Only units still unsold can be corrected: not those allocated to an order
line, written off before, or held by orders placed and not yet loaded (Oscar's `num_allocated`),
and only within a week of recording — after that the household may have been paid for them.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from catalog.allocation import lots_with_remaining
from catalog.models import LotWriteOff, SupplyLot
from catalog.supply import coordinated_villages

StockRecord = get_model("partner", "StockRecord")

CORRECTION_WINDOW = datetime.timedelta(days=7)
NOTE_MAX_CHARS = 200


def correctable_units(lot: SupplyLot) -> int:
    """How many of the lot's units a correction may still take off (0: none)."""
    remaining = lots_with_remaining(SupplyLot.objects.filter(pk=lot.pk)).values_list("remaining", flat=True).get()
    record = StockRecord.objects.only("num_in_stock", "num_allocated").get(pk=lot.stockrecord_id)
    free = (record.num_in_stock or 0) - (record.num_allocated or 0)
    return max(0, min(remaining, free))


def correct_lot(*, lot: SupplyLot, by, units: int, note: str) -> LotWriteOff:
    """Take `units` of `lot` off as recorded by mistake; refuses (ValidationError by field, nothing
    written) a lot of a village `by` does not coordinate, one recorded more than 7 days ago, a
    number of units below 1 or above what is still unsold and unheld, and an empty reason."""
    note = (note or "").strip()
    errors: dict[str, list[str]] = {}
    if not coordinated_villages(by).filter(pk=lot.household.village_id).exists():
        raise ValidationError(_("You do not coordinate %(village)s.") % {"village": lot.household.village.name})
    if lot.recorded_at < timezone.now() - CORRECTION_WINDOW:
        raise ValidationError(_("Lot %(code)s was recorded more than 7 days ago: ask the county office to correct "
                                "it.") % {"code": lot.code})
    if not note:
        errors["note"] = [_("Say what was wrong, e.g. “typed 50 instead of 5”.")]
    elif len(note) > NOTE_MAX_CHARS:
        errors["note"] = [_("Keep the reason to %(max)s characters.") % {"max": NOTE_MAX_CHARS}]
    if not isinstance(units, int) or units < 1:
        errors["units"] = [_("Correct at least 1 unit.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # The stock record's lock serialises this with order placement, loading and the expiry check.
        record = StockRecord.objects.select_for_update().get(pk=lot.stockrecord_id)
        SupplyLot.objects.select_for_update().filter(pk=lot.pk).get()
        available = correctable_units(lot)
        if units > available:
            raise ValidationError({"units": [
                _("Only %(left)s units of lot %(code)s are still unsold and not held by an order; the rest "
                  "cannot be taken back.") % {"left": available, "code": lot.code}]})
        write_off = LotWriteOff.objects.create(
            lot=lot, quantity=units, reason=LotWriteOff.Reason.MISTAKE, note=note, written_off_by=by,
            # Nothing to take back to the household: the units were never on the shelf.
            taken_back_by=by, taken_back_at=timezone.now())
        StockRecord.objects.filter(pk=record.pk).update(num_in_stock=(record.num_in_stock or 0) - units)
    return write_off


__all__ = ["CORRECTION_WINDOW", "correct_lot", "correctable_units"]
