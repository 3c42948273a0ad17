"""An order's status follows its parcels; people can only cancel before loading or refund after delivery."""

from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from oscar.core.loading import get_model

from catalog.supply import record_supply
from households.models import IncomeEntry
from logistics import tracking
from logistics.models import Consignment, PickupRun
from logistics.planning import run_loads
from shop.payments.models import PaymentAttempt, Refund
from tests.factories import ADDR, place_order
from tests.helpers import add_to_basket, deliver, form_fields, go_to_preview, load_on_bus, log_in, messages_of
from tests.helpers import place_order as press_place_order

Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")
pytestmark = pytest.mark.django_db


@pytest.fixture
def stocked(county):
    record_supply(recorded_by=county.coordinator, household=county.yu, product=county.chicken, quantity=5,
                  unit_price="120")
    record_supply(recorded_by=county.coordinator, household=county.bao, product=county.honey, quantity=5,
                  unit_price="60")
    return county


def chicken_stock():
    return StockRecord.objects.get(product__title="新青村散养笨鸡")


def dashboard_order(client, order):
    return client.get(reverse("dashboard:order-detail", kwargs={"number": order.number}))


def ask_status(client, order, status):
    return client.post(reverse("dashboard:order-detail", kwargs={"number": order.number}),
                       {"order_action": "change_order_status", "new_status": status}, follow=True)


def test_a_buyer_cancels_from_the_order_page_before_the_bus_and_everything_goes_back(
        client, stocked, django_capture_on_commit_callbacks):
    order = place_order(stocked.buyer, [(stocked.chicken, 2)], address=ADDR)
    run = order.consignments.get().run
    assert run_loads(PickupRun.objects.filter(pk=run.pk)).get().load_kg == Decimal("3.000")
    assert chicken_stock().num_allocated == 2

    log_in(client, stocked.buyer)
    page = client.get(reverse("customer:order", kwargs={"order_number": order.number})).content.decode()
    assert 'id="cancel-order"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("orders:cancel", kwargs={"number": order.number}), follow=True)
    assert any("已取消" in m for m in messages_of(response)), messages_of(response)

    order.refresh_from_db()
    assert order.status == "Cancelled"
    consignment = order.consignments.get()
    assert consignment.status == Consignment.Status.CANCELLED and consignment.run is None
    assert run_loads(PickupRun.objects.filter(pk=run.pk)).get().load_kg == Decimal("0")
    assert (chicken_stock().num_in_stock, chicken_stock().num_allocated) == (5, 0)
    assert order.lines.get().allocation_cancelled
    # Cash on delivery had collected nothing: nothing to refund, nothing booked anywhere.
    assert not Refund.objects.exists()
    assert not IncomeEntry.objects.filter(source="ecommerce").exists()
    assert [e.event_type.code for e in order.shipping_events.all()] == ["cancelled"]
    assert len(mail.outbox) == 1 and order.number in mail.outbox[0].subject
    assert mail.outbox[0].to == [stocked.buyer.email]
    assert order.communication_events.filter(event_type__code="ORDER_CANCELLED").count() == 1

    # The bus leaves without it: loading the run carries and books nothing.
    tracking.mark_run_loaded(run)
    consignment.refresh_from_db()
    assert consignment.status == Consignment.Status.CANCELLED
    assert chicken_stock().num_in_stock == 5
    page = client.get(reverse("customer:order", kwargs={"order_number": order.number})).content.decode()
    assert "已取消" in page and 'id="cancel-order"' not in page


def test_once_loaded_the_order_cannot_be_cancelled_by_the_buyer_or_staff(client, staff, stocked):
    order = place_order(stocked.buyer, [(stocked.chicken, 1)], address=ADDR)
    load_on_bus(order)
    order.refresh_from_db()
    assert order.status == "Shipped"

    log_in(client, stocked.buyer)
    page = client.get(reverse("customer:order", kwargs={"order_number": order.number})).content.decode()
    assert 'id="cancel-order"' not in page
    response = client.post(reverse("orders:cancel", kwargs={"number": order.number}), follow=True)
    assert any("已在车上" in m or "already on the bus" in m for m in messages_of(response)), messages_of(response)

    # Oscar's status form no longer offers cancelling, and asking for it anyway is refused in words.
    detail = dashboard_order(staff, order)
    assert detail.context["order_status_form"].fields["new_status"].choices == []
    response = ask_status(staff, order, "Cancelled")
    assert any("已在车上" in m or "already on the bus" in m for m in messages_of(response)), messages_of(response)
    order.refresh_from_db()
    assert order.status == "Shipped"
    assert order.consignments.get().status == Consignment.Status.LOADED
    assert not mail.outbox


def test_nobody_sets_on_its_way_or_delivered_by_hand(staff, stocked):
    order = place_order(stocked.buyer, [(stocked.chicken, 1)], address=ADDR)
    load_on_bus(order)
    tracking.mark_run_at_hub(order.consignments.get().run)
    for status in ("Delivered", "Refunded", "Pending", "nonsense", ""):
        response = ask_status(staff, order, status)
        assert response.status_code == 200
        order.refresh_from_db()
        assert order.status == "Shipped", status
    # Nor from the order list's bulk action.
    response = staff.post(reverse("dashboard:order-list"), {
        "action": "change_order_statuses", "selected_order": [order.pk], "new_status": "Delivered"}, follow=True)
    assert response.status_code == 200
    order.refresh_from_db()
    assert order.status == "Shipped"
    assert not IncomeEntry.objects.filter(source="ecommerce").exists()


def test_the_status_follows_the_parcels_step_by_step(stocked):
    order = place_order(stocked.buyer, [(stocked.chicken, 1), (stocked.honey, 1)], address=ADDR)
    assert order.status == "Pending"
    deliver(order)
    order.refresh_from_db()
    assert order.status == "Delivered"
    assert list(order.status_changes.order_by("pk").values_list("old_status", "new_status")) == [
        ("Pending", "Shipped"), ("Shipped", "Delivered")]
    assert sorted(e.event_type.code for e in order.shipping_events.all()) == ["delivered", "loaded"]
    # Delivered: the status form offers the refund and nothing else.
    assert order.sources.get().amount_debited == order.total_incl_tax


def test_staff_cancel_from_oscars_status_form_refunds_an_online_payment_in_full(
        client, staff, stocked, fake_stripe, django_capture_on_commit_callbacks):
    log_in(client, stocked.buyer)
    add_to_basket(client, stocked.chicken, 2)
    go_to_preview(client, method="online")
    press_place_order(client)
    attempt = PaymentAttempt.objects.get()
    fake_stripe.succeed(attempt.intent_id)
    client.get(reverse("payments:return", kwargs={"key": attempt.idempotency_key}))
    order = Order.objects.get()
    assert order.status == "Pending"

    detail = dashboard_order(staff, order)
    assert [c for c, _label in detail.context["order_status_form"].fields["new_status"].choices] == ["Cancelled"]
    fields = form_fields(detail.content.decode(), "order_status_form")
    assert fields["order_action"] == "change_order_status"
    with django_capture_on_commit_callbacks(execute=True):
        response = ask_status(staff, order, "Cancelled")
    assert response.status_code == 200
    order.refresh_from_db()
    assert order.status == "Cancelled"
    refund = Refund.objects.get()
    assert (refund.method, refund.amount) == ("stripe", order.total_incl_tax)
    assert fake_stripe.refunded_fen(attempt.intent_id) == fake_stripe.intents[attempt.intent_id]["amount"]
    assert order.consignments.get().status == Consignment.Status.CANCELLED
    assert chicken_stock().num_allocated == 0
    assert not IncomeEntry.objects.filter(source="ecommerce").exists()
    assert [m.subject for m in mail.outbox if order.number in m.subject and "取消" in m.subject]
    # Cancelling again changes nothing and moves no money.
    ask_status(staff, order, "Cancelled")
    assert Refund.objects.count() == 1 and fake_stripe.refunded_fen(attempt.intent_id) == refund.amount * 100


def test_a_failed_stripe_refund_leaves_the_order_as_it_was(client, stocked, fake_stripe):
    log_in(client, stocked.buyer)
    add_to_basket(client, stocked.chicken, 1)
    go_to_preview(client, method="online")
    press_place_order(client)
    attempt = PaymentAttempt.objects.get()
    fake_stripe.succeed(attempt.intent_id)
    client.get(reverse("payments:return", kwargs={"key": attempt.idempotency_key}))
    order = Order.objects.get()
    fake_stripe.intents[attempt.intent_id]["status"] = "canceled"  # Stripe now refuses every refund
    response = client.post(reverse("orders:cancel", kwargs={"number": order.number}), follow=True)
    assert response.status_code == 200
    order.refresh_from_db()
    assert order.status == "Pending"
    assert order.consignments.get().status == Consignment.Status.BOOKED
    assert chicken_stock().num_allocated == 1 and not Refund.objects.exists()


def test_refunding_a_delivered_order_from_the_status_form_reverses_the_households_income(staff, stocked):
    order = place_order(stocked.buyer, [(stocked.chicken, 1)], address=ADDR)
    deliver(order)
    assert IncomeEntry.objects.filter(household=stocked.yu, source="ecommerce").get().amount == Decimal("120.00")
    detail = dashboard_order(staff, order)
    assert [c for c, _label in detail.context["order_status_form"].fields["new_status"].choices] == ["Refunded"]
    ask_status(staff, order, "Refunded")
    order.refresh_from_db()
    assert order.status == "Refunded"
    assert Refund.objects.get().amount == order.total_incl_tax
    assert sum(e.amount for e in IncomeEntry.objects.filter(household=stocked.yu, source="ecommerce")) == 0


def test_another_buyer_cannot_cancel_my_order(stocked):
    order = place_order(stocked.buyer, [(stocked.chicken, 1)], address=ADDR)
    from tests.factories import make_user

    stranger = Client()
    log_in(stranger, make_user("stranger"))
    assert stranger.post(reverse("orders:cancel", kwargs={"number": order.number})).status_code == 404
    order.refresh_from_db()
    assert order.status == "Pending"


def test_the_django_admin_cannot_type_an_orders_status_either(staff, stocked):
    order = place_order(stocked.buyer, [(stocked.chicken, 1)], address=ADDR)
    url = reverse("admin:order_order_change", args=[order.pk])
    page = staff.get(url)
    assert page.status_code == 200 and 'name="status"' not in page.content.decode()
    staff.post(url, {"status": "Delivered", "number": order.number})
    order.refresh_from_db()
    assert order.status == "Pending"
    assert staff.post(reverse("admin:order_order_delete", args=[order.pk]), {"post": "yes"}).status_code == 403
    assert Order.objects.filter(pk=order.pk).exists()


def test_a_parcel_on_the_bus_refuses_cancelling_even_before_the_orders_status_follows(stocked):
    """Each half of the refusal holds on its own: a loaded parcel, or a status past pending."""
    from shop.order.lifecycle import cancellation_refusal

    order = place_order(stocked.buyer, [(stocked.chicken, 1)], address=ADDR)
    assert cancellation_refusal(order) is None
    Consignment.objects.filter(order=order).update(status=Consignment.Status.LOADED)  # the status not yet moved
    assert order.status == "Pending" and "已在车上" in str(cancellation_refusal(order))

    other = place_order(stocked.buyer, [(stocked.honey, 1)], address=ADDR)
    Order.objects.filter(pk=other.pk).update(status="Shipped")  # the parcels' rows say nothing yet
    other.refresh_from_db()
    assert not other.consignments.exclude(status=Consignment.Status.BOOKED).exists()
    assert "已在车上" in str(cancellation_refusal(other))


def test_refunding_is_offered_until_every_delivered_unit_is_refunded(staff_user, stocked):
    from shop.order.lifecycle import refundable_units, requestable_statuses
    from shop.payments.refunds import refund_order

    order = place_order(stocked.buyer, [(stocked.chicken, 3)], address=ADDR)
    deliver(order)
    line = order.lines.get()
    assert refundable_units(order) == 3 and requestable_statuses(order, staff_user) == ["Refunded"]
    refund_order(order, quantities={line.pk: 1}, reason="one was bruised")
    assert refundable_units(order) == 2 and requestable_statuses(order, staff_user) == ["Refunded"]
    refund_order(order, quantities={line.pk: 2}, reason="the rest too")
    assert refundable_units(order) == 0 and requestable_statuses(order, staff_user) == []


def test_the_status_form_is_for_staff_or_those_allowed_to_change_orders(stocked):
    from django.contrib.auth.models import Permission

    from shop.order.lifecycle import requestable_statuses
    from tests.factories import make_user

    order = place_order(stocked.buyer, [(stocked.chicken, 1)], address=ADDR)
    assert requestable_statuses(order, stocked.buyer) == []
    assert requestable_statuses(order, make_user("staff-only", is_staff=True)) == ["Cancelled"]
    clerk = make_user("order-clerk")
    clerk.user_permissions.add(Permission.objects.get(codename="change_order", content_type__app_label="order"))
    assert requestable_statuses(order, type(clerk).objects.get(pk=clerk.pk)) == ["Cancelled"]


def test_each_refused_status_says_why_in_chinese_and_english(stocked):
    from django.utils import translation

    from shop.order.lifecycle import cancel_order, refusal_of

    order = place_order(stocked.buyer, [(stocked.chicken, 1)], address=ADDR)
    with translation.override("zh-hans"):
        assert refusal_of(order, "Cancelled") == "您无权取消订单。"  # cancellable: the person may not
        assert refusal_of(order, "Refunded") == f"订单 {order.number} 没有可退款的已送达商品。"
        assert refusal_of(order, "Delivered") == "订单状态随包裹自动变化，不能手动设为“已送达”。"
    with translation.override("en"):
        assert refusal_of(order, "Cancelled") == "You may not cancel orders."
        assert refusal_of(order, "Refunded") == f"Order {order.number} has no delivered goods left to refund."
        assert refusal_of(order, "Shipped") == (
            "An order's status follows its parcels; On its way cannot be set by hand.")
    load_on_bus(order)
    with translation.override("en"):
        assert "already on the bus" in refusal_of(order, "Cancelled")
    cancelled = place_order(stocked.buyer, [(stocked.chicken, 1)], address=ADDR)
    cancelled = cancel_order(cancelled, reason="买错了")
    with translation.override("zh-hans"):
        assert refusal_of(cancelled, "Cancelled") == f"订单 {cancelled.number} 已经取消。"
