"""What a person may do to an order: cancel it before its goods are loaded, or refund what arrived.

The status itself follows the parcels (shop.order.status); the only statuses a person may ask
for are the two the lifecycle allows: cancel (before loading) and refund (after delivery). Hub
steps reach the order through logistics' signals (shop/order/receivers.py); Oscar's dashboard
reaches it through the order EventHandler (shop/order/processing.py).
"""

import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from oscar.core.loading import get_class, get_model

from logistics.models import Consignment
from logistics.planning import lock_lines_serving, withdraw_consignment
from shop.order.status import CANCELLED, ON_THE_WAY, PENDING, REFUNDED, label
from shop.order.tasks import tell_order_cancelled
from shop.payments.refunds import refund_before_shipping

logger = logging.getLogger(__name__)

Order = get_model("order", "Order")
OrderNote = get_model("order", "OrderNote")
ShippingEventType = get_model("order", "ShippingEventType")

# Oscar shipping event types the platform records (codes; names are translated labels).
SHIPPING_EVENTS = {
    "loaded": gettext_lazy("Loaded on the bus"),
    "delivered": gettext_lazy("Delivered"),
    "cancelled": gettext_lazy("Cancelled"),
}


class LifecycleRefused(ValidationError):
    """A change of order status that the order's lifecycle does not allow."""


def cancellation_refusal(order: Any) -> str | None:
    """Why the order cannot be cancelled now, or None when it can."""
    if order.status == CANCELLED:
        return _("Order %(number)s is already cancelled.") % {"number": order.number}
    if order.consignments.filter(status__in=ON_THE_WAY).exists() or order.status != PENDING:
        return _("Order %(number)s can no longer be cancelled: its goods are already on the bus. "
                 "If something is wrong with them, apply for after-sales service once they arrive.") % {
            "number": order.number}
    return None


def can_cancel(order: Any) -> bool:
    return cancellation_refusal(order) is None


def refundable_units(order: Any) -> int:
    delivered = order.consignments.filter(status=Consignment.Status.DELIVERED).values("village")
    ordered = order.lines.filter(stockrecord__partner__village__in=delivered).aggregate(s=Sum("quantity"))["s"] or 0
    refunded = (order.lines.filter(stockrecord__partner__village__in=delivered)
                .aggregate(s=Sum("refund_lines__quantity"))["s"] or 0)
    return ordered - refunded


def requestable_statuses(order: Any, user: Any) -> list[str]:
    """What a person may ask Oscar's status form for: cancel before loading, refund after delivery."""
    if not (user.is_staff or user.has_perm("order.change_order")):
        return []
    statuses = []
    if can_cancel(order):
        statuses.append(CANCELLED)
    if refundable_units(order) > 0:
        statuses.append(REFUNDED)
    return statuses


def record_shipping_event(order: Any, code: str, lines: Any, *, reference: str = "") -> Any:
    """Oscar's shipping event for the lines (created through the order EventHandler)."""
    EventHandler = get_class("order.processing", "EventHandler")
    event_type, _created = ShippingEventType.objects.get_or_create(
        code=code, defaults={"name": str(SHIPPING_EVENTS[code])})
    lines = list(lines)
    return EventHandler().create_shipping_event(order, event_type, lines, [line.quantity for line in lines],
                                                reference=reference)


@transaction.atomic
def cancel_order(order: Any, *, by: Any = None, reason: str = "") -> Any:
    """Cancel an order none of whose goods has been loaded on a bus.

    Its parcels come off their runs (the runs' loads drop), the stock it held is released, an
    online payment is refunded in full (recorded before the gateway is called; if Stripe refuses,
    nothing here happens), nothing is booked for any household, and the buyer is told by e-mail.
    Raises LifecycleRefused once a parcel has been loaded.
    """
    # The bus lines first (as loading takes them), then the order.
    lock_lines_serving(station_ids=order.consignments.values_list("station_id", flat=True))
    order = Order.objects.select_for_update().get(pk=order.pk)
    refusal = cancellation_refusal(order)
    if refusal:
        raise LifecycleRefused(refusal, code="refused")
    note = reason or _("Cancelled")
    for consignment in order.consignments.all():
        withdraw_consignment(consignment, note=note)
    lines = list(order.lines.select_related("stockrecord"))
    for line in lines:
        if line.num_allocated:
            line.cancel_allocation(line.num_allocated)
    record_shipping_event(order, "cancelled", lines, reference=note)
    order.set_status(CANCELLED)
    who = by.get_full_name() or by.get_username() if by else ""
    order.notes.create(user=by, note_type=OrderNote.SYSTEM,
                       message=_("Cancelled by %(who)s: %(reason)s") % {"who": who, "reason": note})
    # The refund (the only call leaving the site) comes last: if it fails, all of the above rolls back.
    refund_before_shipping(order, reason=note, by=by)
    tell_order_cancelled.delay_on_commit(order.pk)
    return order


def refusal_of(order: Any, status: str) -> str:
    """The clear reason a requested status is refused."""
    if status == CANCELLED:
        return cancellation_refusal(order) or _("You may not cancel orders.")
    if status == REFUNDED:
        return _("Order %(number)s has no delivered goods left to refund.") % {"number": order.number}
    return _("An order's status follows its parcels; %(status)s cannot be set by hand.") % {
        "status": status_label(status)}


def status_label(status: str) -> str:
    return str(label(status))
