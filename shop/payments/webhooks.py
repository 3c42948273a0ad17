"""What Stripe tells us, checked, applied once and only forward.

A signed body is still only read as far as it has been checked (`parse`): whatever is not shaped
like the events we use is refused before anything is written. Every event is a claim, acted on
only as Stripe itself answers when asked back: a `payment_intent.*` event reads the intent back
(flow.sync_with_intent places an order, or marks it processing, failed or canceled, from the
intent's own status), a `charge.refunded` reads the intent's refunds back.
"""

import json
import logging
import re
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from oscar.core.loading import get_model

from core.money import fen_to_yuan
from shop.payments import gateway
from shop.payments.flow import advance, sync_with_intent
from shop.payments.models import PaymentAttempt, StripeEvent

logger = logging.getLogger(__name__)

Source = get_model("payment", "Source")

# Stripe's ids are a prefix and letters, digits or "_"; these also fit the columns they are stored in.
EVENT_ID = re.compile(r"evt_[A-Za-z0-9_]{1,251}")  # StripeEvent.event_id: 255
EVENT_TYPE = re.compile(r"[a-z][a-z0-9_.]{0,99}")  # StripeEvent.type: 100
INTENT_ID = re.compile(r"pi_[A-Za-z0-9_]{1,252}")  # PaymentAttempt.intent_id: 255
# Money fits the 12-digit amount columns (¥9,999,999,999.99).
MAX_FEN = 10**12 - 1


INTENT_EVENTS = {"payment_intent.succeeded", "payment_intent.payment_failed", "payment_intent.processing",
                 "payment_intent.canceled"}


class MalformedEvent(ValueError):
    """A signed body that is not an event we can read."""


@dataclass(frozen=True)
class Event:
    id: str
    type: str
    livemode: bool
    object: dict[str, Any]


def _require(condition: object, what: str) -> None:
    if not condition:
        raise MalformedEvent(what)


def _is_id(pattern: re.Pattern[str], value: object) -> bool:
    return isinstance(value, str) and pattern.fullmatch(value) is not None


def _is_fen(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_FEN


def parse(payload: bytes | str) -> Event:
    """The event in a (verified) webhook body; raises MalformedEvent for anything else."""
    try:
        data = json.loads(payload)
    except (ValueError, RecursionError) as exc:  # not JSON, not UTF-8, nested too deep, a 5,000-digit number
        raise MalformedEvent("not JSON") from exc
    _require(isinstance(data, dict), "not an object")
    _require(_is_id(EVENT_ID, data.get("id")), "id")
    _require(isinstance(data.get("type"), str) and EVENT_TYPE.fullmatch(data["type"]), "type")
    _require(isinstance(data.get("livemode"), bool), "livemode")
    _require(isinstance(data.get("data"), dict) and isinstance(data["data"].get("object"), dict), "data.object")
    event = Event(id=data["id"], type=data["type"], livemode=data["livemode"], object=data["data"]["object"])
    obj = event.object
    if event.type.startswith("payment_intent."):
        _require(_is_id(INTENT_ID, obj.get("id")), "data.object.id")
        error = obj.get("last_payment_error")
        _require(error is None or (isinstance(error, dict) and isinstance(error.get("message") or "", str)),
                 "data.object.last_payment_error")
    elif event.type == "charge.refunded":
        intent = obj.get("payment_intent")
        _require(intent is None or _is_id(INTENT_ID, intent), "data.object.payment_intent")
        _require(_is_fen(obj.get("amount_refunded")), "data.object.amount_refunded")
        amount = obj.get("amount", MAX_FEN)
        _require(_is_fen(amount) and obj["amount_refunded"] <= amount, "data.object.amount")
    return event


def record_once(event: Event) -> bool:
    """True the first time this event id is seen; a replay, even a concurrent one, gets False."""
    _event, created = StripeEvent.objects.get_or_create(
        event_id=event.id, defaults={"type": event.type, "livemode": event.livemode})
    return created


def apply(event: Event) -> None:
    obj = event.object
    if event.type in INTENT_EVENTS:
        attempt = PaymentAttempt.objects.filter(intent_id=obj["id"]).first()
        if attempt is None:
            return
        # Only Stripe's own answer moves the attempt: a succeeded intent must be for exactly the
        # attempt's amount and currency (sync_with_intent checks) before an order is placed.
        sync_with_intent(attempt, gateway.retrieve_intent(obj["id"]))
    elif event.type == "charge.refunded" and obj.get("payment_intent"):
        attempt = PaymentAttempt.objects.filter(intent_id=obj["payment_intent"]).first()
        if attempt is None:
            return
        refunded = fen_to_yuan(gateway.refunded_fen(obj["payment_intent"]))
        # Absolute amounts: the same refund reported twice changes nothing the second time.
        Source.objects.filter(reference=attempt.intent_id, amount_refunded__lt=refunded).update(
            amount_refunded=refunded)
        if refunded >= attempt.amount:
            advance(attempt, PaymentAttempt.Status.REFUNDED)


@transaction.atomic
def handle(event: Event) -> None:
    if record_once(event):
        apply(event)
