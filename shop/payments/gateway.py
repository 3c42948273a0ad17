"""Every call to Stripe goes through this module.

Switched on by STRIPE_SECRET_KEY, STRIPE_PUBLISHABLE_KEY and STRIPE_WEBHOOK_SECRET. Amounts
cross as fen (core.money). STRIPE_API_BASE points the client elsewhere (the tests'
fake server on loopback).
"""

from __future__ import annotations

import logging
import time
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import stripe
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.money import yuan_to_fen

if TYPE_CHECKING:
    from shop.payments.models import PaymentAttempt

# How far a webhook's signed timestamp may be from now, either way (Stripe's own default, 5 minutes).
WEBHOOK_TOLERANCE = 300

# Card everywhere; Alipay and WeChat Pay are what Chinese buyers use.
PAYMENT_METHOD_TYPES = ["card", "alipay", "wechat_pay"]

logger = logging.getLogger(__name__)


def is_enabled() -> bool:
    return bool(settings.STRIPE_SECRET_KEY and settings.STRIPE_PUBLISHABLE_KEY and settings.STRIPE_WEBHOOK_SECRET)


def is_live() -> bool:
    return settings.STRIPE_SECRET_KEY.startswith(("sk_live_", "rk_live_"))


def client() -> stripe.StripeClient:
    options: dict[str, Any] = {"max_network_retries": settings.STRIPE_MAX_NETWORK_RETRIES}
    if settings.STRIPE_API_BASE:
        options["base_addresses"] = {"api": settings.STRIPE_API_BASE}
    return stripe.StripeClient(settings.STRIPE_SECRET_KEY, **options)


def create_intent(attempt: PaymentAttempt) -> stripe.PaymentIntent:
    """The PaymentIntent for an attempt; the attempt's idempotency key makes a retry return the same one."""
    logger.info("payment.attempt", extra={"order": attempt.order_number, "attempt": attempt.pk,
                                          "amount": str(attempt.amount), "currency": attempt.currency})
    return client().v1.payment_intents.create(
        params={
            "amount": yuan_to_fen(attempt.amount),
            "currency": attempt.currency.lower(),
            "payment_method_types": PAYMENT_METHOD_TYPES,  # type: ignore[typeddict-unknown-key]  # Stripe takes it
            "payment_method_options": {"wechat_pay": {"client": "web"}},
            "metadata": {"order_number": attempt.order_number, "attempt": str(attempt.pk)},
            "description": f"Order {attempt.order_number}",
        },
        options={"idempotency_key": f"intent-{attempt.idempotency_key}"},
    )


def retrieve_intent(intent_id: str) -> stripe.PaymentIntent:
    return client().v1.payment_intents.retrieve(intent_id)


def cancel_intent(intent_id: str, *, key: str) -> stripe.PaymentIntent:
    return client().v1.payment_intents.cancel(intent_id, options={"idempotency_key": f"cancel-{key}"})


def refund(intent_id: str, amount: Decimal, *, key: str) -> stripe.Refund:
    """Refund `amount` yuan of the intent; `key` names this refund so a retry refunds once."""
    return client().v1.refunds.create(
        params={"payment_intent": intent_id, "amount": yuan_to_fen(amount)},
        options={"idempotency_key": f"refund-{key}"},
    )


def refunded_fen(intent_id: str) -> int:
    """What Stripe has refunded of the intent, in fen: its succeeded refunds, read back."""
    refunds = client().v1.refunds.list(params={"payment_intent": intent_id, "limit": 100})
    return sum(refund.amount for refund in refunds.auto_paging_iter() if refund.status == "succeeded")


# Why a card payment failed, in the buyer's language, by Stripe's decline or error code: Stripe's
# own message is English (the pay page's Stripe.js speaks the buyer's language itself).
DECLINES = {
    "card_declined": _("The card was declined."),
    "generic_decline": _("The card was declined."),
    "insufficient_funds": _("The card's balance is not enough."),
    "expired_card": _("The card has expired."),
    "incorrect_cvc": _("The card's security code is wrong."),
    "incorrect_number": _("The card number is wrong."),
    "processing_error": _("The card could not be charged just now."),
    "authentication_required": _("The bank asked to confirm the payment, and it was not confirmed."),
    "lost_card": _("The card was declined."),
    "stolen_card": _("The card was declined."),
}


def payment_error(intent: Any) -> str:
    """Why the intent's last payment failed ("" if none), as a code of DECLINES when Stripe gives a
    known one (shown in the buyer's language by `failure_message`), else Stripe's words."""
    error = getattr(intent, "last_payment_error", None)
    if not error:
        return ""
    for code in (getattr(error, "decline_code", None), getattr(error, "code", None)):
        if code in DECLINES:
            return str(code)
    return getattr(error, "message", "") or ""


def failure_message(failure: str) -> str:
    """An attempt's failure as the buyer reads it: a known code in their language, else as kept."""
    return str(DECLINES[failure]) if failure in DECLINES else failure


def verify_webhook(payload: bytes | str, signature: str) -> None:
    """Raise SignatureVerificationError unless the raw body carries our endpoint's signature with a
    timestamp within WEBHOOK_TOLERANCE of now. Stripe's check refuses only old timestamps; a
    signature dated in the future (a replay prepared in advance, a clock far off) is refused too."""
    stripe.WebhookSignature.verify_header(payload, signature, settings.STRIPE_WEBHOOK_SECRET, WEBHOOK_TOLERANCE)
    # The timestamp Stripe's check has just verified: the first t= of the header.
    signed_at = int(next(item.split("=", 2)[1] for item in signature.split(",") if item.split("=", 2)[0] == "t"))
    if signed_at > time.time() + WEBHOOK_TOLERANCE:
        raise stripe.SignatureVerificationError(f"Timestamp in the future ({signed_at})", signature, payload)
