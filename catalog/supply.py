"""Recording what households bring to their village station."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from catalog.models import SupplyLot

StockRecord = get_model("partner", "StockRecord")


def coordinated_villages(user):
    """Villages whose sales point the user coordinates (all villages for staff)."""
    from households.models import Village

    if not user.is_authenticated:
        return Village.objects.none()
    if user.is_staff:
        return Village.objects.all()
    return Village.objects.filter(sales_point__users=user)


def record_supply(*, recorded_by, household, product, quantity, unit_price, supplied_on=None):
    """Record a supply lot and raise the village's pooled stock by its quantity.

    Refuses (ValidationError, nothing written) a quantity below 1, a price of zero or less,
    a product from another village, or a village the recorder does not coordinate.
    """
    try:
        quantity = int(quantity)
        unit_price = Decimal(unit_price)
    except (TypeError, ValueError, InvalidOperation):
        raise ValidationError(_("Quantity and unit price must be numbers.")) from None
    if quantity < 1:
        raise ValidationError(_("The quantity must be at least 1."), code="quantity")
    if unit_price <= 0:
        raise ValidationError(_("The unit price must be more than ¥0."), code="price")
    village = household.village
    if product.origin_village_id != village.pk:
        raise ValidationError(
            _("%(product)s is not a product of %(village)s.") % {"product": product.get_title(),
                                                                 "village": village.name},
            code="village")
    if not coordinated_villages(recorded_by).filter(pk=village.pk).exists():
        raise ValidationError(_("You do not coordinate %(village)s.") % {"village": village.name},
                              code="scope")
    try:
        stockrecord = StockRecord.objects.get(product=product, partner__village=village)
    except StockRecord.DoesNotExist:
        raise ValidationError(
            _("%(product)s has no stock record at the %(village)s sales point yet: set its price first.")
            % {"product": product.get_title(), "village": village.name}, code="stockrecord") from None

    with transaction.atomic():
        lot = SupplyLot.objects.create(
            household=household, product=product, stockrecord=stockrecord, quantity=quantity,
            unit_price=unit_price.quantize(Decimal("0.01")),
            supplied_on=supplied_on or timezone.localdate(), recorded_by=recorded_by)
        StockRecord.objects.filter(pk=stockrecord.pk).update(
            num_in_stock=Coalesce(F("num_in_stock"), 0) + quantity)
    return lot
