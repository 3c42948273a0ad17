"""The order's background work: its e-mails, sent by a worker once the step that causes them has
committed, and Oscar's purchase counters.

Each is sent (counted) at most once per order and kind, even when a task is run again."""

from celery import shared_task
from oscar.apps.analytics import receivers as analytics
from oscar.core.loading import get_model

from core.tasks import once
from shop.order import messages

Order = get_model("order", "Order")


@shared_task
def confirm_order(order_id: int) -> bool:
    """Oscar's order confirmation (ORDER_PLACED) to the buyer; a guest also gets the order number by
    SMS (their connection may have died before the thank-you page showed it)."""
    order = Order.objects.get(pk=order_id)
    if order.guest_mobile:
        once(f"sms:placed:{order_id}", lambda: messages.text_order_number(order))
    return once(f"mail:placed:{order_id}", lambda: messages.send_confirmation(order))


@shared_task
def tell_order_cancelled(order_id: int) -> bool:
    return once(f"mail:cancelled:{order_id}",
                lambda: messages.send_order_message(Order.objects.get(pk=order_id), "ORDER_CANCELLED"))


@shared_task
def count_purchase(order_id: int) -> bool:
    """Oscar's analytics of a placed order (product purchases, the customer's orders and spending),
    what its own `order_placed` receiver does, after the order has committed. In autocommit: Oscar's
    counters survive their own insert race only outside a transaction."""
    order = Order.objects.select_related("user").get(pk=order_id)

    def count() -> None:
        analytics._record_products_in_order(order)
        if order.user_id:
            analytics._record_user_order(order.user, order)

    return once(f"analytics:placed:{order_id}", count)
