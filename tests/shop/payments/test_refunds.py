"""Refunds from the dashboard: money back to the buyer, income back from exactly the right households."""

from decimal import Decimal

import pytest
from django.db.models import Sum
from django.test import Client
from django.urls import reverse
from oscar.core.loading import get_model

from catalog.supply import record_supply
from core.money import yuan_to_fen
from households.models import IncomeEntry
from logistics import tracking
from shop.payments.models import PaymentAttempt, Refund
from tests.factories import ADDR, place_order
from tests.helpers import add_to_basket, deliver, go_to_preview, log_in
from tests.helpers import place_order as press_place_order

Order = get_model("order", "Order")
pytestmark = pytest.mark.django_db


def sales(household):
    return IncomeEntry.objects.filter(household=household, source="ecommerce").aggregate(s=Sum("amount"))["s"]


@pytest.fixture
def two_lots(county):
    # 于某 (poorer per person) is served first: chicken 1 comes from her lot at ¥120, chicken 2 from 包某's at ¥125.
    record_supply(recorded_by=county.coordinator, household=county.bao, product=county.chicken, quantity=3,
                  unit_price="125")
    record_supply(recorded_by=county.coordinator, household=county.yu, product=county.chicken, quantity=1,
                  unit_price="120")
    return county


def refund_page(staff, order, data):
    return staff.post(reverse("refunds:order-refund", kwargs={"number": order.number}), data, follow=True)


def test_a_cash_refund_of_one_chicken_reverses_the_last_allocated_households_income(staff, two_lots):
    order = place_order(two_lots.buyer, [(two_lots.chicken, 2)], address=ADDR)
    deliver(order)
    assert (sales(two_lots.yu), sales(two_lots.bao)) == (Decimal("120.00"), Decimal("125.00"))
    line = order.lines.get()
    response = refund_page(staff, order, {f"line_{line.pk}": 1, "reason": "压坏了"})
    assert response.redirect_chain[-1][0] == reverse("dashboard:order-detail", kwargs={"number": order.number})
    refund = Refund.objects.get()
    assert (refund.method, refund.amount) == ("cash", Decimal("168.00"))
    # 包某's lot was allocated last, so 包某's chicken is the one that came back.
    assert (sales(two_lots.yu), sales(two_lots.bao)) == (Decimal("120.00"), Decimal("0.00"))
    # The second chicken now: 于某's.
    refund_page(staff, order, {f"line_{line.pk}": 1})
    assert (sales(two_lots.yu), sales(two_lots.bao)) == (Decimal("0.00"), Decimal("0.00"))
    # Nothing edited or deleted: two sales entries and two reversals pointing at them.
    assert IncomeEntry.objects.filter(source="ecommerce", amount__gt=0).count() == 2
    assert IncomeEntry.objects.filter(reverses__isnull=False).count() == 2


def test_refunding_more_than_is_left_changes_nothing(staff, two_lots):
    order = place_order(two_lots.buyer, [(two_lots.chicken, 2)], address=ADDR)
    deliver(order)
    line = order.lines.get()
    entries = IncomeEntry.objects.count()
    response = refund_page(staff, order, {f"line_{line.pk}": 3})
    assert response.status_code == 200 and "最多还能退 2 件" in response.content.decode()
    assert Refund.objects.count() == 0 and IncomeEntry.objects.count() == entries


def test_goods_not_yet_delivered_are_not_refunded_here(staff, two_lots):
    order = place_order(two_lots.buyer, [(two_lots.chicken, 1)], address=ADDR)
    line = order.lines.get()
    response = refund_page(staff, order, {f"line_{line.pk}": 1})
    assert "尚未送达" in response.content.decode() or "not been delivered" in response.content.decode()
    assert Refund.objects.count() == 0


def test_a_whole_stripe_refund_goes_through_stripe_and_reconciles_to_the_fen(staff, two_lots, fake_stripe):
    buyer = Client()
    log_in(buyer, two_lots.buyer)
    add_to_basket(buyer, two_lots.chicken, 2)
    go_to_preview(buyer, method="online")
    press_place_order(buyer)
    attempt = PaymentAttempt.objects.get()
    fake_stripe.succeed(attempt.intent_id)
    buyer.get(reverse("payments:return", kwargs={"key": attempt.idempotency_key}))
    order = Order.objects.get()
    deliver(order)
    before = sales(two_lots.yu) + sales(two_lots.bao)
    assert before == Decimal("245.00")
    line = order.lines.get()
    refund_page(staff, order, {f"line_{line.pk}": 2, "include_shipping": "on"})
    refund = Refund.objects.get()
    assert refund.method == "stripe" and refund.amount == order.total_incl_tax
    assert fake_stripe.refunded_fen(attempt.intent_id) == fake_stripe.intents[attempt.intent_id]["amount"]
    assert refund.stripe_refund_id.startswith("re_")
    assert sales(two_lots.yu) + sales(two_lots.bao) == Decimal("0.00")
    assert order.sources.get().amount_refunded == order.total_incl_tax
    order.refresh_from_db()
    assert order.status == "Refunded"
    assert sorted(order.payment_events.values_list("event_type__code", "amount")) == [
        ("paid", order.total_incl_tax), ("refunded", order.total_incl_tax)]


def test_only_staff_who_may_change_orders_refund(client, two_lots):
    order = place_order(two_lots.buyer, [(two_lots.chicken, 1)], address=ADDR)
    log_in(client, two_lots.coordinator)
    response = client.get(reverse("refunds:order-refund", kwargs={"number": order.number}))
    assert response.status_code == 403


def test_shipping_is_not_refunded_before_the_parcels_arrive_nor_cash_never_collected(staff, two_lots):
    order = place_order(two_lots.buyer, [(two_lots.chicken, 1)], address=ADDR)
    response = refund_page(staff, order, {"include_shipping": "on"})
    assert "每个包裹送达后" in response.content.decode() or "every parcel" in response.content.decode()
    assert not Refund.objects.exists()


def test_a_refund_is_never_more_than_what_was_collected(two_lots):
    """A cash-on-delivery order of two villages: one parcel delivered, the cash not collected yet."""
    from django.core.exceptions import ValidationError

    from shop.payments.refunds import refund_order

    record_supply(recorded_by=two_lots.neighbour_coordinator, household=two_lots.far, product=two_lots.ginseng,
                  quantity=1, unit_price="200")
    order = place_order(two_lots.buyer, [(two_lots.chicken, 1), (two_lots.ginseng, 1)], address=ADDR)
    first = order.consignments.get(village=two_lots.xinqing)
    tracking.mark_run_loaded(first.run)  # the bus takes both parcels to the hub; only the chicken is delivered
    tracking.mark_run_at_hub(first.run)
    tracking.dispatch_consignment(first, "98000002")
    tracking.deliver_consignment(first)
    assert order.sources.get().amount_debited == 0
    chicken = order.lines.get(product=two_lots.chicken)
    with pytest.raises(ValidationError, match="已付|has paid"):
        refund_order(order, quantities={chicken.pk: 1})
    assert not Refund.objects.exists()


def test_a_refund_keeps_who_why_which_units_and_the_postage_and_oscar_sees_it(staff_user, two_lots):
    from shop.payments.refunds import refund_order

    PaymentEvent = get_model("order", "PaymentEvent")
    order = place_order(two_lots.buyer, [(two_lots.chicken, 2)], address=ADDR)
    deliver(order)
    line = order.lines.get()
    refund = refund_order(order, quantities={line.pk: 2}, include_shipping=True, reason="坏" * 250, by=staff_user)
    refund.refresh_from_db()
    assert (refund.amount, refund.shipping) == (order.total_incl_tax, order.shipping_incl_tax)
    assert (refund.reason, refund.created_by) == ("坏" * 200, staff_user)
    assert [(r.line_id, r.quantity) for r in refund.lines.all()] == [(line.pk, 2)]
    event = PaymentEvent.objects.get(order=order, event_type__code="refunded")
    assert (event.event_type.name, event.reference, event.amount) == ("Refunded", str(refund.key), refund.amount)
    assert [(q.line_id, q.quantity) for q in event.line_quantities.all()] == [(line.pk, 2)]
    # The postage comes back out of the platform's shipping account, named by the order.
    from settlement.models import PlatformEntry

    back = PlatformEntry.objects.get(account="shipping", amount__lt=0)
    assert (back.amount, back.description) == (-order.shipping_incl_tax, f"#{order.number}")


def test_cancelling_an_order_paid_online_gives_back_every_unit_and_the_postage(staff_user, two_lots, fake_stripe):
    from shop.order.lifecycle import cancel_order
    from tests.paying import place_online

    record_supply(recorded_by=two_lots.coordinator, household=two_lots.yu, product=two_lots.honey, quantity=2,
                  unit_price="60")
    order = place_online(two_lots.buyer, [(two_lots.honey, 1), (two_lots.chicken, 2)], fake_stripe)
    cancel_order(order, by=staff_user, reason="买错了")
    refund = Refund.objects.get(order=order)
    assert (refund.amount, refund.shipping, refund.method, refund.created_by) == (
        order.total_incl_tax, order.shipping_incl_tax, "stripe", staff_user)
    assert sorted((r.line.product_id, r.quantity) for r in refund.lines.select_related("line")) == sorted(
        [(two_lots.honey.pk, 1), (two_lots.chicken.pk, 2)])
    assert fake_stripe.refunded_fen(order.sources.get().reference) == yuan_to_fen(order.total_incl_tax)


def test_a_refund_of_units_from_two_lots_of_one_household_takes_back_both(staff_user, two_lots):
    from shop.payments.refunds import refund_order

    record_supply(recorded_by=two_lots.coordinator, household=two_lots.yu, product=two_lots.chicken, quantity=2,
                  unit_price="118")
    order = place_order(two_lots.buyer, [(two_lots.chicken, 3)], address=ADDR)
    deliver(order)
    assert (sales(two_lots.yu), sales(two_lots.bao)) == (Decimal("356.00"), None)  # 120 + 2 × 118, all 于某's
    refund_order(order, quantities={order.lines.get().pk: 3}, reason="全坏了", by=staff_user)
    assert sales(two_lots.yu) == Decimal("0.00")


def test_what_the_buyer_has_paid_is_what_was_collected_less_what_went_back(staff_user, two_lots):
    from shop.payments.refunds import paid_so_far, refund_order

    order = place_order(two_lots.buyer, [(two_lots.chicken, 2)], address=ADDR)
    assert paid_so_far(order) == Decimal("0.00")  # cash on delivery: nothing yet
    deliver(order)
    assert paid_so_far(order) == order.total_incl_tax
    refund = refund_order(order, quantities={order.lines.get().pk: 1}, reason="压坏了", by=staff_user)
    assert paid_so_far(order) == order.total_incl_tax - refund.amount
    order.sources.all().delete()  # an order nobody paid for in any way
    assert paid_so_far(order) == Decimal("0.00")
