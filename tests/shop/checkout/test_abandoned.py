"""A checkout abandoned with the basket frozen gives the buyer the goods back, unless they were paid for."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from catalog.supply import record_supply
from shop.checkout.abandoned import thaw_abandoned_baskets
from shop.payments import gateway
from shop.payments.models import FrozenBasket, PaymentAttempt
from tests.helpers import add_to_basket, check_out_cash_on_delivery, log_in
from tests.paying import post_event, start_paying, stock_honey

Order = get_model("order", "Order")
Basket = get_model("basket", "Basket")
pytestmark = pytest.mark.django_db


@pytest.fixture
def stocked(county):
    stock_honey(county, quantity=5)
    record_supply(recorded_by=county.coordinator, household=county.yu, product=county.chicken, quantity=2,
                  unit_price="120")
    return county


def frozen_ago(attempt_or_basket, **ago):
    basket_id = getattr(attempt_or_basket, "basket_id", None) or attempt_or_basket.pk
    FrozenBasket.objects.filter(basket_id=basket_id).update(frozen_at=timezone.now() - datetime.timedelta(**ago))


def what_the_buyer_sees(client):
    response = client.get(reverse("basket:summary"))
    assert response.status_code == 200
    return sorted((line.product.title, line.quantity) for line in response.context["basket"].all_lines())


def thaw(**options):
    out = StringIO()
    call_command("thaw_baskets", stdout=out, **options)
    return out.getvalue()


@pytest.mark.parametrize("payment", ["never paid", "failed"])
def test_a_basket_frozen_two_hours_ago_comes_back_to_the_buyer(client, stocked, fake_stripe, payment):
    attempt = start_paying(client, stocked, quantity=2)
    if payment == "failed":
        # The failure was recorded, but the server died before the basket was thawed.
        fake_stripe.fail(attempt.intent_id)
        PaymentAttempt.objects.filter(pk=attempt.pk).update(status="failed")
    frozen_ago(attempt, hours=2)
    # Meanwhile the basket the buyer sees is an empty new one; they put a chicken in it.
    assert what_the_buyer_sees(client) == []
    add_to_basket(client, stocked.chicken, 1)

    assert f"1 basket(s) frozen for more than 60 minutes thawed: {attempt.basket_id}" in thaw()

    assert what_the_buyer_sees(client) == sorted([(stocked.honey.title, 2), (stocked.chicken.title, 1)])
    # The intent can no longer be paid from a page left open.
    assert fake_stripe.intents[attempt.intent_id]["status"] == "canceled"
    attempt.refresh_from_db()
    assert attempt.status == ("canceled" if payment == "never paid" else "failed")
    response = client.get(reverse("payments:pay", kwargs={"key": attempt.idempotency_key}))
    assert response.status_code == 302 and response.url == reverse("checkout:payment-details")


def test_a_basket_frozen_less_long_than_the_setting_stays_frozen(client, stocked, fake_stripe, settings):
    attempt = start_paying(client, stocked)
    frozen_ago(attempt, minutes=50)
    assert "0 basket(s)" in thaw()
    settings.CHECKOUT_FROZEN_BASKET_MINUTES = 30
    assert f"thawed: {attempt.basket_id}" in thaw()


def test_the_command_takes_the_minutes_from_its_option_too(client, stocked, fake_stripe):
    attempt = start_paying(client, stocked)
    frozen_ago(attempt, minutes=50)
    assert "0 basket(s) frozen for more than 60 minutes" in thaw()
    assert f"thawed: {attempt.basket_id}" in thaw(minutes=45)
    assert Basket.objects.get(pk=attempt.basket_id).status == "Open"


def test_a_fresh_checkout_is_left_alone(client, stocked, fake_stripe):
    attempt = start_paying(client, stocked)
    assert thaw_abandoned_baskets(older_than=datetime.timedelta(minutes=60)).thawed == []
    assert Basket.objects.get(pk=attempt.basket_id).status == "Frozen"
    assert fake_stripe.intents[attempt.intent_id]["status"] == "requires_payment_method"
    assert fake_stripe.requests_to("POST", f"/v1/payment_intents/{attempt.intent_id}/cancel") == []


@pytest.mark.parametrize("stripe_says", ["succeeded", "processing"])
def test_a_basket_paid_for_at_stripe_stays_frozen_for_its_order(client, stocked, fake_stripe, stripe_says):
    # The buyer paid; neither the webhook nor the buyer has come back yet.
    attempt = start_paying(client, stocked, quantity=2)
    fake_stripe.intents[attempt.intent_id]["status"] = stripe_says
    frozen_ago(attempt, hours=2)
    report = thaw_abandoned_baskets(older_than=datetime.timedelta(minutes=60))
    assert report.thawed == [] and attempt.basket_id in report.kept
    assert Basket.objects.get(pk=attempt.basket_id).status == "Frozen"
    assert fake_stripe.intents[attempt.intent_id]["status"] == stripe_says
    # Then Stripe's webhook places the order from it.
    fake_stripe.succeed(attempt.intent_id)
    post_event(Client(), fake_stripe.event("payment_intent.succeeded", fake_stripe.intents[attempt.intent_id]))
    assert Order.objects.get().basket_id == attempt.basket_id
    assert Basket.objects.get(pk=attempt.basket_id).status == "Submitted"


def test_a_paid_attempt_is_found_even_behind_an_abandoned_one(client, stocked, fake_stripe):
    # The buyer's first payment failed; they paid again with a second attempt (its own intent).
    first = start_paying(client, stocked)
    fake_stripe.fail(first.intent_id)
    PaymentAttempt.objects.filter(pk=first.pk).update(status="failed")
    second = PaymentAttempt.objects.create(
        basket=first.basket, user=first.user, order_number=first.order_number, amount=first.amount,
        shipping_address=first.shipping_address, shipping_method_code=first.shipping_method_code)
    second.intent_id = gateway.create_intent(second).id
    second.save()
    fake_stripe.succeed(second.intent_id)
    frozen_ago(first, hours=2)
    assert thaw_abandoned_baskets(older_than=datetime.timedelta(minutes=60)).thawed == []
    # Nothing was cancelled either.
    assert fake_stripe.requests_to("POST", f"/v1/payment_intents/{first.intent_id}/cancel") == []
    assert Basket.objects.get(pk=first.basket_id).status == "Frozen"


def test_a_basket_frozen_by_a_cash_on_delivery_checkout_that_died_comes_back(client, stocked):
    log_in(client, stocked.buyer)
    add_to_basket(client, stocked.chicken, 2)
    basket = Basket.objects.get(owner=stocked.buyer, status="Open")
    basket.freeze()
    FrozenBasket.objects.create(basket=basket, frozen_at=timezone.now() - datetime.timedelta(hours=3))
    assert what_the_buyer_sees(client) == []
    thaw()
    assert what_the_buyer_sees(client) == [(stocked.chicken.title, 2)]


def test_baskets_frozen_before_freezes_were_recorded_go_by_their_payment_attempt(client, stocked, fake_stripe):
    attempt = start_paying(client, stocked)
    FrozenBasket.objects.all().delete()
    PaymentAttempt.objects.filter(pk=attempt.pk).update(created_at=timezone.now() - datetime.timedelta(hours=5))
    assert thaw_abandoned_baskets(older_than=datetime.timedelta(minutes=60)).thawed == [attempt.basket_id]


def test_when_stripe_cannot_be_reached_the_basket_stays_frozen(client, stocked, fake_stripe, settings):
    attempt = start_paying(client, stocked)
    frozen_ago(attempt, hours=2)
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"  # nothing listens there
    assert "stays frozen: Stripe did not answer" in thaw()
    assert Basket.objects.get(pk=attempt.basket_id).status == "Frozen"
    attempt.refresh_from_db()
    assert attempt.status == "created"


def test_a_basket_whose_payment_was_given_back_comes_back(client, stocked, fake_stripe):
    # Stripe refunded the payment (its charge.refunded came) but the basket stayed frozen: the
    # intent still says "succeeded", yet that money is back with the buyer.
    attempt = start_paying(client, stocked)
    fake_stripe.succeed(attempt.intent_id)
    PaymentAttempt.objects.filter(pk=attempt.pk).update(status="refunded")
    frozen_ago(attempt, hours=2)
    assert thaw_abandoned_baskets(older_than=datetime.timedelta(minutes=60)).thawed == [attempt.basket_id]


def test_a_basket_already_given_back_is_neither_counted_nor_touched(client, stocked, fake_stripe):
    attempt = start_paying(client, stocked)
    fake_stripe.fail(attempt.intent_id)
    post_event(Client(), fake_stripe.event("payment_intent.payment_failed", fake_stripe.intents[attempt.intent_id]))
    assert Basket.objects.get(pk=attempt.basket_id).status == "Open"
    frozen_ago(attempt, hours=2)
    assert thaw_abandoned_baskets(older_than=datetime.timedelta(minutes=60)).thawed == []
    # The buyer may still try again on that intent: it is not cancelled.
    assert fake_stripe.intents[attempt.intent_id]["status"] == "requires_payment_method"


def test_a_frozen_basket_with_an_order_is_not_thawed(client, stocked):
    log_in(client, stocked.buyer)
    add_to_basket(client, stocked.chicken, 1)
    check_out_cash_on_delivery(client)
    order = Order.objects.get()
    # Whatever left it frozen, its order exists: it is not the buyer's to change any more.
    Basket.objects.filter(pk=order.basket_id).update(status="Frozen")
    frozen_ago(order.basket, hours=2)
    assert thaw_abandoned_baskets(older_than=datetime.timedelta(minutes=1)).thawed == []
    assert Basket.objects.get(pk=order.basket_id).status == "Frozen"
