"""E-mails about orders, sent by a worker once the step that causes them has committed, and
Oscar's purchase counters.

Each is sent (counted) at most once per order and kind (or claim decision), even when a task is
run again: what was sent is remembered in the shared cache once the mail server has taken it."""

import smtplib

from celery import shared_task
from django.core.cache import cache
from django.db import OperationalError

MAIL_RETRIED = {"autoretry_for": (smtplib.SMTPException, OSError, OperationalError), "retry_backoff": True,
                "retry_backoff_max": 600, "retry_jitter": True, "max_retries": 8}
SENT_SECONDS = 30 * 24 * 3600


def _once(key: str, send) -> bool:
    if cache.get(key):
        return False
    send()
    cache.set(key, True, SENT_SECONDS)
    return True


@shared_task(**MAIL_RETRIED)
def confirm_order(order_id: int) -> bool:
    """Oscar's order confirmation (ORDER_PLACED) to the buyer."""
    from shop.checkout.placement import confirm

    return _once(f"mail:placed:{order_id}", lambda: confirm(order_id))


@shared_task(**MAIL_RETRIED)
def tell_order_cancelled(order_id: int) -> bool:
    from shop.order.lifecycle import send_cancellation_email

    return _once(f"mail:cancelled:{order_id}", lambda: send_cancellation_email(order_id))


@shared_task(**MAIL_RETRIED)
def tell_claim_decided(order_id: int, decision_id: int) -> bool:
    from shop.aftersales.claims import tell_buyer

    return _once(f"mail:claim:{decision_id}", lambda: tell_buyer(order_id, decision_id))


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, retry_backoff_max=600, retry_jitter=True,
             max_retries=8)
def count_purchase(order_id: int) -> bool:
    """Oscar's analytics of a placed order (product purchases, the customer's orders and spending),
    what its own `order_placed` receiver does, after the order has committed. In autocommit: Oscar's
    counters survive their own insert race only outside a transaction."""
    from oscar.apps.analytics import receivers as analytics
    from oscar.core.loading import get_model

    order = get_model("order", "Order").objects.select_related("user").get(pk=order_id)

    def count():
        analytics._record_products_in_order(order)
        if order.user_id:
            analytics._record_user_order(order.user, order)

    return _once(f"analytics:placed:{order_id}", count)
