"""Paying online through Stripe (a fake Stripe on loopback, the real `stripe` library)."""

import json
import threading
import time
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from oscar.core.loading import get_model

from catalog.supply import record_supply
from core.money import fen_to_yuan, yuan_to_fen
from shop.payments import gateway
from shop.payments.flow import start_attempt
from shop.payments.models import PaymentAttempt, StripeEvent
from tests.factories import address_form
from tests.helpers import add_to_basket, check_out_cash_on_delivery, go_to_preview, log_in, messages_of, place_order
from tests.plugins.stripe import WEBHOOK_SECRET

Order = get_model("order", "Order")
Basket = get_model("basket", "Basket")
Source = get_model("payment", "Source")
pytestmark = pytest.mark.django_db


def test_yuan_and_fen():
    assert yuan_to_fen(Decimal("12.34")) == 1234
    assert yuan_to_fen(Decimal("88.5")) == 8850
    assert yuan_to_fen(Decimal("0.005")) == 1  # 四舍五入
    assert fen_to_yuan(1234) == Decimal("12.34")


@pytest.fixture
def stocked(county):
    record_supply(recorded_by=county.coordinator, household=county.yu, product=county.honey, quantity=3,
                  unit_price="68")
    return county


def start_paying(client, county, quantity=1):
    log_in(client, county.buyer)
    add_to_basket(client, county.honey, quantity)
    go_to_preview(client, method="online")
    response = place_order(client)
    attempt = PaymentAttempt.objects.get(user=county.buyer, status="created")
    assert response.redirect_chain[-1][0] == reverse("payments:pay", kwargs={"key": attempt.idempotency_key})
    return attempt


def post_event(client, payload, *, secret=WEBHOOK_SECRET, timestamp=None):
    body = json.dumps(payload)
    header = client_sign(body, secret, timestamp)
    return client.post(reverse("payments:stripe-webhook"), body, content_type="application/json",
                       HTTP_STRIPE_SIGNATURE=header)


def client_sign(body, secret, timestamp):
    from tests.fakes.stripe import FakeStripe

    return FakeStripe.sign(body, secret, timestamp)


def test_online_payment_is_offered_only_with_keys(client, stocked, settings):
    log_in(client, stocked.buyer)
    add_to_basket(client, stocked.honey, 1)
    client.get(reverse("checkout:index"), follow=True)
    page = client.post(reverse("checkout:shipping-address"), address_form(), follow=True).content.decode()
    assert "在线支付" not in page and "货到付款" in page
    settings.STRIPE_SECRET_KEY, settings.STRIPE_PUBLISHABLE_KEY = "sk_test_x", "pk_test_x"
    settings.STRIPE_WEBHOOK_SECRET = "whsec_x"
    assert "在线支付" in client.get(reverse("checkout:payment-details")).content.decode()


@pytest.mark.parametrize("quantity", [1, 2, 3])
def test_the_intent_asks_for_exactly_the_order_total(client, stocked, fake_stripe, quantity):
    attempt = start_paying(client, stocked, quantity=quantity)
    fake_stripe.succeed(attempt.intent_id)
    client.get(reverse("payments:return", kwargs={"key": attempt.idempotency_key}))
    order = Order.objects.get()
    assert fake_stripe.intents[attempt.intent_id]["amount"] == yuan_to_fen(order.total_incl_tax)


def test_a_buyer_pays_online_and_the_order_is_placed(client, stocked, fake_stripe):
    attempt = start_paying(client, stocked, quantity=2)
    intent = fake_stripe.intents[attempt.intent_id]
    # ¥196 of honey + ¥12 postal express for 2 kg: the intent asks for exactly the order total.
    assert intent["amount"] == 20800 and intent["currency"] == "cny"
    pay_page = client.get(reverse("payments:pay", kwargs={"key": attempt.idempotency_key})).content.decode()
    assert "pi_1_secret_fake" in pay_page and "支付 ¥208.00" in pay_page
    fake_stripe.succeed(attempt.intent_id)
    response = client.get(reverse("payments:return", kwargs={"key": attempt.idempotency_key}), follow=True)
    assert response.redirect_chain[-1][0] == reverse("checkout:thank-you")
    order = Order.objects.get()
    assert order.total_incl_tax == fen_to_yuan(intent["amount"]) == Decimal("208.00")
    source = order.sources.get()
    assert (source.source_type.code, source.amount_debited, source.reference) == ("stripe", order.total_incl_tax,
                                                                                  attempt.intent_id)
    assert order.consignments.count() == 1
    attempt.refresh_from_db()
    assert attempt.status == "succeeded" and attempt.order == order


def test_pressing_pay_twice_creates_one_intent(client, stocked, fake_stripe):
    attempt = start_paying(client, stocked)
    client.post(reverse("checkout:preview"), {"action": "place_order"}, follow=True)
    again = start_attempt(basket=attempt.basket, user=attempt.user, order_number=attempt.order_number,
                          amount=attempt.amount, shipping_address=None, shipping_method_code="")
    assert again == attempt and PaymentAttempt.objects.count() == 1
    # A retry of the very call (say our answer was lost) sends the same key and gets the same intent.
    assert gateway.create_intent(attempt).id == attempt.intent_id
    assert len(fake_stripe.intents) == 1


def test_a_buyer_who_closes_the_browser_still_gets_the_order(client, stocked, fake_stripe):
    attempt = start_paying(client, stocked)
    intent = fake_stripe.succeed(attempt.intent_id)
    event = fake_stripe.event("payment_intent.succeeded", intent)
    webhook = Client()
    assert post_event(webhook, event).status_code == 200
    assert post_event(webhook, event).status_code == 200  # Stripe sends it again
    assert Order.objects.count() == 1 and StripeEvent.objects.count() == 1
    # Coming back later changes nothing either.
    client.get(reverse("payments:return", kwargs={"key": attempt.idempotency_key}))
    assert Order.objects.count() == 1


def test_a_late_failure_never_unpays_an_order(client, stocked, fake_stripe):
    attempt = start_paying(client, stocked)
    intent = fake_stripe.succeed(attempt.intent_id)
    post_event(Client(), fake_stripe.event("payment_intent.succeeded", intent))
    failed = dict(intent, status="requires_payment_method", last_payment_error={"message": "declined"})
    assert post_event(Client(), fake_stripe.event("payment_intent.payment_failed", failed)).status_code == 200
    attempt.refresh_from_db()
    assert attempt.status == "succeeded" and Order.objects.get().status == "Pending"


def test_a_failed_payment_gives_the_basket_back(client, stocked, fake_stripe):
    attempt = start_paying(client, stocked)
    fake_stripe.fail(attempt.intent_id)
    post_event(Client(), fake_stripe.event("payment_intent.payment_failed", fake_stripe.intents[attempt.intent_id]))
    attempt.refresh_from_db()
    assert attempt.status == "failed" and attempt.basket.status == "Open"
    assert Order.objects.count() == 0


@pytest.mark.parametrize("case", ["tampered", "wrong secret", "stale"])
def test_bad_signatures_are_refused_and_nothing_is_written(client, stocked, fake_stripe, case):
    attempt = start_paying(client, stocked)
    intent = fake_stripe.succeed(attempt.intent_id)
    body = json.dumps(fake_stripe.event("payment_intent.succeeded", intent))
    header = client_sign(body, WEBHOOK_SECRET, None)
    if case == "tampered":
        body = body.replace('"succeeded"', '"succeeded" ', 1)
    elif case == "wrong secret":
        header = client_sign(body, "whsec_someone_else", None)
    else:
        header = client_sign(body, WEBHOOK_SECRET, int(time.time()) - 301)
    response = Client().post(reverse("payments:stripe-webhook"), body, content_type="application/json",
                             HTTP_STRIPE_SIGNATURE=header)
    assert response.status_code == 400
    assert StripeEvent.objects.count() == 0 and Order.objects.count() == 0


def test_an_event_of_the_other_mode_is_refused(client, stocked, fake_stripe):
    attempt = start_paying(client, stocked)
    intent = fake_stripe.succeed(attempt.intent_id)
    response = post_event(Client(), fake_stripe.event("payment_intent.succeeded", intent, livemode=True))
    assert response.status_code == 400 and StripeEvent.objects.count() == 0 and Order.objects.count() == 0


def test_the_webhook_needs_no_csrf_token_but_other_posts_do(stocked, fake_stripe):
    strict = Client(enforce_csrf_checks=True)
    assert post_event(strict, fake_stripe.event("payment_intent.created", {"id": "pi_none"})).status_code == 200
    log_in_strict = strict.post(reverse("customer:login"), {"login-username": "x", "login_submit": "1"})
    assert log_in_strict.status_code == 403
    assert strict.post(reverse("basket:add", kwargs={"pk": stocked.honey.pk}), {"quantity": 1}).status_code == 403


def test_paid_but_sold_out_is_refunded_and_the_basket_comes_back(client, stocked, fake_stripe):
    attempt = start_paying(client, stocked, quantity=3)
    # Meanwhile someone else buys a jar on delivery.
    other = Client()
    log_in(other, stocked.neighbour_coordinator)
    add_to_basket(other, stocked.honey, 1)
    check_out_cash_on_delivery(other)
    fake_stripe.succeed(attempt.intent_id)
    response = client.get(reverse("payments:return", kwargs={"key": attempt.idempotency_key}), follow=True)
    assert response.redirect_chain[-1][0] == reverse("basket:summary")
    assert "其余刚被别人买走了" in response.content.decode()
    assert fake_stripe.refunded_fen(attempt.intent_id) == fake_stripe.intents[attempt.intent_id]["amount"]
    attempt.refresh_from_db()
    assert attempt.status == "refunded" and attempt.order is None
    assert Order.objects.filter(user=stocked.buyer).count() == 0
    basket = Basket.objects.get(pk=attempt.basket_id)
    assert basket.status == "Open" and basket.num_items == 3
    # The refund Stripe then reports changes nothing more.
    post_event(Client(), fake_stripe.event("charge.refunded", fake_stripe.charge_refunded(attempt.intent_id)))
    assert fake_stripe.refunded_fen(attempt.intent_id) == fake_stripe.intents[attempt.intent_id]["amount"]


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (CI runs the suite on it too)")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_same_event_in_two_threads_has_one_effect(client, stocked, fake_stripe):
    attempt = start_paying(client, stocked)
    event = fake_stripe.event("payment_intent.succeeded", fake_stripe.succeed(attempt.intent_id))
    start = threading.Barrier(2)
    codes = []

    def deliver():
        try:
            start.wait()
            codes.append(post_event(Client(), event).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert codes == [200, 200]
    assert Order.objects.count() == 1 and StripeEvent.objects.count() == 1
    assert fake_stripe.refunded_fen(attempt.intent_id) == 0


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (CI runs the suite on it too)")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("buyers", [2, 20])
def test_buyers_who_all_paid_for_the_last_jar_get_one_order_and_the_rest_their_money_back(county, fake_stripe,
                                                                                          buyers):
    from tests.factories import make_user

    record_supply(recorded_by=county.coordinator, household=county.yu, product=county.honey, quantity=1,
                  unit_price="68")
    clients, attempts = [], []
    for n in range(buyers):
        c = Client()
        log_in(c, make_user(f"payer{n}"))
        add_to_basket(c, county.honey, 1)
        go_to_preview(c, method="online")
        place_order(c)
        attempt = PaymentAttempt.objects.get(user__username=f"payer{n}")
        fake_stripe.succeed(attempt.intent_id)
        clients.append(c)
        attempts.append(attempt)
    start = threading.Barrier(buyers)

    def come_back(c, attempt):
        try:
            start.wait()
            c.get(reverse("payments:return", kwargs={"key": attempt.idempotency_key}))
        finally:
            connection.close()

    threads = [threading.Thread(target=come_back, args=pair) for pair in zip(clients, attempts)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert Order.objects.count() == 1
    stock = county.honey.stockrecords.get()
    assert stock.net_stock_level == 0 and stock.num_in_stock == 1
    charged = [a for a in attempts if fake_stripe.refunded_fen(a.intent_id) == 0]
    assert len(charged) == 1 and PaymentAttempt.objects.get(pk=charged[0].pk).order is not None
    assert PaymentAttempt.objects.filter(status="refunded").count() == buyers - 1
    assert Basket.objects.filter(owner__username__startswith="payer", status="Open", lines__isnull=False).count() \
        == buyers - 1


def test_a_failure_event_stripe_does_not_confirm_changes_nothing(client, stocked, fake_stripe):
    # Signed, but stale or forged: Stripe, asked back, says the intent still awaits the card.
    attempt = start_paying(client, stocked)
    claimed = dict(fake_stripe.intents[attempt.intent_id], status="requires_payment_method",
                   last_payment_error={"message": "declined"})
    post_event(Client(), fake_stripe.event("payment_intent.payment_failed", claimed))
    attempt.refresh_from_db()
    assert attempt.status == "created" and attempt.basket.status != "Open"
    assert ("GET", f"/v1/payment_intents/{attempt.intent_id}") in [(m, p) for m, p, *_ in fake_stripe.requests]


@pytest.mark.parametrize("claim", ["payment_intent.processing", "payment_intent.canceled"])
def test_processing_and_canceled_events_take_the_status_stripe_gives(client, stocked, fake_stripe, claim):
    attempt = start_paying(client, stocked)
    intent = fake_stripe.succeed(attempt.intent_id)  # Stripe says: paid
    post_event(Client(), fake_stripe.event(claim, dict(intent, status=claim.split(".")[1])))
    attempt.refresh_from_db()
    assert attempt.status == "succeeded" and Order.objects.count() == 1


def test_a_refund_event_books_only_what_stripe_refunded(client, stocked, fake_stripe):
    attempt = start_paying(client, stocked)
    post_event(Client(), fake_stripe.event("payment_intent.succeeded", fake_stripe.succeed(attempt.intent_id)))
    order = Order.objects.get()
    intent = fake_stripe.intents[attempt.intent_id]
    claimed = {"id": "ch_fake", "object": "charge", "payment_intent": attempt.intent_id,
               "amount": intent["amount"], "amount_refunded": intent["amount"], "refunded": True}
    post_event(Client(), fake_stripe.event("charge.refunded", claimed))  # nothing was refunded
    source = order.sources.get()
    assert source.amount_refunded == 0
    attempt.refresh_from_db()
    assert attempt.status == "succeeded"


def test_a_declined_card_is_explained_in_the_buyers_language_not_stripes_english(client, stocked, fake_stripe):
    attempt = start_paying(client, stocked)
    fake_stripe.fail(attempt.intent_id)  # Stripe: "Your card was declined." (code card_declined)
    response = client.get(reverse("payments:return", kwargs={"key": attempt.idempotency_key}), follow=True)
    text = " ".join(messages_of(response))
    assert "银行卡被拒绝" in text and "Your card was declined" not in text
    attempt.refresh_from_db()
    assert attempt.failure == "card_declined"
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("payments:return", kwargs={"key": attempt.idempotency_key}), follow=True)
    assert "The card was declined." in " ".join(messages_of(response))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_buyers_return_racing_the_webhook_places_one_order_on_either_database(client, stocked, fake_stripe):
    # On SQLite too: each transaction takes the write lock as it begins, so the second one waits.
    attempt = start_paying(client, stocked)
    event = fake_stripe.event("payment_intent.succeeded", fake_stripe.succeed(attempt.intent_id))
    start = threading.Barrier(2)
    answers = {}

    def run(name, call):
        try:
            start.wait()
            answers[name] = call().status_code
        except Exception as exc:  # "database is locked" would land here
            answers[name] = f"{type(exc).__name__}: {exc}"
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=("webhook", lambda: post_event(Client(), event))),
               threading.Thread(target=run, args=("return", lambda: client.get(
                   reverse("payments:return", kwargs={"key": attempt.idempotency_key}))))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert answers == {"webhook": 200, "return": 302}, answers
    assert Order.objects.count() == 1 and fake_stripe.refunded_fen(attempt.intent_id) == 0
    assert client.get(reverse("checkout:thank-you")).status_code == 200


def test_a_late_refund_event_never_lowers_what_was_refunded(client, stocked, fake_stripe):
    """Stripe's refunds list can lag the refund the platform recorded (or an older event arrive
    last): the refunded amount only ever rises."""
    attempt = start_paying(client, stocked)
    post_event(Client(), fake_stripe.event("payment_intent.succeeded", fake_stripe.succeed(attempt.intent_id)))
    source = Order.objects.get().sources.get()
    type(source).objects.filter(pk=source.pk).update(amount_refunded=Decimal("10.00"))
    post_event(Client(), fake_stripe.event("charge.refunded", fake_stripe.charge_refunded(attempt.intent_id)))
    source.refresh_from_db()
    assert source.amount_refunded == Decimal("10.00")


def test_a_refund_made_in_stripes_dashboard_is_recorded_when_its_event_arrives(client, stocked, fake_stripe):
    """Staff may refund in Stripe's own dashboard: its charge.refunded event brings what Stripe has
    refunded (read back from Stripe, never taken from the event) to that payment, and to no other."""
    other = start_paying(client, stocked)
    post_event(Client(), fake_stripe.event("payment_intent.succeeded", fake_stripe.succeed(other.intent_id)))
    attempt = start_paying(client, stocked)
    post_event(Client(), fake_stripe.event("payment_intent.succeeded", fake_stripe.succeed(attempt.intent_id)))
    source = Source.objects.get(reference=attempt.intent_id)

    fake_stripe.refund_in_dashboard(attempt.intent_id, 1000)
    post_event(Client(), fake_stripe.event("charge.refunded", fake_stripe.charge_refunded(attempt.intent_id)))
    source.refresh_from_db()
    attempt.refresh_from_db()
    assert source.amount_refunded == Decimal("10.00") and attempt.status == "succeeded"

    fake_stripe.refund_in_dashboard(attempt.intent_id, fake_stripe.intents[attempt.intent_id]["amount"] - 1000)
    post_event(Client(), fake_stripe.event("charge.refunded", fake_stripe.charge_refunded(attempt.intent_id)))
    source.refresh_from_db()
    attempt.refresh_from_db()
    assert source.amount_refunded == attempt.amount and attempt.status == "refunded"
    assert Source.objects.get(reference=other.intent_id).amount_refunded == 0


def test_processing_waits_with_the_basket_kept_and_a_cancelled_payment_gives_it_back(client, stocked, fake_stripe):
    attempt = start_paying(client, stocked)
    intent = fake_stripe.intents[attempt.intent_id]
    intent["status"] = "processing"  # a bank transfer on its way
    post_event(Client(), fake_stripe.event("payment_intent.processing", intent))
    attempt.refresh_from_db()
    assert (attempt.status, attempt.failure, attempt.basket.status) == ("processing", "", "Frozen")
    intent["status"] = "canceled"
    post_event(Client(), fake_stripe.event("payment_intent.canceled", intent))
    attempt.refresh_from_db()
    assert (attempt.status, attempt.basket.status) == ("canceled", "Open")
    assert Order.objects.count() == 0


def test_stripes_words_for_an_unknown_failure_are_kept_to_255_characters(client, stocked, fake_stripe):
    attempt = start_paying(client, stocked)
    intent = fake_stripe.intents[attempt.intent_id]
    intent["last_payment_error"] = {"message": "银行说：" + "不" * 300, "code": "something_new"}
    post_event(Client(), fake_stripe.event("payment_intent.payment_failed", intent))
    attempt.refresh_from_db()
    assert attempt.status == "failed" and attempt.failure == ("银行说：" + "不" * 300)[:255]
    assert attempt.basket.status == "Open"


def test_the_order_a_payment_places_is_the_one_the_buyer_paid_for(client, stocked, fake_stripe):
    """Its number, postage and total are the attempt's, and Oscar's records say how it was paid."""
    Transaction = get_model("payment", "Transaction")
    PaymentEvent = get_model("order", "PaymentEvent")
    attempt = start_paying(client, stocked)
    post_event(Client(), fake_stripe.event("payment_intent.succeeded", fake_stripe.succeed(attempt.intent_id)))
    order = Order.objects.get()
    assert (order.number, order.shipping_code, order.total_incl_tax) == (
        attempt.order_number, attempt.shipping_method_code, attempt.amount)
    source = order.sources.get()
    assert (source.source_type.name, source.currency, source.amount_allocated, source.amount_debited,
            source.reference) == ("Stripe", attempt.currency, attempt.amount, attempt.amount, attempt.intent_id)
    debit = Transaction.objects.get(source=source)
    assert (debit.txn_type, debit.amount, debit.reference, debit.status) == (
        Transaction.DEBIT, attempt.amount, attempt.intent_id, "succeeded")
    paid = PaymentEvent.objects.get(order=order)
    assert (paid.event_type.name, paid.amount, paid.reference) == ("Paid", attempt.amount, attempt.intent_id)


def test_a_price_changed_while_the_buyer_paid_places_nothing_and_pays_back(client, stocked, fake_stripe):
    attempt = start_paying(client, stocked)
    StockRecord = get_model("partner", "StockRecord")
    StockRecord.objects.filter(product=stocked.honey).update(price=Decimal("99.00"))  # the coordinator raised it
    post_event(Client(), fake_stripe.event("payment_intent.succeeded", fake_stripe.succeed(attempt.intent_id)))
    attempt.refresh_from_db()
    assert Order.objects.count() == 0 and attempt.status == "refunded"
    assert fake_stripe.refunded_fen(attempt.intent_id) == fake_stripe.intents[attempt.intent_id]["amount"]


def test_the_log_says_which_order_attempt_and_amount_a_payment_placed(client, stocked, fake_stripe, caplog):
    attempt = start_paying(client, stocked)
    with caplog.at_level("INFO", logger="shop.payments.flow"):
        post_event(Client(), fake_stripe.event("payment_intent.succeeded", fake_stripe.succeed(attempt.intent_id)))
    [logged] = [r for r in caplog.records if r.getMessage() == "payment.succeeded"]
    assert (logged.order, logged.attempt, logged.amount) == (attempt.order_number, attempt.pk, str(attempt.amount))
