"""Refunds: money back to the buyer, and what the refunded goods had booked taken back.

A refund gives back the retail price of the refunded units (and the shipping charge if asked),
through Stripe for an online payment or in cash for cash on delivery. Delivered units had been
booked at delivery (settlement.booking): households' income for their lots, the platform's
margin for the rest. Who bears a refund depends on the cause: a quality fault reverses the
households' entries lot by lot (the lots allocated last come back first, so repeated partial
refunds never take the same unit twice); goods broken or lost in transit leave the households
their income and are the platform's logistics loss. An order cancelled before its goods left
gets all its money back and had booked nothing.
"""

import datetime
import logging
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from core.money import ZERO
from logistics.models import Consignment
from settlement.booking import reverse_refunded_shipping, reverse_refunded_units
from settlement.models import Liability
from shop.order.status import sync_status
from shop.payments import gateway
from shop.payments.models import Refund, RefundLine

logger = logging.getLogger(__name__)

Order = get_model("order", "Order")
Source = get_model("payment", "Source")
PaymentEvent = get_model("order", "PaymentEvent")
PaymentEventType = get_model("order", "PaymentEventType")
PaymentEventQuantity = get_model("order", "PaymentEventQuantity")


def lines_with_refunds(order: Any) -> Any:
    """The order's lines, each with `refunded` (units refunded so far) and `refundable`; one query."""
    return order.lines.annotate(refunded=Coalesce(Sum("refund_lines__quantity"), Value(0))).annotate(
        refundable=F("quantity") - F("refunded")).select_related("stockrecord__partner")


def shipping_refunded(order: Any) -> Decimal:
    return order.refunds.aggregate(s=Sum("shipping"))["s"] or ZERO


def paid_so_far(order: Any) -> Decimal:
    """What the buyer has paid for the order and not had back (cash on delivery: once collected)."""
    return order.sources.aggregate(s=Coalesce(Sum(F("amount_debited") - F("amount_refunded")), Value(ZERO)))["s"]


def _delivered(line: Any, villages: set[int]) -> bool:
    return bool(line.stockrecord) and line.stockrecord.partner.village_id in villages


def _record(order: Any, *, amount: Decimal, shipping: Decimal, quantities: dict[int, int], lines: dict[int, Any],
            reason: str, by: Any) -> tuple[Refund, Any]:
    """The refund, its lines, Oscar's payment event and the source's refunded amount."""
    source = order.sources.select_related("source_type").first()
    method = Refund.Method.STRIPE if source and source.source_type.code == "stripe" else Refund.Method.CASH
    refund = Refund.objects.create(order=order, amount=amount, shipping=shipping, method=method, reason=reason[:200],
                                   created_by=by)
    RefundLine.objects.bulk_create(
        [RefundLine(refund=refund, line=lines[pk], quantity=q) for pk, q in quantities.items()])
    event_type, _created = PaymentEventType.objects.get_or_create(code="refunded", defaults={"name": "Refunded"})
    event = PaymentEvent.objects.create(order=order, amount=amount, reference=str(refund.key), event_type=event_type)
    PaymentEventQuantity.objects.bulk_create(
        [PaymentEventQuantity(event=event, line=lines[pk], quantity=q) for pk, q in quantities.items()])
    if source:
        Source.objects.filter(pk=source.pk).update(amount_refunded=F("amount_refunded") + amount)
    return refund, source


def _pay_back(refund: Refund, source: Any) -> None:
    # Money moves last: if Stripe refuses, the caller's transaction rolls everything back.
    if refund.method == Refund.Method.STRIPE:
        stripe_refund = gateway.refund(source.reference, refund.amount, key=str(refund.key))
        Refund.objects.filter(pk=refund.pk).update(stripe_refund_id=stripe_refund.id)
        refund.stripe_refund_id = stripe_refund.id


@transaction.atomic
def refund_order(order: Any, *, quantities: dict[int, int], include_shipping: bool = False, reason: str = "",
                 by: Any = None, on: datetime.date | None = None, liability: str = Liability.QUALITY) -> Refund:
    """Refund `quantities` ({line id: units}) of a delivered order. Raises ValidationError on bad input;
    then nothing is written and no money moves."""
    on = on or timezone.localdate()
    order = Order.objects.select_for_update().get(pk=order.pk)
    lines = {line.pk: line for line in lines_with_refunds(order)}
    try:
        wanted = {int(pk): int(q) for pk, q in quantities.items() if int(q)}
    except (TypeError, ValueError):
        raise ValidationError(_("Choose lines of this order and whole numbers of units.")) from None
    delivered_villages = set(order.consignments.filter(status=Consignment.Status.DELIVERED)
                             .values_list("village_id", flat=True))
    for pk, quantity in wanted.items():
        line = lines.get(pk)
        if line is None or quantity < 0:
            raise ValidationError(_("Choose lines of this order and whole numbers of units."))
        if not _delivered(line, delivered_villages):
            raise ValidationError(_("%(product)s has not been delivered yet; only delivered goods can be refunded.")
                                  % {"product": line.title})
        if quantity > line.refundable:
            raise ValidationError(_("Only %(n)s × %(product)s can still be refunded.")
                                  % {"n": line.refundable, "product": line.title})
    shipping = order.shipping_incl_tax - shipping_refunded(order) if include_shipping else ZERO
    if shipping and order.consignments.exclude(
            status__in=[Consignment.Status.DELIVERED, Consignment.Status.CANCELLED]).exists():
        raise ValidationError(_("The shipping charge can be refunded once every parcel of the order has arrived."))
    amount = sum((lines[pk].unit_price_incl_tax * q for pk, q in wanted.items()), ZERO) + shipping
    if amount <= 0:
        raise ValidationError(_("Choose at least one unit or the shipping charge to refund."))
    # Never more back than the buyer has paid so far (cash on delivery is collected at the last parcel).
    paid = paid_so_far(order)
    if amount > paid:
        raise ValidationError(_("The buyer has paid ¥%(paid)s of this order so far; a refund of ¥%(amount)s is more "
                                "than that.") % {"paid": paid, "amount": amount})

    refund, source = _record(order, amount=amount, shipping=shipping, quantities=wanted, lines=lines,
                             reason=reason, by=by)
    for pk, quantity in wanted.items():
        line = lines[pk]
        reverse_refunded_units(line, skip=line.refunded, take=quantity, amount=line.unit_price_incl_tax * quantity,
                               liability=liability, key=str(refund.key), on=on, order_number=order.number)
    if shipping:
        reverse_refunded_shipping(order, amount=shipping, key=str(refund.key), on=on)
    sync_status(order)
    _pay_back(refund, source)
    logger.info("refund.recorded", extra={"order": order.number, "refund": refund.pk, "amount": str(amount),
                                          "shipping": str(shipping), "liability": liability, "method": refund.method})
    return refund


def refund_before_shipping(order: Any, *, reason: str = "", by: Any = None) -> Refund | None:
    """Give back everything the buyer has paid for an order none of whose goods has left.

    Part of cancelling (shop.order.lifecycle.cancel_order), inside its transaction; nothing had
    been booked for the households or the platform, so nothing is reversed. Cash on delivery
    has collected nothing yet: no refund. Returns the refund or None.
    """
    paid = paid_so_far(order)
    if paid <= 0:
        return None
    lines = {line.pk: line for line in lines_with_refunds(order)}
    quantities = {pk: line.refundable for pk, line in lines.items() if line.refundable > 0}
    refund, source = _record(order, amount=paid, shipping=order.shipping_incl_tax - shipping_refunded(order),
                             quantities=quantities, lines=lines, reason=reason, by=by)
    _pay_back(refund, source)
    return refund
