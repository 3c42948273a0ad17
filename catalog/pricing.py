"""The shop's price of a village good, as every screen that sets one checks it (the station's
product form, Oscar's product form and its stock records, the Django admin).

A price is a plain number of yuan and fen within what a village good can cost, and never below
what a household with units still in stock was paid for them: the settlement pays each household
its lot's unit price out of the sale, so selling below it would pay out money no buyer paid.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.allocation import fresh, lots_with_remaining
from catalog.models import SupplyLot

LOWEST = Decimal("0.01")
HIGHEST = Decimal("100000")


def check_shop_price(price: Decimal | None, *, stockrecord=None) -> None:
    """Raise ValidationError when `price` may not be the shop's price of `stockrecord`'s good (a
    stock record being edited, or None for a new one). None (not for sale) is allowed."""
    if price is None:
        return
    if not price.is_finite() or price != price.quantize(LOWEST):
        raise ValidationError(_("Enter the price as a plain number of yuan, e.g. 68.50."), code="price_invalid")
    if not LOWEST <= price <= HIGHEST:
        raise ValidationError(_("The price must be between ¥0.01 and ¥100,000."), code="price_range")
    if stockrecord is None or stockrecord.pk is None:
        return
    promised = (lots_with_remaining(SupplyLot.objects.filter(fresh(on=timezone.localdate()), stockrecord=stockrecord))
                .filter(remaining__gt=0)
                .aggregate(highest=Max("unit_price"))["highest"])
    if promised is not None and price < promised:
        # quantize: SQLite returns the Max without its scale (120, not 120.00).
        raise ValidationError(
            _("Households were paid up to ¥%(paid)s a unit for the lots still in stock: the shop's price cannot "
              "go below that until they are sold.") % {"paid": promised.quantize(LOWEST)}, code="price_below_lots")
