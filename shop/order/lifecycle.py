"""An order's life, owned by the platform and derived from its parcels and its payment.

Nobody types 运输中 or 已送达: an order is Pending (being prepared) until a parcel of it is loaded on
a bus, Shipped while its parcels travel, Delivered when every parcel has arrived, Refunded when
every unit has been refunded, and Cancelled when it was cancelled before anything left. Hub steps
reach here through logistics' signals (shop/order/receivers.py); Oscar's dashboard reaches here
through the order EventHandler (shop/order/processing.py). The only statuses a person may ask
for are the two the lifecycle allows: cancel (before loading) and refund (after delivery).
"""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from oscar.core.loading import get_class, get_model

from logistics.models import Consignment
from logistics.planning import lock_lines_serving, withdraw_consignment

logger = logging.getLogger(__name__)

Order = get_model("order", "Order")
OrderNote = get_model("order", "OrderNote")
ShippingEventType = get_model("order", "ShippingEventType")

PENDING, SHIPPED, DELIVERED, REFUNDED, CANCELLED = "Pending", "Shipped", "Delivered", "Refunded", "Cancelled"
# The path an order walks; settings.OSCAR_ORDER_STATUS_PIPELINE allows exactly these steps and cancelling.
FORWARD = [PENDING, SHIPPED, DELIVERED, REFUNDED]
ON_THE_WAY = {Consignment.Status.LOADED, Consignment.Status.AT_HUB, Consignment.Status.DISPATCHED,
              Consignment.Status.DELIVERED}

# Oscar shipping event types the platform records (codes; names are translated labels).
SHIPPING_EVENTS = {
    "loaded": gettext_lazy("Loaded on the bus"),
    "delivered": gettext_lazy("Delivered"),
    "cancelled": gettext_lazy("Cancelled"),
}


class LifecycleRefused(ValidationError):
    """A change of order status that the order's lifecycle does not allow."""


def _units(order) -> tuple[int, int]:
    ordered = order.lines.aggregate(s=Sum("quantity"))["s"] or 0
    refunded = order.lines.aggregate(s=Sum("refund_lines__quantity"))["s"] or 0
    return ordered, refunded


def derived_status(order) -> str:
    """The status the order's parcels and payments say it has."""
    if order.status == CANCELLED:
        return CANCELLED
    parcels = set(order.consignments.exclude(status=Consignment.Status.CANCELLED).values_list("status", flat=True))
    ordered, refunded = _units(order)
    if ordered and refunded >= ordered:
        return REFUNDED
    if parcels and parcels == {Consignment.Status.DELIVERED}:
        return DELIVERED
    if parcels & ON_THE_WAY:
        return SHIPPED
    return PENDING


def sync_status(order) -> str:
    """Bring the order's stored status in line with its parcels, step by step through Oscar's
    `set_status` (so `order_status_changed` fires for each step). Returns the status."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        target = derived_status(order)
        if target == order.status or order.status not in FORWARD or target not in FORWARD:
            return order.status
        here, there = FORWARD.index(order.status), FORWARD.index(target)
        for status in FORWARD[here + 1:there + 1]:
            order.set_status(status)
        return order.status


def cancellation_refusal(order) -> str | None:
    """Why the order cannot be cancelled now, or None when it can."""
    if order.status == CANCELLED:
        return _("Order %(number)s is already cancelled.") % {"number": order.number}
    if order.consignments.filter(status__in=ON_THE_WAY).exists() or order.status != PENDING:
        return _("Order %(number)s can no longer be cancelled: its goods are already on the bus. "
                 "If something is wrong with them, apply for after-sales service once they arrive.") % {
            "number": order.number}
    return None


def can_cancel(order) -> bool:
    return cancellation_refusal(order) is None


def refundable_units(order) -> int:
    delivered = order.consignments.filter(status=Consignment.Status.DELIVERED).values("village")
    ordered = order.lines.filter(stockrecord__partner__village__in=delivered).aggregate(s=Sum("quantity"))["s"] or 0
    refunded = (order.lines.filter(stockrecord__partner__village__in=delivered)
                .aggregate(s=Sum("refund_lines__quantity"))["s"] or 0)
    return ordered - refunded


def requestable_statuses(order, user) -> list[str]:
    """What a person may ask Oscar's status form for: cancel before loading, refund after delivery."""
    if not (user.is_staff or user.has_perm("order.change_order")):
        return []
    statuses = []
    if can_cancel(order):
        statuses.append(CANCELLED)
    if refundable_units(order) > 0:
        statuses.append(REFUNDED)
    return statuses


def record_shipping_event(order, code: str, lines, reference: str = ""):
    """Oscar's shipping event for the lines (created through the order EventHandler)."""
    EventHandler = get_class("order.processing", "EventHandler")
    event_type, _created = ShippingEventType.objects.get_or_create(
        code=code, defaults={"name": str(SHIPPING_EVENTS[code])})
    lines = list(lines)
    return EventHandler().create_shipping_event(order, event_type, lines, [line.quantity for line in lines],
                                                reference=reference)


@transaction.atomic
def cancel_order(order, *, by=None, reason: str = ""):
    """Cancel an order none of whose goods has been loaded on a bus.

    Its parcels come off their runs (the runs' loads drop), the stock it held is released, an
    online payment is refunded in full (recorded before the gateway is called; if Stripe refuses,
    nothing here happens), nothing is booked for any household, and the buyer is told by e-mail.
    Raises LifecycleRefused once a parcel has been loaded.
    """
    from shop.payments.refunds import refund_before_shipping

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
    from shop.order.tasks import tell_order_cancelled

    tell_order_cancelled.delay_on_commit(order.pk)
    return order


def send_cancellation_email(order_id: int) -> None:
    """Tell the buyer, through Oscar's dispatcher (and record its communication event)."""
    from shop.order.messages import send_order_message

    order = Order.objects.get(pk=order_id)
    send_order_message(order, "ORDER_CANCELLED")


def refusal_of(order, status: str) -> str:
    """The clear reason a requested status is refused."""
    if status == CANCELLED:
        return cancellation_refusal(order) or _("You may not cancel orders.")
    if status == REFUNDED:
        return _("Order %(number)s has no delivered goods left to refund.") % {"number": order.number}
    return _("An order's status follows its parcels; %(status)s cannot be set by hand.") % {
        "status": status_label(status)}


def status_label(status: str) -> str:
    from shop.checkout.order_status import label

    return str(label(status))
