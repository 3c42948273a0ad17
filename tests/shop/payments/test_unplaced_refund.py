"""A payment whose order cannot be placed (the last jar went to someone else meanwhile) is
refunded once: the decision is taken under the attempt's lock and written before Stripe is asked."""

import time

import pytest
import stripe
from django.db import connection
from django.test import Client
from oscar.core.loading import get_model

from shop.payments.flow import refund_unplaced
from shop.payments.models import PaymentAttempt
from tests.paying import (
    in_thread,
    post_event,
    return_url,
    sell_one_jar_elsewhere,
    start_paying,
    stock_honey,
    waiting_for_a_lock,
)

Order = get_model("order", "Order")
Basket = get_model("basket", "Basket")
pytestmark = pytest.mark.django_db


def refund_requests(fake_stripe):
    return fake_stripe.requests_to("POST", "/v1/refunds")


def paid_for_three_but_two_left(client, county, fake_stripe):
    stock_honey(county, quantity=3)
    attempt = start_paying(client, county, quantity=3)
    sell_one_jar_elsewhere(county)
    fake_stripe.succeed(attempt.intent_id)
    return attempt


def assert_refunded_once(fake_stripe, attempt):
    attempt.refresh_from_db()
    assert len(refund_requests(fake_stripe)) == 1
    assert fake_stripe.refunded_fen(attempt.intent_id) == fake_stripe.intents[attempt.intent_id]["amount"]
    assert attempt.status == "refunded" and attempt.order is None
    assert attempt.refund_id == next(iter(fake_stripe.refunds))
    basket = Basket.objects.get(pk=attempt.basket_id)
    assert basket.status == "Open" and basket.num_items == 3


def test_webhook_then_return_page_refund_once(client, county, fake_stripe):
    attempt = paid_for_three_but_two_left(client, county, fake_stripe)
    intent = fake_stripe.intents[attempt.intent_id]
    assert post_event(Client(), fake_stripe.event("payment_intent.succeeded", intent)).status_code == 200
    response = client.get(return_url(attempt), follow=True)
    assert response.redirect_chain[-1][0] == "/basket/"
    post_event(Client(), fake_stripe.event("payment_intent.succeeded", intent))
    assert Order.objects.filter(user=county.buyer).count() == 0
    assert_refunded_once(fake_stripe, attempt)


def test_a_second_refund_decision_finds_the_first_and_asks_stripe_nothing(client, county, fake_stripe):
    attempt = paid_for_three_but_two_left(client, county, fake_stripe)
    client.get(return_url(attempt))
    # The other path (the webhook) had found the order unplaceable too and comes to refund.
    refund_unplaced(attempt, "sold out")
    assert_refunded_once(fake_stripe, attempt)


def test_when_stripe_cannot_be_reached_nothing_is_decided_and_the_next_caller_refunds(client, county, fake_stripe,
                                                                                    settings):
    stock_honey(county)
    attempt = start_paying(client, county)
    fake_stripe.succeed(attempt.intent_id)
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"  # nothing listens there
    with pytest.raises(stripe.APIConnectionError):
        refund_unplaced(attempt, "sold out")
    attempt.refresh_from_db()
    assert attempt.status == "created" and attempt.refund_id == ""
    assert Basket.objects.get(pk=attempt.basket_id).status == "Frozen"
    settings.STRIPE_API_BASE = fake_stripe.base_url
    refund_unplaced(attempt, "sold out")
    attempt.refresh_from_db()
    assert attempt.status == "refunded" and attempt.refund_id.startswith("re_")
    assert Basket.objects.get(pk=attempt.basket_id).status == "Open"
    assert len(refund_requests(fake_stripe)) == 1


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (CI runs the suite on it too)")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("second", ["webhook", "refund decision"])
def test_a_second_caller_while_the_first_waits_for_stripes_refund_does_not_refund_again(county, fake_stripe,
                                                                                       second):
    buyer = Client()
    attempt = paid_for_three_but_two_left(buyer, county, fake_stripe)
    event = fake_stripe.event("payment_intent.succeeded", fake_stripe.intents[attempt.intent_id])
    other = {}

    def come_second():
        if second == "webhook":
            other["result"] = post_event(Client(), event).status_code
        else:  # the webhook's path had found the order unplaceable as well and decides to refund
            other["result"] = refund_unplaced(attempt, "sold out").status

    def while_stripe_refunds(method, path, form):
        # The second caller comes while the buyer's return waits for Stripe's answer to the refund.
        if path != "/v1/refunds" or "thread" in other:
            return
        other["thread"] = in_thread(come_second)
        deadline = time.monotonic() + 30
        try:
            while other["thread"].is_alive() and not waiting_for_a_lock() and time.monotonic() < deadline:
                time.sleep(0.02)
        finally:
            connection.close()

    fake_stripe.before_answer = while_stripe_refunds
    response = buyer.get(return_url(attempt))
    other["thread"].join(timeout=60)
    assert response.status_code == 302 and other["result"] in (200, "refunded")
    assert Order.objects.filter(user=county.buyer).count() == 0
    assert PaymentAttempt.objects.get(pk=attempt.pk).status == "refunded"
    assert_refunded_once(fake_stripe, attempt)
