"""An online payment from the first press of "pay" to a placed (or refunded) order."""

import logging
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.forms.models import model_to_dict
from django.utils.translation import gettext as _
from oscar.apps.order.exceptions import UnableToPlaceOrder
from oscar.core.loading import get_model

from core.money import yuan_to_fen
from shop.checkout.placement import create_order
from shop.payments import gateway
from shop.payments.models import PaymentAttempt

logger = logging.getLogger(__name__)

Basket = get_model("basket", "Basket")
ShippingAddress = get_model("order", "ShippingAddress")
Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")
Transaction = get_model("payment", "Transaction")
PaymentEvent = get_model("order", "PaymentEvent")
PaymentEventType = get_model("order", "PaymentEventType")

ADDRESS_FIELDS = ["first_name", "last_name", "line1", "line2", "line3", "line4", "state", "postcode",
                  "phone_number", "notes", "country"]


def start_attempt(*, basket: Any, user: Any, order_number: str, amount: Decimal, shipping_address: Any,
                  shipping_method_code: str, guest_mobile: str = "") -> PaymentAttempt:
    """The attempt (with its PaymentIntent) for this basket and amount; pressing again reuses it."""
    with transaction.atomic():
        attempt = (PaymentAttempt.objects.select_for_update()
                   .filter(basket=basket, amount=amount, status=PaymentAttempt.Status.CREATED).first())
        if attempt is None:
            address = model_to_dict(shipping_address, fields=ADDRESS_FIELDS)
            address["phone_number"] = str(address["phone_number"] or "")
            attempt = PaymentAttempt.objects.create(
                basket=basket, user=user if user is not None and user.is_authenticated else None,
                guest_mobile=guest_mobile, order_number=order_number, amount=amount, shipping_address=address,
                shipping_method_code=shipping_method_code, livemode=gateway.is_live())
    if not attempt.intent_id:
        # Same idempotency key on every retry: Stripe answers with the same intent.
        intent = gateway.create_intent(attempt)
        PaymentAttempt.objects.filter(pk=attempt.pk).update(intent_id=intent.id, client_secret=intent.client_secret)
        attempt.refresh_from_db()
    return attempt


def advance(attempt: PaymentAttempt, status: str, *, failure: str = "") -> None:
    """Move the attempt's state forward only (a failed or cancelled payment gives the basket back)."""
    with transaction.atomic():
        locked = PaymentAttempt.objects.select_for_update().get(pk=attempt.pk)
        if not locked.can_move_to(status):
            return
        locked.status = status
        locked.failure = (failure or locked.failure)[:255]
        locked.save(update_fields=["status", "failure", "updated_at"])
    attempt.refresh_from_db()
    if status in (PaymentAttempt.Status.FAILED, PaymentAttempt.Status.CANCELED) and not attempt.order_id:
        attempt.basket.thaw()


def place_paid_order(attempt: PaymentAttempt) -> Any:
    """Place the order of a succeeded payment, once. Returns the order, or None when it could not
    be placed: then the payment is refunded and the buyer's basket comes back."""
    try:
        with transaction.atomic():
            attempt = PaymentAttempt.objects.select_for_update().get(pk=attempt.pk)
            if attempt.order_id:
                return attempt.order
            if attempt.status == PaymentAttempt.Status.REFUNDED:
                return None
            basket = Basket.objects.select_for_update().get(pk=attempt.basket_id)
            address_data = dict(attempt.shipping_address)
            address = ShippingAddress(country_id=address_data.pop("country"), **address_data)
            order = create_order(basket, attempt.user, address, order_number=attempt.order_number,
                                 order_kwargs={"guest_mobile": attempt.guest_mobile} if attempt.guest_mobile else None,
                                 shipping_method_code=attempt.shipping_method_code, expected_total=attempt.amount)
            source_type, _created = SourceType.objects.get_or_create(code="stripe", defaults={"name": "Stripe"})
            source = Source.objects.create(order=order, source_type=source_type, currency=attempt.currency,
                                           amount_allocated=attempt.amount, amount_debited=attempt.amount,
                                           reference=attempt.intent_id)
            Transaction.objects.create(source=source, txn_type=Transaction.DEBIT, amount=attempt.amount,
                                       reference=attempt.intent_id, status="succeeded")
            paid, _created = PaymentEventType.objects.get_or_create(code="paid", defaults={"name": "Paid"})
            PaymentEvent.objects.create(order=order, amount=attempt.amount, reference=attempt.intent_id,
                                        event_type=paid)
            attempt.order = order
            attempt.status = PaymentAttempt.Status.SUCCEEDED
            attempt.save(update_fields=["order", "status", "updated_at"])
            logger.info("payment.succeeded", extra={"order": order.number, "attempt": attempt.pk,
                                                    "amount": str(attempt.amount)})
            return order
    except (UnableToPlaceOrder, ValueError, StopIteration) as exc:
        reason = str(exc) or _("The order could not be placed.")
        logger.warning("Order %s paid but not placed (%s); refunding", attempt.order_number, reason)
        refund_unplaced(attempt, reason)
        return None


@transaction.atomic
def refund_unplaced(attempt: PaymentAttempt, reason: str) -> PaymentAttempt:
    """Give the money back for a payment whose order could not be placed, and the basket too; once.

    The decision is taken under the attempt's row lock and written before Stripe is asked, so a
    second caller (the webhook and the buyer's return both get here) waits for it, finds the
    attempt refunded and asks nothing. If Stripe refuses, the decision rolls back with the
    transaction and the next caller tries again under the same idempotency key.
    """
    attempt = PaymentAttempt.objects.select_for_update().get(pk=attempt.pk)
    if attempt.order_id or attempt.status == PaymentAttempt.Status.REFUNDED:
        return attempt
    attempt.status = PaymentAttempt.Status.REFUNDED
    attempt.failure = reason[:255]
    attempt.save(update_fields=["status", "failure", "updated_at"])
    Basket.objects.get(pk=attempt.basket_id).thaw()
    assert attempt.intent_id, "a payment that reached Stripe has an intent"
    stripe_refund = gateway.refund(attempt.intent_id, attempt.amount, key=f"unplaced-{attempt.idempotency_key}")
    attempt.refund_id = stripe_refund.id
    attempt.save(update_fields=["refund_id"])
    logger.info("payment.refunded_unplaced", extra={"order": attempt.order_number, "attempt": attempt.pk,
                                                    "amount": str(attempt.amount)})
    return attempt


def charges_exactly(attempt: PaymentAttempt, intent: Any) -> bool:
    """Whether the intent is for exactly the attempt's amount and currency."""
    return intent.amount == yuan_to_fen(attempt.amount) and intent.currency == attempt.currency.lower()


def sync_with_intent(attempt: PaymentAttempt, intent: Any) -> Any:
    """Bring the attempt in line with the PaymentIntent, as read from Stripe (the return page and webhooks)."""
    if intent.status == "succeeded":
        if charges_exactly(attempt, intent):
            return place_paid_order(attempt)
        logger.error("Order %s: intent %s says succeeded for %s %s, the attempt is for %s %s fen; nothing placed",
                     attempt.order_number, intent.id, intent.amount, intent.currency, yuan_to_fen(attempt.amount),
                     attempt.currency)
        return None
    if intent.status == "processing":
        advance(attempt, PaymentAttempt.Status.PROCESSING)
    elif intent.status == "canceled":
        advance(attempt, PaymentAttempt.Status.CANCELED)
    elif intent.status == "requires_payment_method" and gateway.payment_error(intent):
        advance(attempt, PaymentAttempt.Status.FAILED, failure=gateway.payment_error(intent))
    return None
