"""Refunds from the dashboard: money back to the buyer, income taken back from the households.

A refund gives back the retail price of the refunded units (and the shipping charge if asked),
through Stripe for an online payment or in cash for cash on delivery. Delivered units had been
booked as e-commerce income of the households whose lots they came from; the refund books
reversing entries for exactly those households, at the prices they were paid. Which units of a
line a refund takes back is fixed: the lots allocated last come back first, so repeated partial
refunds never take the same unit twice.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from households.ledger import reverse_entry
from households.models import IncomeEntry
from logistics.models import Consignment
from logistics.settlement import settlement_reference
from shop.payments import gateway
from shop.payments.models import Refund, RefundLine

Order = get_model("order", "Order")
Source = get_model("payment", "Source")
PaymentEvent = get_model("order", "PaymentEvent")
PaymentEventType = get_model("order", "PaymentEventType")
PaymentEventQuantity = get_model("order", "PaymentEventQuantity")
ZERO = Decimal("0.00")


def lines_with_refunds(order):
    """The order's lines, each with `refunded` (units refunded so far) and `refundable`; one query."""
    return order.lines.annotate(refunded=Coalesce(Sum("refund_lines__quantity"), Value(0))).annotate(
        refundable=F("quantity") - F("refunded")).select_related("stockrecord__partner")


def shipping_refunded(order):
    return order.refunds.aggregate(s=Sum("shipping"))["s"] or ZERO


def _delivered(line, villages):
    return bool(line.stockrecord) and line.stockrecord.partner.village_id in villages


def household_shares(line, skip, take):
    """{household_id: amount} for units skip..skip+take of the line, last-allocated lot first."""
    shares = {}
    position = 0
    for allocation in line.lot_allocations.select_related("lot").order_by("-allocated_at", "-pk"):
        start, end = position, position + allocation.quantity
        position = end
        units = max(0, min(end, skip + take) - max(start, skip))
        if units:
            household = allocation.lot.household_id
            shares[household] = shares.get(household, ZERO) + units * allocation.lot.unit_price
    return shares


@transaction.atomic
def refund_order(order, quantities, *, include_shipping=False, reason="", by=None, on=None):
    """Refund `quantities` ({line id: units}) of a delivered order. Raises ValidationError on bad input;
    then nothing is written and no money moves."""
    on = on or timezone.localdate()
    order = Order.objects.select_for_update().get(pk=order.pk)
    lines = {line.pk: line for line in lines_with_refunds(order)}
    wanted = {int(pk): int(q) for pk, q in quantities.items() if int(q)}
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
    amount = sum((lines[pk].unit_price_incl_tax * q for pk, q in wanted.items()), ZERO) + shipping
    if amount <= 0:
        raise ValidationError(_("Choose at least one unit or the shipping charge to refund."))
    source = order.sources.select_related("source_type").first()
    method = Refund.Method.STRIPE if source and source.source_type.code == "stripe" else Refund.Method.CASH

    refund = Refund.objects.create(order=order, amount=amount, shipping=shipping, method=method, reason=reason,
                                   created_by=by)
    RefundLine.objects.bulk_create([RefundLine(refund=refund, line=lines[pk], quantity=q) for pk, q in wanted.items()])
    event_type, _created = PaymentEventType.objects.get_or_create(code="refunded", defaults={"name": "Refunded"})
    event = PaymentEvent.objects.create(order=order, amount=amount, reference=str(refund.key), event_type=event_type)
    PaymentEventQuantity.objects.bulk_create(
        [PaymentEventQuantity(event=event, line=lines[pk], quantity=q) for pk, q in wanted.items()])
    if source:
        Source.objects.filter(pk=source.pk).update(amount_refunded=F("amount_refunded") + amount)

    for pk, quantity in wanted.items():
        line = lines[pk]
        for household_id, share in household_shares(line, line.refunded, quantity).items():
            entry = IncomeEntry.objects.get(reference=settlement_reference(line.pk, household_id))
            reverse_entry(entry, date=on, amount=share,
                          reference=f"refund:{refund.key}:line-{line.pk}:household-{household_id}",
                          description=f"#{order.number} −{quantity}")

    if all(line.refundable == wanted.get(pk, 0) for pk, line in lines.items()) \
            and "Refunded" in order.available_statuses():
        order.set_status("Refunded")

    # Money moves last: if Stripe refuses, everything above is rolled back.
    if method == Refund.Method.STRIPE:
        stripe_refund = gateway.refund(source.reference, amount, key=refund.key)
        Refund.objects.filter(pk=refund.pk).update(stripe_refund_id=stripe_refund.id)
    return refund
