"""Every fen a buyer pays ends in exactly one place, whatever happens to the order."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Count, DecimalField, F, Sum
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from oscar.apps.order.exceptions import UnableToPlaceOrder
from oscar.apps.order.utils import OrderNumberGenerator
from oscar.core.loading import get_class, get_model

from aftersales.claims import decide_claim, open_claim
from catalog.models import LotAllocation
from catalog.supply import record_supply
from households.ledger import book_income
from households.models import IncomeEntry
from logistics.planning import TransitionRefused
from settlement.models import Liability, LineIncome, PlatformEntry
from settlement.reconciliation import reconcile
from shop.checkout.placement import priced
from shop.order.lifecycle import cancel_order
from shop.payments.flow import place_paid_order, start_attempt
from shop.payments.models import Refund
from shop.payments.refunds import lines_with_refunds, refund_order
from tests.factories import ADDR, place_order
from tests.helpers import deliver, load_on_bus

Basket = get_model("basket", "Basket")
Country = get_model("address", "Country")
Order = get_model("order", "Order")
ShippingAddress = get_model("order", "ShippingAddress")
Source = get_model("payment", "Source")
Selector = get_class("partner.strategy", "Selector")
pytestmark = pytest.mark.django_db
MONEY = DecimalField(max_digits=14, decimal_places=2)


def place_online(buyer, items):
    """An online order placed the way Stripe's success places it (the real flow, the fake Stripe)."""
    basket = Basket.objects.create(owner=buyer)
    basket.strategy = Selector().strategy(user=buyer)
    for product, quantity in items:
        basket.add_product(product, quantity)
    address = ShippingAddress(country=Country.objects.get(pk="CN"), **ADDR)
    method, _charge, total = priced(basket, buyer, address)
    basket.freeze()
    attempt = start_attempt(basket=basket, user=buyer, order_number=OrderNumberGenerator().order_number(basket),
                            amount=total.incl_tax, shipping_address=address, shipping_method_code=method.code)
    return attempt


@pytest.fixture
def stocked(county):
    for household, product in [(county.yu, county.chicken), (county.bao, county.chicken), (county.bao, county.honey)]:
        record_supply(recorded_by=county.coordinator, household=household, product=product, quantity=9,
                      unit_price="60" if product == county.honey else "120")
    return county


def this_month():
    return timezone.localdate()


ORDER = st.tuples(st.just("order"), st.sampled_from(["cash", "online"]), st.integers(0, 2), st.integers(0, 2))
STEP = st.tuples(st.sampled_from(["cancel", "load", "deliver"]), st.integers(0, 9))
CLAIM = st.tuples(st.just("claim"), st.integers(0, 9), st.integers(1, 2), st.integers(0, 2),
                  st.sampled_from([Liability.TRANSIT, Liability.QUALITY]))
REFUND = st.tuples(st.just("refund"), st.integers(0, 9), st.integers(0, 2), st.booleans())
ACTIONS = st.lists(st.one_of(ORDER, STEP, CLAIM, REFUND), min_size=1, max_size=12)
REFUSALS = (ValidationError, TransitionRefused, UnableToPlaceOrder)


class Rollback(Exception):
    pass


def apply(action, orders, county, staff_user, fake_stripe):
    kind = action[0]
    if kind == "order":
        _kind, method, chickens, honeys = action
        items = [(p, q) for p, q in [(county.chicken, chickens), (county.honey, honeys)] if q]
        if not items:
            return
        if method == "cash":
            orders.append(place_order(county.buyer, items, address=ADDR))
        else:
            attempt = place_online(county.buyer, items)
            fake_stripe.succeed(attempt.intent_id)
            order = place_paid_order(attempt)
            if order:
                orders.append(order)
        return
    if not orders:
        return
    order = orders[action[1] % len(orders)]
    order.refresh_from_db()
    if kind == "cancel":
        cancel_order(order, by=staff_user, reason="test")
    elif kind == "load":
        load_on_bus(order)
    elif kind == "deliver":
        deliver(order)
    elif kind == "claim":
        _kind, _i, claimed, refunded, liability = action
        line = order.lines.order_by("pk").first()
        claim = open_claim(buyer=county.buyer, line=line, reason="damaged", quantity=claimed)
        decide_claim(claim, by=staff_user, refund_quantity=min(refunded, claimed), liability=liability, reason="test")
    elif kind == "refund":
        _kind, _i, units, shipping = action
        line = lines_with_refunds(order).order_by("pk").last()
        refund_order(order, quantities={line.pk: units}, include_shipping=shipping, by=staff_user)


def assert_every_fen_has_one_place(fake_stripe):
    report = reconcile(month=this_month())
    assert report.mismatched == [] and report.difference == Decimal("0.00"), report
    # No household income is booked twice: one sale entry per household and line, reversals never beyond it.
    sales = IncomeEntry.objects.filter(source="ecommerce", reverses__isnull=True)
    assert not sales.values("reference").annotate(n=Count("pk")).filter(n__gt=1).exists()
    for entry in sales:
        assert entry.amount + sum(r.amount for r in entry.reversals.all()) >= 0
    # What a line paid households never exceeds its allocated units at their lots' prices.
    for line_id, booked in LineIncome.objects.values_list("line").annotate(s=Sum("entry__amount")):
        allocated = (LotAllocation.objects.filter(order_line_id=line_id)
                     .aggregate(s=Sum(F("quantity") * F("lot__unit_price"), output_field=MONEY))["s"] or 0)
        assert 0 <= booked <= allocated
    # Stripe gave back exactly what the refunds say, never more than was paid.
    for source in Source.objects.filter(source_type__code="stripe"):
        refunded = Refund.objects.filter(order=source.order).aggregate(s=Sum("amount"))["s"] or Decimal("0")
        assert fake_stripe.refunded_fen(source.reference) == int(refunded * 100) <= int(source.amount_debited * 100)
    # A cancelled order booked nothing anywhere.
    for order in Order.objects.filter(status="Cancelled"):
        assert not order.household_income.exists() and not order.platform_entries.exists()


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(actions=ACTIONS)
def test_any_sequence_of_orders_cancellations_deliveries_claims_and_refunds_reconciles(
        stocked, staff_user, fake_stripe, actions):
    fake_stripe.reset()
    try:
        with transaction.atomic():
            orders = []
            for action in actions:
                try:
                    with transaction.atomic():
                        apply(action, orders, stocked, staff_user, fake_stripe)
                except REFUSALS:
                    pass  # refused with a message: it must have changed nothing, which the invariants check
            assert_every_fen_has_one_place(fake_stripe)
            raise Rollback
    except Rollback:
        pass


def test_a_booking_that_does_not_belong_is_flagged(stocked, staff, capsys):
    order = place_order(stocked.buyer, [(stocked.chicken, 1)], address=ADDR)
    deliver(order)
    assert reconcile(month=this_month()).balanced
    call_command("reconcile", "--month", this_month().strftime("%Y-%m"))
    # Someone books the same sale a second time under another reference.
    entry = book_income(household=stocked.yu, date=this_month(), source="ecommerce", amount="120.00",
                        reference="by-hand")[0]
    LineIncome.objects.create(entry=entry, order=order, line=order.lines.get())
    report = reconcile(month=this_month())
    assert not report.balanced and report.difference == Decimal("-120.00")
    assert [row["number"] for row in report.mismatched] == [str(order.number)]
    with pytest.raises(CommandError):
        call_command("reconcile", "--month", this_month().strftime("%Y-%m"))
    page = staff.get(reverse("admin:settlement-reconciliation"), {"month": this_month().strftime("%Y-%m")})
    assert page.status_code == 200 and str(order.number) in page.content.decode()


def test_orders_on_their_way_are_held_in_transit_not_flagged(stocked):
    order = place_order(stocked.buyer, [(stocked.chicken, 1)], address=ADDR)
    load_on_bus(order)
    report = reconcile(month=this_month())
    assert report.balanced and report.unsettled_orders == 1
    deliver(order)
    report = reconcile(month=this_month())
    assert report.unsettled_orders == 0 and report.paid == order.total_incl_tax
    assert report.households + report.margin + report.shipping == order.total_incl_tax
    assert PlatformEntry.objects.get(account="shipping").amount == order.shipping_incl_tax


def test_the_admin_page_refuses_a_bad_month_with_a_message(staff):
    for month in ("99999-99", "0000-01", "abc", ""):
        response = staff.get(reverse("admin:settlement-reconciliation"), {"month": month})
        assert response.status_code == 200
    assert "2000-01" in staff.get(reverse("admin:settlement-reconciliation"), {"month": "1999-12"}).content.decode()


def test_last_month_is_the_commands_default(stocked, capsys):
    call_command("reconcile")
    first_of_this_month = this_month().replace(day=1)
    assert f"{first_of_this_month - datetime.timedelta(days=1):%Y-%m}" in capsys.readouterr().out
