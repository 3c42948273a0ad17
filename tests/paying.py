"""A buyer paying online, and Stripe's webhook, said with Django's test client and the fake Stripe."""

import json
import threading

from django.db import connection
from django.test import Client
from django.urls import reverse
from oscar.apps.order.utils import OrderNumberGenerator
from oscar.core.loading import get_class, get_model

from catalog.supply import record_supply
from shop.checkout.placement import priced
from shop.payments.flow import place_paid_order, start_attempt
from shop.payments.models import PaymentAttempt
from tests.factories import ADDR
from tests.fakes.stripe import FakeStripe
from tests.helpers import add_to_basket, check_out_cash_on_delivery, go_to_preview, log_in, place_order
from tests.plugins.stripe import WEBHOOK_SECRET

Basket = get_model("basket", "Basket")
Country = get_model("address", "Country")
ShippingAddress = get_model("order", "ShippingAddress")
Selector = get_class("partner.strategy", "Selector")


def place_online(buyer, items, fake_stripe):
    """An order paid online, placed the way Stripe's success places it (the real flow, the fake
    Stripe): items are [(product, quantity)]. Returns the order, or None when it was refused."""
    basket = Basket.objects.create(owner=buyer)
    basket.strategy = Selector().strategy(user=buyer)
    for product, quantity in items:
        basket.add_product(product, quantity)
    address = ShippingAddress(country=Country.objects.get(pk="CN"), **ADDR)
    method, _charge, total = priced(basket, buyer, address)
    basket.freeze()
    attempt = start_attempt(basket=basket, user=buyer, order_number=OrderNumberGenerator().order_number(basket),
                            amount=total.incl_tax, shipping_address=address, shipping_method_code=method.code)
    fake_stripe.succeed(attempt.intent_id)
    return place_paid_order(attempt)


def stock_honey(county, quantity=3):
    record_supply(recorded_by=county.coordinator, household=county.yu, product=county.honey, quantity=quantity,
                  unit_price="68")


def start_paying(client, county, quantity=1, user=None):
    """Log in, fill the basket with honey, choose online payment and press "place order"."""
    user = user or county.buyer
    log_in(client, user)
    add_to_basket(client, county.honey, quantity)
    go_to_preview(client, method="online")
    response = place_order(client)
    attempt = PaymentAttempt.objects.get(user=user, status="created")
    assert response.redirect_chain[-1][0] == reverse("payments:pay", kwargs={"key": attempt.idempotency_key})
    return attempt


def sell_one_jar_elsewhere(county):
    """Someone else buys a jar of honey on delivery meanwhile."""
    other = Client()
    log_in(other, county.neighbour_coordinator)
    add_to_basket(other, county.honey, 1)
    check_out_cash_on_delivery(other)


def return_url(attempt):
    return reverse("payments:return", kwargs={"key": attempt.idempotency_key})


def post_body(client, body, *, header=None, timestamp=None, secret=WEBHOOK_SECRET):
    """POST a raw body to the webhook, signed with our endpoint's secret unless `header` is given."""
    header = header if header is not None else FakeStripe.sign(body, secret, timestamp)
    return client.post(reverse("payments:stripe-webhook"), body, content_type="application/json",
                       HTTP_STRIPE_SIGNATURE=header)


def post_event(client, payload, **kwargs):
    return post_body(client, json.dumps(payload), **kwargs)


def waiting_for_a_lock():
    """Whether some session of this database is waiting for a row lock (PostgreSQL)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                       "AND wait_event_type = 'Lock'")
        return cursor.fetchone()[0] > 0


def in_thread(work):
    """Run `work` on a thread of its own (with its own database connection); returns the thread."""
    def run():
        try:
            work()
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread
