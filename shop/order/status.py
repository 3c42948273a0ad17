"""An order's status, derived from its parcels and its refunds; nobody types 运输中 or 已送达.

An order is Pending (being prepared) until a parcel of it is loaded on a bus, Shipped while its
parcels travel, Delivered when every parcel has arrived, Refunded when every unit has been
refunded, and Cancelled when it was cancelled before anything left (shop.order.lifecycle). Hub
steps, refunds and cancellations all end here, in `sync_status`; this module calls none of them.
"""

from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from logistics.models import Consignment

Order = get_model("order", "Order")

PENDING, SHIPPED, DELIVERED, REFUNDED, CANCELLED = "Pending", "Shipped", "Delivered", "Refunded", "Cancelled"
# The path an order walks; settings.OSCAR_ORDER_STATUS_PIPELINE allows exactly these steps and cancelling.
FORWARD = [PENDING, SHIPPED, DELIVERED, REFUNDED]
ON_THE_WAY = {Consignment.Status.LOADED, Consignment.Status.AT_HUB, Consignment.Status.DISPATCHED,
              Consignment.Status.DELIVERED}

# Words for the pipeline's statuses (Oscar stores the English keys).
LABELS = {
    PENDING: _("Being prepared"),
    SHIPPED: _("On its way"),
    DELIVERED: _("Delivered"),
    REFUNDED: _("Refunded"),
    CANCELLED: _("Cancelled"),
}


def label(status: str) -> Promise | str:
    """The buyer's word for a status (the key itself for one the pipeline does not know)."""
    return LABELS.get(status, status)


def _units(order: Any) -> tuple[int, int]:
    ordered = order.lines.aggregate(s=Sum("quantity"))["s"] or 0
    refunded = order.lines.aggregate(s=Sum("refund_lines__quantity"))["s"] or 0
    return ordered, refunded


def derived_status(order: Any) -> str:
    """The status the order's parcels and refunds say it has."""
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


def sync_status(order: Any) -> str:
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
