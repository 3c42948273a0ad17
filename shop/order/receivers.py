"""The order follows its parcels: logistics announces each step, the shop records what it means.

Runs inside the transaction that moved the consignment (signals are synchronous), so the order's
status and the cash collected commit or roll back with the hub's step; the households' income is
booked with it too when tasks run in-process, and by a worker right after it commits otherwise
(settlement.tasks, idempotent, swept hourly).
"""

from django.dispatch import receiver
from django.utils import timezone
from oscar.apps.analytics import receivers as analytics
from oscar.apps.order.signals import order_placed
from oscar.core.loading import get_model

from logistics.models import Consignment
from logistics.signals import consignment_delivered, consignment_loaded
from settlement.tasks import settle_delivery
from shop.order import lifecycle
from shop.order.status import sync_status
from shop.order.tasks import count_purchase
from shop.payments.cash import collect_cash_on_delivery

Line = get_model("order", "Line")

# Oscar counts a purchase (its reports' best sellers, a customer's spending) inside the checkout's
# transaction, while the stock rows are locked; on PostgreSQL the counter row's first-insert race
# there aborts the whole order. It is counted by a task once the order has committed (below).
order_placed.disconnect(analytics.receive_order_placed)


def _lines(consignment):
    return Line.objects.filter(order_id=consignment.order_id,
                               stockrecord__partner__village_id=consignment.village_id).order_by("pk")


@receiver(consignment_loaded, dispatch_uid="order-follows-loaded-parcel")
def parcel_loaded(sender, consignment, at, **kwargs):
    lifecycle.record_shipping_event(consignment.order, "loaded", _lines(consignment), reference=str(consignment.run))
    sync_status(consignment.order)


@receiver(consignment_delivered, dispatch_uid="order-follows-delivered-parcel")
def parcel_delivered(sender, consignment, at, **kwargs):
    order = consignment.order
    # The households' income: with the hub's step in-process, by a worker once it commits otherwise.
    settle_delivery.delay_with_step(consignment.pk, timezone.localdate(at).isoformat())
    lifecycle.record_shipping_event(order, "delivered", _lines(consignment), reference=consignment.tracking_number)
    if not order.consignments.exclude(status__in=[Consignment.Status.DELIVERED, Consignment.Status.CANCELLED]).exists():
        collect_cash_on_delivery(order)
    sync_status(order)


@receiver(order_placed, dispatch_uid="order-purchase-counted-after-commit")
def purchase_placed(sender, order, user, **kwargs):
    if not kwargs.get("raw", False):
        count_purchase.delay_on_commit(order.pk)
