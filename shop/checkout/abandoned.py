"""Checkouts abandoned with the basket frozen: the goods go back into the buyer's basket.

Pressing "place order" freezes the basket (the checkout view records when, in FrozenBasket).
Normally the same request places the order, or the payment's outcome thaws or submits the basket
within minutes. When the server is killed in between, or the buyer leaves Stripe's page for good,
the basket would stay frozen with no order, and its goods would silently vanish from what the
buyer sees. `thaw_abandoned_baskets` (run periodically by `manage.py thaw_baskets`) gives them back
once a basket has been frozen longer than settings.CHECKOUT_FROZEN_BASKET_MINUTES, unless a payment
for it has gone through or is going through: then its order is being placed.
"""

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import stripe
from django.db import transaction
from django.db.models import Max
from django.db.models.functions import Coalesce
from django.utils import timezone
from oscar.core.loading import get_model

from shop.payments import gateway
from shop.payments.models import PaymentAttempt

logger = logging.getLogger(__name__)

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")

# Attempts whose PaymentIntent is done with: cancelled, or its money given back. Any other may be
# paid or being paid, a failed one too (the Payment Element lets the buyer try again on the same
# intent): Stripe is asked.
CLOSED_ATTEMPTS = (PaymentAttempt.Status.CANCELED, PaymentAttempt.Status.REFUNDED)
# Intents whose money has come or is coming: the webhook or the buyer's return places the order.
PAID_INTENTS = ("succeeded", "processing")


@dataclass
class ThawReport:
    thawed: list[int] = field(default_factory=list)
    kept: dict[int, str] = field(default_factory=dict)  # basket id → why it stays frozen


def frozen_baskets(*, frozen_before: datetime):
    """Baskets frozen for checkout before `frozen_before` that have no order.

    When it was frozen: the checkout view's record, or for baskets frozen before that record
    existed, their latest payment attempt. A basket with neither is left alone.
    """
    return (Basket.objects.filter(status=Basket.FROZEN, order__isnull=True)
            .annotate(frozen_since=Coalesce("checkout_freeze__frozen_at", Max("payment_attempts__created_at")))
            .filter(frozen_since__lt=frozen_before))


def thaw_abandoned_baskets(*, older_than: timedelta, now: datetime | None = None) -> ThawReport:
    """Thaw every basket frozen for checkout longer than `older_than` with no order and no payment
    through or under way; their unpaid PaymentIntents are cancelled at Stripe first, so a page
    left open cannot pay for them afterwards."""
    frozen_before = (now or timezone.now()) - older_than
    report = ThawReport()
    for basket_id in frozen_baskets(frozen_before=frozen_before).values_list("pk", flat=True):
        try:
            why_kept = _thaw(basket_id, frozen_before=frozen_before)
        except stripe.StripeError as exc:
            logger.warning("Basket %s stays frozen: Stripe did not answer (%s)", basket_id, exc)
            why_kept = f"Stripe did not answer: {exc}"
        if why_kept:
            report.kept[basket_id] = why_kept
        else:
            report.thawed.append(basket_id)
    return report


@transaction.atomic
def _thaw(basket_id: int, *, frozen_before: datetime) -> str:
    """Thaw one basket; returns why it was kept frozen ("" when thawed)."""
    # The same lock order as placing a paid order (attempt, then basket): one of the two waits.
    attempts = list(PaymentAttempt.objects.select_for_update().filter(basket_id=basket_id).order_by("pk"))
    basket = Basket.objects.select_for_update().get(pk=basket_id)
    if not frozen_baskets(frozen_before=frozen_before).filter(pk=basket_id).exists():
        return "no longer abandoned (placed, thawed or frozen again meanwhile)"
    unsettled = [(attempt, gateway.retrieve_intent(attempt.intent_id)) for attempt in attempts
                 if attempt.status not in CLOSED_ATTEMPTS and attempt.intent_id]
    for attempt, intent in unsettled:
        if intent.status in PAID_INTENTS:
            logger.info("Basket %s stays frozen: intent %s is %s", basket_id, intent.id, intent.status)
            return f"payment {intent.status} ({attempt.order_number})"
    for attempt, intent in unsettled:
        if intent.status != "canceled":
            # Stripe refuses if it was paid this very moment: the error keeps the basket frozen.
            gateway.cancel_intent(attempt.intent_id, key=f"abandoned-{attempt.idempotency_key}")
        if attempt.can_move_to(PaymentAttempt.Status.CANCELED):
            attempt.status = PaymentAttempt.Status.CANCELED
            attempt.save(update_fields=["status", "updated_at"])
    basket.thaw()
    logger.info("Basket %s of user %s thawed after an abandoned checkout", basket_id, basket.owner_id)
    return ""
