"""Stripe's webhook: a signature proves who sent a body, not that the body makes sense or that
the payment it claims happened."""

import json
import time

import pytest
from django.test import Client
from django.urls import reverse
from oscar.core.loading import get_model

from core.money import yuan_to_fen
from shop.payments.models import StripeEvent
from tests.paying import post_body, post_event, return_url, start_paying, stock_honey

Order = get_model("order", "Order")
Basket = get_model("basket", "Basket")
pytestmark = pytest.mark.django_db


@pytest.fixture
def paid(client, county, fake_stripe):
    """A buyer whose payment Stripe has taken; the webhook has not come yet."""
    stock_honey(county)
    attempt = start_paying(client, county)
    fake_stripe.succeed(attempt.intent_id)
    return attempt


def succeeded_event(fake_stripe, attempt):
    return fake_stripe.event("payment_intent.succeeded", fake_stripe.intents[attempt.intent_id])


def refund_event(fake_stripe, attempt, **changes):
    charge = {"id": "ch_1", "object": "charge", "payment_intent": attempt.intent_id,
              "amount": fake_stripe.intents[attempt.intent_id]["amount"], "amount_refunded": 100, "refunded": False}
    return fake_stripe.event("charge.refunded", dict(charge, **changes))


def with_object(event, **changes):
    return dict(event, data={"object": dict(event["data"]["object"], **changes)})


def nothing_written(attempt):
    attempt.refresh_from_db()
    return (StripeEvent.objects.count() == 0 and Order.objects.count() == 0 and attempt.status == "created"
            and attempt.failure == "" and Basket.objects.get(pk=attempt.basket_id).status == "Frozen")


# Each: a function of (fake Stripe, attempt) giving the signed body.
MALFORMED = {
    "a JSON list": lambda f, a: json.dumps([succeeded_event(f, a)]),
    "a JSON string": lambda f, a: json.dumps("payment_intent.succeeded"),
    "not JSON": lambda f, a: '{"id": "evt_1", ',
    "nested too deep for the parser": lambda f, a: "[" * 200_000 + "]" * 200_000,
    "no id": lambda f, a: json.dumps({k: v for k, v in succeeded_event(f, a).items() if k != "id"}),
    "a 300-character id": lambda f, a: json.dumps(dict(succeeded_event(f, a), id="evt_" + "x" * 296)),
    "a numeric id": lambda f, a: json.dumps(dict(succeeded_event(f, a), id=12345)),
    "an id that is not an event's": lambda f, a: json.dumps(dict(succeeded_event(f, a), id="evt_1'; --")),
    "a list as type": lambda f, a: json.dumps(dict(succeeded_event(f, a), type=["payment_intent.succeeded"])),
    "no type": lambda f, a: json.dumps({k: v for k, v in succeeded_event(f, a).items() if k != "type"}),
    "a 101-character type": lambda f, a: json.dumps(dict(succeeded_event(f, a), type="payment_intent." + "x" * 86)),
    "livemode as a string": lambda f, a: json.dumps(dict(succeeded_event(f, a), livemode="false")),
    "livemode as a number": lambda f, a: json.dumps(dict(succeeded_event(f, a), livemode=0)),
    "no data": lambda f, a: json.dumps({k: v for k, v in succeeded_event(f, a).items() if k != "data"}),
    "data without object": lambda f, a: json.dumps(dict(succeeded_event(f, a), data={})),
    "data as a list": lambda f, a: json.dumps(dict(succeeded_event(f, a), data=[])),
    "data.object as a string": lambda f, a: json.dumps(dict(succeeded_event(f, a), data={"object": "pi_1"})),
    "an intent without id": lambda f, a: json.dumps(with_object(succeeded_event(f, a), id=None)),
    "an intent id that is an object": lambda f, a: json.dumps(with_object(succeeded_event(f, a), id={"$ne": 1})),
    "a 300-character intent id": lambda f, a: json.dumps(with_object(succeeded_event(f, a), id="pi_" + "9" * 297)),
    "a failure that is a string": lambda f, a: json.dumps(with_object(
        dict(succeeded_event(f, a), type="payment_intent.payment_failed"), last_payment_error="declined")),
    "a failure message that is a number": lambda f, a: json.dumps(with_object(
        dict(succeeded_event(f, a), type="payment_intent.payment_failed"), last_payment_error={"message": 7})),
    "amount_refunded: lots": lambda f, a: json.dumps(refund_event(f, a, amount_refunded="lots")),
    "amount_refunded negative": lambda f, a: json.dumps(refund_event(f, a, amount_refunded=-100)),
    "amount_refunded true": lambda f, a: json.dumps(refund_event(f, a, amount_refunded=True)),
    "amount_refunded a fraction": lambda f, a: json.dumps(refund_event(f, a, amount_refunded=10.5)),
    "amount_refunded beyond any column": lambda f, a: json.dumps(refund_event(f, a, amount_refunded=10**15,
                                                                             amount=10**15)),
    "amount_refunded of 5,000 digits": lambda f, a: json.dumps(refund_event(f, a)).replace(
        '"amount_refunded": 100', '"amount_refunded": ' + "9" * 5000),
    "amount_refunded infinite": lambda f, a: json.dumps(refund_event(f, a)).replace(
        '"amount_refunded": 100', '"amount_refunded": Infinity'),
    "more refunded than charged": lambda f, a: json.dumps(refund_event(f, a, amount_refunded=30000)),
    "a refunded charge's intent that is a number": lambda f, a: json.dumps(refund_event(f, a, payment_intent=7)),
}


def test_signed_but_malformed_bodies_are_refused_and_write_nothing(paid, fake_stripe):
    # Each refusal writes nothing, so every case is tried on the same paid attempt.
    for case, body in MALFORMED.items():
        response = post_body(Client(), body(fake_stripe, paid))
        assert response.status_code == 400, case
        assert nothing_written(paid), case


def test_the_same_events_well_formed_are_applied(paid, fake_stripe):
    # The cases above are refused for their fault alone: the untouched events go through.
    assert post_event(Client(), refund_event(fake_stripe, paid)).status_code == 200
    assert post_event(Client(), succeeded_event(fake_stripe, paid)).status_code == 200
    assert Order.objects.count() == 1 and StripeEvent.objects.count() == 2


@pytest.mark.parametrize("charge", [
    {"amount_refunded": 0},  # nothing refunded yet
    {"amount_refunded": 30000, "amount": 30000},  # all of it
    {"amount_refunded": 10**12 - 1, "amount": 10**12 - 1},  # the most a column of money holds, in fen
    {"amount": None},  # Stripe left the charge's amount out
])
def test_the_ends_of_what_a_refund_event_may_say_are_accepted(paid, fake_stripe, charge):
    event = refund_event(fake_stripe, paid, **charge)
    event["data"]["object"] = {k: v for k, v in event["data"]["object"].items() if v is not None}
    assert post_event(Client(), event).status_code == 200
    assert StripeEvent.objects.count() == 1


# What the log says was wrong: the field, for whoever reads why Stripe's retries keep failing.
REFUSED_FOR = {
    "not JSON": "not JSON", "a JSON list": "not an object", "no id": "id", "no type": "type",
    "livemode as a string": "livemode", "data as a list": "data.object", "an intent without id": "data.object.id",
    "a failure that is a string": "data.object.last_payment_error",
    "a refunded charge's intent that is a number": "data.object.payment_intent",
    "amount_refunded negative": "data.object.amount_refunded", "more refunded than charged": "data.object.amount",
}


def test_the_log_names_what_was_wrong_with_a_refused_body(paid, fake_stripe, caplog):
    for case, field in REFUSED_FOR.items():
        caplog.clear()
        with caplog.at_level("WARNING", logger="shop.payments.views"):
            post_body(Client(), MALFORMED[case](fake_stripe, paid))
        assert [record.detail for record in caplog.records if getattr(record, "why", "") == "malformed"] == [
            field], case


def test_bodies_without_a_usable_signature_are_refused(paid, fake_stripe):
    body = json.dumps(succeeded_event(fake_stripe, paid))
    no_header = Client().post(reverse("payments:stripe-webhook"), body, content_type="application/json")
    garbage = post_body(Client(), body, header="t=soon,v1=abc")
    not_utf8 = post_body(Client(), b"\xff\xfe" + body.encode(), header="t=1,v1=abc")
    assert [r.status_code for r in (no_header, garbage, not_utf8)] == [400, 400, 400]
    assert nothing_written(paid)


def test_a_signature_dated_in_the_future_is_refused_like_a_stale_one(paid, fake_stripe):
    now = int(time.time())
    for offset in (330, 3600, 86400 * 365):  # past the five minutes by more than a slow request takes
        response = post_event(Client(), succeeded_event(fake_stripe, paid), timestamp=now + offset)
        assert response.status_code == 400, offset
        assert nothing_written(paid), offset


@pytest.mark.parametrize("offset", [-270, 270])
def test_a_signature_within_five_minutes_either_way_is_accepted(paid, fake_stripe, offset):
    response = post_event(Client(), succeeded_event(fake_stripe, paid), timestamp=int(time.time()) + offset)
    assert response.status_code == 200 and Order.objects.count() == 1


def test_a_signed_succeeded_event_for_an_unpaid_intent_places_nothing(client, county, fake_stripe):
    stock_honey(county)
    attempt = start_paying(client, county)
    # Stripe says the intent still waits for a payment; the event claims it succeeded.
    claim = dict(fake_stripe.intents[attempt.intent_id], status="succeeded")
    assert post_event(Client(), fake_stripe.event("payment_intent.succeeded", claim)).status_code == 200
    assert fake_stripe.requests_to("GET", f"/v1/payment_intents/{attempt.intent_id}")
    attempt.refresh_from_db()
    assert Order.objects.count() == 0 and attempt.status == "created" and attempt.order is None
    assert Basket.objects.get(pk=attempt.basket_id).status == "Frozen"
    # When the payment really succeeds, Stripe's next event places the order.
    fake_stripe.succeed(attempt.intent_id)
    post_event(Client(), fake_stripe.event("payment_intent.succeeded", fake_stripe.intents[attempt.intent_id]))
    assert Order.objects.count() == 1


@pytest.mark.parametrize("change", [{"amount": 100}, {"currency": "hkd"}])
def test_an_intent_for_another_amount_or_currency_places_nothing(client, paid, fake_stripe, change, caplog):
    # Stripe's intent (not just the event) says it succeeded, but not for what the order costs.
    fake_stripe.intents[paid.intent_id].update(change)
    event = succeeded_event(fake_stripe, paid)
    assert post_event(Client(), event).status_code == 200
    paid.refresh_from_db()
    assert Order.objects.count() == 0 and paid.status == "created"
    intent = fake_stripe.intents[paid.intent_id]
    assert [r.getMessage() for r in caplog.records if r.levelname == "ERROR"] == [
        f"Order {paid.order_number}: intent {paid.intent_id} says succeeded for {intent['amount']} "
        f"{intent['currency']}, the attempt is for {yuan_to_fen(paid.amount)} {paid.currency} fen; nothing placed"]
    # Nor does the buyer's return place it.
    assert client.get(return_url(paid)).status_code == 200 and Order.objects.count() == 0


def test_when_stripe_cannot_be_read_back_the_event_is_refused_for_a_retry(paid, fake_stripe, settings):
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"  # nothing listens there
    event = succeeded_event(fake_stripe, paid)
    assert post_event(Client(), event).status_code == 503
    assert nothing_written(paid)
    # Stripe sends it again later, and then it is applied.
    settings.STRIPE_API_BASE = fake_stripe.base_url
    assert post_event(Client(), event).status_code == 200 and Order.objects.count() == 1


def test_when_stripe_cannot_be_reached_the_buyers_return_says_check_again(client, paid, fake_stripe, settings):
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"
    response = client.get(return_url(paid))
    assert response.status_code == 200 and "payments/processing.html" in [t.name for t in response.templates]
    assert nothing_written(paid)
    settings.STRIPE_API_BASE = fake_stripe.base_url
    assert client.get(return_url(paid)).url == reverse("checkout:thank-you")
