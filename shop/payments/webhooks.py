"""What Stripe tells us, applied once and only forward."""

from django.db import transaction
from oscar.core.loading import get_model

from shop.payments import gateway
from shop.payments.flow import advance, place_paid_order
from shop.payments.models import PaymentAttempt, StripeEvent
from shop.payments.money import from_fen

Source = get_model("payment", "Source")


def record_once(event):
    """True the first time this event id is seen; a replay, even a concurrent one, gets False."""
    _event, created = StripeEvent.objects.get_or_create(
        event_id=event.id, defaults={"type": event.type, "livemode": bool(event.livemode)})
    return created


def apply(event):
    obj = event.data.object
    if event.type.startswith("payment_intent."):
        attempt = PaymentAttempt.objects.filter(intent_id=obj.id).first()
        if attempt is None:
            return
        if event.type == "payment_intent.succeeded":
            place_paid_order(attempt)
        elif event.type == "payment_intent.payment_failed":
            advance(attempt, PaymentAttempt.Status.FAILED, gateway.payment_error(obj))
        elif event.type == "payment_intent.processing":
            advance(attempt, PaymentAttempt.Status.PROCESSING)
        elif event.type == "payment_intent.canceled":
            advance(attempt, PaymentAttempt.Status.CANCELED)
    elif event.type == "charge.refunded":
        attempt = PaymentAttempt.objects.filter(intent_id=obj.payment_intent).first()
        if attempt is None:
            return
        refunded = from_fen(obj.amount_refunded)
        # Absolute amounts: the same refund reported twice changes nothing the second time.
        Source.objects.filter(reference=attempt.intent_id, amount_refunded__lt=refunded).update(
            amount_refunded=refunded)
        if refunded >= attempt.amount:
            advance(attempt, PaymentAttempt.Status.REFUNDED)


@transaction.atomic
def handle(event):
    if record_once(event):
        apply(event)
