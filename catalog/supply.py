"""Recording what households bring to their village station.

A supply lot goes straight into the household's income once its units are sold, so a lot
must be plausible: :func:`check_supply` holds every rule and reports all that are broken at
once, field by field; :func:`record_supply` (used by the dashboard form, the admin and the
demo loader) refuses a lot that breaks any of them.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from catalog.models import LOT_QUANTITY_CEILING, SupplyLot
from households.models import Village

StockRecord = get_model("partner", "StockRecord")

# A lot is recorded when the goods arrive, or within this many days of it.
SUPPLY_DATE_WINDOW_DAYS = 30
# A lot identical to one recorded this recently (household, goods, quantity, price, date) is asked
# about before it is recorded: a second tap, or the same basket entered twice, would pay twice.
REPEAT_WINDOW = datetime.timedelta(hours=2)
PRICE_PATTERN = re.compile(r"^[0-9]{1,8}(\.[0-9]{1,2})?$")  # plain yuan, at most 2 decimals (fen)
CENT = Decimal("0.01")


def coordinated_villages(user):
    """Villages whose sales point the user coordinates (all villages for staff)."""
    if not user.is_authenticated:
        return Village.objects.none()
    if user.is_staff:
        return Village.objects.all()
    return Village.objects.filter(sales_point__users=user)


def parse_quantity(value):
    """A whole number of units, or ValidationError."""
    if isinstance(value, bool):
        value = None
    if isinstance(value, int):
        return value
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        raise ValidationError(_("Enter a whole number of units."), code="quantity_invalid") from None


def parse_unit_price(value):
    """A price in yuan with at most 2 decimal places, written plainly (no 1e5, NaN, Infinity)."""
    if isinstance(value, float):
        value = repr(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValidationError(_("Enter the unit price as a plain number of yuan, e.g. 68.50."),
                                  code="price_invalid")
        price = value
    else:
        text = str(value if value is not None else "").strip()
        if not PRICE_PATTERN.match(text):
            if re.match(r"^[0-9]+\.[0-9]{3,}$", text):
                raise ValidationError(_("The unit price can have at most 2 decimal places (fen)."),
                                      code="price_decimals")
            raise ValidationError(_("Enter the unit price as a plain number of yuan, e.g. 68.50."),
                                  code="price_invalid")
        price = Decimal(text)
    try:
        if price != price.quantize(CENT):
            raise ValidationError(_("The unit price can have at most 2 decimal places (fen)."), code="price_decimals")
    except InvalidOperation:
        raise ValidationError(_("Enter the unit price as a plain number of yuan, e.g. 68.50."),
                              code="price_invalid") from None
    return price.quantize(CENT)


def parse_date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValidationError(_("Enter the supply date as YYYY-MM-DD."), code="date_invalid") from None


def check_supply(*, recorded_by, household=None, product=None, quantity=None, unit_price=None,
                 supplied_on=None, confirm_large=False, recorded_on=None, confirm_repeat=False):
    """Check a lot against every rule; returns ``(values, errors)``.

    ``values`` holds the parsed quantity, unit_price, supplied_on and the stock record;
    ``errors`` maps a field name (``quantity``, ``unit_price``, ``supplied_on``, ``product``,
    or NON_FIELD_ERRORS) to a list of ValidationError, empty when the lot may be recorded.
    A value given as None is not checked (a form reports its own parsing errors), so that a
    form can show every broken rule together. ``recorded_on`` is the day the lot is recorded
    (today unless the demo loader replays history). A lot identical to one recorded in the last two
    hours is refused unless ``confirm_repeat`` (code ``confirm_repeat``).
    """
    errors = {}
    values = {}

    def refuse(field, message, code):
        errors.setdefault(field, []).append(ValidationError(message, code=code))

    recorded_on = recorded_on or timezone.localdate()

    if quantity is not None:
        try:
            values["quantity"] = parse_quantity(quantity)
        except ValidationError as exc:
            errors.setdefault("quantity", []).append(exc)
        else:
            if values["quantity"] < 1:
                refuse("quantity", _("The quantity must be at least 1."), "quantity")
    if unit_price is not None:
        try:
            values["unit_price"] = parse_unit_price(unit_price)
        except ValidationError as exc:
            errors.setdefault("unit_price", []).append(exc)
        else:
            if values["unit_price"] <= 0:
                refuse("unit_price", _("The unit price must be more than ¥0."), "price")
    if supplied_on is not None:
        try:
            values["supplied_on"] = parse_date(supplied_on)
        except ValidationError as exc:
            errors.setdefault("supplied_on", []).append(exc)
        else:
            earliest = recorded_on - datetime.timedelta(days=SUPPLY_DATE_WINDOW_DAYS)
            if values["supplied_on"] > recorded_on:
                refuse("supplied_on", _("The supply date cannot be in the future."), "date_future")
            elif values["supplied_on"] < earliest:
                refuse("supplied_on", _("Record a lot within %(days)s days of its supply: the date cannot be "
                                        "before %(date)s.") % {"days": SUPPLY_DATE_WINDOW_DAYS,
                                                               "date": earliest.isoformat()}, "date_old")

    village = household.village if household is not None else None
    if household is not None and not coordinated_villages(recorded_by).filter(pk=village.pk).exists():
        refuse(NON_FIELD_ERRORS, _("You do not coordinate %(village)s.") % {"village": village.name}, "scope")
    if product is None:
        return values, errors
    if village is not None and product.origin_village_id != village.pk:
        refuse("product", _("%(product)s is not a product of %(village)s.")
               % {"product": product.get_title(), "village": village.name}, "village")
        return values, errors

    product_class = product.get_product_class()
    qty = values.get("quantity")
    if product_class is not None and qty is not None and qty >= 1:
        largest = min(product_class.lot_max_quantity, LOT_QUANTITY_CEILING)
        if qty > largest:
            refuse("quantity", _("A lot of %(kind)s can be at most %(max)s units; check the number, or split "
                                 "what several households brought into their own lots.")
                   % {"kind": product_class.name, "max": largest}, "quantity_max")
        elif qty > product_class.lot_confirm_above and not confirm_large:
            refuse("quantity", _("%(qty)s units is an unusually large lot of %(kind)s (more than %(soft)s). If it "
                                 "really is that large, tick the box to confirm it.")
                   % {"qty": qty, "kind": product_class.name, "soft": product_class.lot_confirm_above},
                   "confirm_large")

    if village is None:
        return values, errors
    stockrecord = (StockRecord.objects.filter(product=product, partner__village=village)
                   .only("pk", "price").first())
    if stockrecord is None or stockrecord.price is None:
        refuse(NON_FIELD_ERRORS,
               _("%(product)s has no stock record at the %(village)s sales point yet: set its price first.")
               % {"product": product.get_title(), "village": village.name}, "stockrecord")
        return values, errors
    values["stockrecord"] = stockrecord
    price = values.get("unit_price")
    if price is not None and price > stockrecord.price:
        refuse("unit_price", _("The household cannot be paid more per unit (¥%(price)s) than the shop's price "
                               "of ¥%(shelf)s.") % {"price": price, "shelf": stockrecord.price}, "price_above_shelf")
    if not errors and not confirm_repeat and household is not None and None not in (
            qty, price, values.get("supplied_on")):
        twin = (SupplyLot.objects.filter(household=household, product=product, quantity=qty, unit_price=price,
                                         supplied_on=values["supplied_on"],
                                         recorded_at__gte=timezone.now() - REPEAT_WINDOW)
                .order_by("-recorded_at").first())
        if twin is not None:
            refuse("confirm_repeat", _("The same lot (%(qty)s × %(product)s from this household at ¥%(price)s) was "
                                       "recorded at %(time)s as lot %(code)s. If the household really brought it "
                                       "twice, tick the box to record it again.")
                   % {"qty": qty, "product": product.get_title(), "price": price, "code": twin.code,
                      "time": timezone.localtime(twin.recorded_at).strftime("%H:%M")}, "confirm_repeat")
    return values, errors


def record_supply(*, recorded_by, household, product, quantity, unit_price, supplied_on=None,
                  confirm_large=False, recorded_on=None, confirm_repeat=False):
    """Record a supply lot and raise the village's pooled stock by its quantity.

    Refuses (ValidationError, with every broken rule by field; nothing written) an implausible
    lot: a quantity below 1 or above the product class's largest lot, or above its confirming
    limit without ``confirm_large``; a price that is not a plain amount in yuan and fen, ¥0 or
    less, or above the shop's price; a supply date in the future or more than 30 days before
    ``recorded_on`` (today); a product from another village; a village the recorder does not
    coordinate; a lot identical to one recorded in the last two hours, without ``confirm_repeat``.
    """
    recorded_on = recorded_on or timezone.localdate()
    values, errors = check_supply(
        recorded_by=recorded_by, household=household, product=product, quantity=quantity,
        unit_price=unit_price, supplied_on=supplied_on or recorded_on, confirm_large=confirm_large,
        recorded_on=recorded_on, confirm_repeat=confirm_repeat)
    if quantity is None:
        errors.setdefault("quantity", []).append(ValidationError(_("Enter a whole number of units."),
                                                                 code="quantity_invalid"))
    if unit_price is None:
        errors.setdefault("unit_price", []).append(ValidationError(
            _("Enter the unit price as a plain number of yuan, e.g. 68.50."), code="price_invalid"))
    if errors:
        raise ValidationError(errors)

    with transaction.atomic():
        lot = SupplyLot.objects.create(
            household=household, product=product, stockrecord=values["stockrecord"],
            quantity=values["quantity"], unit_price=values["unit_price"], supplied_on=values["supplied_on"],
            recorded_by=recorded_by)
        StockRecord.objects.filter(pk=values["stockrecord"].pk).update(
            num_in_stock=Coalesce(F("num_in_stock"), 0) + values["quantity"])
    return lot
