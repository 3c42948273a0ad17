"""Every order is confirmed to the buyer once, by the same path, however it was paid."""

import datetime
import threading

import pytest
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone
from oscar.core.loading import get_model

from catalog.supply import record_supply
from tests.factories import ADDR
from tests.factories import place_order as place_demo_order
from tests.helpers import add_to_basket, check_out_cash_on_delivery, log_in
from tests.paying import post_event, return_url, start_paying, stock_honey

Order = get_model("order", "Order")
CommunicationEvent = get_model("order", "CommunicationEvent")
pytestmark = pytest.mark.django_db


def confirmations(order):
    return CommunicationEvent.objects.filter(order=order, event_type__code="ORDER_PLACED").count()


def assert_confirmed_once(mailoutbox, buyer):
    order = Order.objects.get(user=buyer)
    assert len(mailoutbox) == 1, [m.subject for m in mailoutbox]
    mail = mailoutbox[0]
    assert mail.to == [buyer.email]
    assert order.number in mail.subject and order.number in mail.body
    # The link to the order's status page, built without a request.
    assert f"/accounts/orders/{order.number}/" in mail.body
    assert confirmations(order) == 1


def test_the_order_placed_type_exists_so_oscar_records_the_communication(db):
    assert get_model("communication", "CommunicationEventType").objects.filter(code="ORDER_PLACED").exists()


def test_cash_on_delivery_is_confirmed_once_after_the_order_commits(client, county, mailoutbox,
                                                                   django_capture_on_commit_callbacks):
    stock_honey(county)
    log_in(client, county.buyer)
    add_to_basket(client, county.honey, 1)
    with django_capture_on_commit_callbacks(execute=True):
        check_out_cash_on_delivery(client)
        assert mailoutbox == []  # not while the order could still roll back
    assert_confirmed_once(mailoutbox, county.buyer)
    # The confirmation page says where the mail went.
    assert f"确认信已发送至 {county.buyer.email}" in client.get("/checkout/thank-you/").content.decode()


def test_an_order_paid_online_and_placed_by_the_webhook_is_confirmed_once(client, county, fake_stripe, mailoutbox,
                                                                          django_capture_on_commit_callbacks):
    stock_honey(county)
    attempt = start_paying(client, county)
    event = fake_stripe.event("payment_intent.succeeded", fake_stripe.succeed(attempt.intent_id))
    with django_capture_on_commit_callbacks(execute=True):
        assert post_event(Client(), event).status_code == 200
        assert Order.objects.count() == 1 and mailoutbox == []
    # Stripe sends the event again, another event says the same, the buyer comes back: no second mail.
    with django_capture_on_commit_callbacks(execute=True):
        post_event(Client(), event)
        post_event(Client(), fake_stripe.event("payment_intent.succeeded", fake_stripe.intents[attempt.intent_id]))
        client.get(return_url(attempt))
    assert_confirmed_once(mailoutbox, county.buyer)


def test_an_order_paid_online_and_placed_on_the_buyers_return_is_confirmed_once(client, county, fake_stripe,
                                                                                mailoutbox,
                                                                                django_capture_on_commit_callbacks):
    stock_honey(county)
    attempt = start_paying(client, county)
    fake_stripe.succeed(attempt.intent_id)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(return_url(attempt), follow=True)
    assert response.redirect_chain[-1][0] == "/checkout/thank-you/"
    with django_capture_on_commit_callbacks(execute=True):
        post_event(Client(), fake_stripe.event("payment_intent.succeeded", fake_stripe.intents[attempt.intent_id]))
        client.get(return_url(attempt))
    assert_confirmed_once(mailoutbox, county.buyer)


def test_an_order_that_rolls_back_is_never_confirmed(county, mailoutbox, django_capture_on_commit_callbacks):
    stock_honey(county)
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        with transaction.atomic():
            place_demo_order(county.buyer, [(county.honey, 1)], address=ADDR)  # placed now: announced
            raise RuntimeError("something after the order failed")
    assert callbacks == [] and mailoutbox == [] and Order.objects.count() == 0


def test_orders_written_into_the_past_are_not_announced(county, mailoutbox, django_capture_on_commit_callbacks):
    # The demo's history: a year of orders must not mail anyone.
    record_supply(recorded_by=county.coordinator, household=county.yu, product=county.honey, quantity=3,
                  unit_price="68")
    with django_capture_on_commit_callbacks(execute=True):
        place_demo_order(county.buyer, [(county.honey, 1)], address=ADDR,
                         placed_at=timezone.now() - datetime.timedelta(days=30))
    assert Order.objects.count() == 1 and mailoutbox == []


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (CI runs the suite on it too)")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_return_page_and_the_webhook_at_the_same_moment_send_one_mail(county, fake_stripe, mailoutbox):
    stock_honey(county)
    buyer = Client()
    attempt = start_paying(buyer, county)
    event = fake_stripe.event("payment_intent.succeeded", fake_stripe.succeed(attempt.intent_id))
    start = threading.Barrier(2)
    codes = []

    def come_back():
        try:
            start.wait()
            codes.append(buyer.get(return_url(attempt)).status_code)
        finally:
            connection.close()

    def webhook():
        try:
            start.wait()
            codes.append(post_event(Client(), event).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=come_back), threading.Thread(target=webhook)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(codes) == [200, 302]
    assert Order.objects.count() == 1
    assert_confirmed_once(mailoutbox, county.buyer)


def test_the_thank_you_page_says_when_the_parcel_arrives_without_oscars_boilerplate(client, county):
    stock_honey(county)
    log_in(client, county.buyer)
    add_to_basket(client, county.honey, 1)
    check_out_cash_on_delivery(client)
    page = client.get("/checkout/thank-you/").content.decode()
    order = Order.objects.get(user=county.buyer)
    estimate = order.consignments.get()
    assert 'id="order-delivery"' in page and "预计" in page and "新青村" in page
    assert estimate.run is not None
    assert "请记下此参考" not in page  # Oscar's "Please make a note of this reference…"
    assert 'id="order-lines"' in page and "basket-title" not in page
