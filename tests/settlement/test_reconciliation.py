"""The monthly reconciliation flags what does not belong and holds what still travels.

Whatever sequence of orders, deliveries, refunds, claims and cancellations, every fen ending in
exactly one place is proven by the state machine in test_money_machine.py."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from catalog.supply import record_supply
from households.ledger import book_income
from settlement.models import LineIncome, PlatformEntry
from settlement.reconciliation import reconcile
from tests.factories import ADDR, place_order
from tests.helpers import deliver, load_on_bus

pytestmark = pytest.mark.django_db


@pytest.fixture
def stocked(county):
    for household, product in [(county.yu, county.chicken), (county.bao, county.chicken), (county.bao, county.honey)]:
        record_supply(recorded_by=county.coordinator, household=household, product=product, quantity=9,
                      unit_price="60" if product == county.honey else "120")
    return county


def this_month():
    return timezone.localdate()


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


def test_a_month_is_the_countys_from_its_first_midnight(stocked):
    # Last month's first midnight: always past, even in this month's first half hour.
    first = (this_month().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    shanghai = timezone.get_current_timezone()
    just_after = datetime.datetime.combine(first, datetime.time(0, 30), tzinfo=shanghai)  # 16:30 UTC the day before
    just_before = just_after - datetime.timedelta(hours=1)
    place_order(stocked.buyer, [(stocked.chicken, 1)], address=ADDR, placed_at=just_after)
    place_order(stocked.buyer, [(stocked.honey, 1)], address=ADDR, placed_at=just_before)
    report = reconcile(month=first)
    assert (report.month, report.orders, report.unsettled_orders) == (first, 1, 1)
    before = reconcile(month=first - datetime.timedelta(days=1))
    assert (before.month, before.orders, before.unsettled_orders) == (
        (first - datetime.timedelta(days=1)).replace(day=1), 1, 1)


def test_a_delivered_order_whose_cash_is_not_in_yet_is_held_not_flagged(stocked):
    from oscar.core.loading import get_model

    Source = get_model("payment", "Source")
    order = place_order(stocked.buyer, [(stocked.chicken, 1)], address=ADDR)
    deliver(order)
    Source.objects.filter(order=order).update(amount_debited=Decimal("0.00"))  # the courier still has it
    report = reconcile(month=this_month())
    assert report.balanced and report.unsettled_orders == 1
    assert report.in_transit == -order.total_incl_tax  # the households and the post are owed what is to come


def test_a_mismatched_row_names_each_place_the_orders_money_went(stocked):
    order = place_order(stocked.buyer, [(stocked.chicken, 1)], address=ADDR)
    deliver(order)
    entry = book_income(household=stocked.yu, date=this_month(), source="ecommerce", amount="10.00",
                        reference="by-hand")[0]  # booked again by hand
    LineIncome.objects.create(entry=entry, order=order, line=order.lines.get())
    [row] = reconcile(month=this_month()).mismatched
    order.refresh_from_db()
    assert row == {"number": str(order.number), "status": "Delivered", "paid": order.total_incl_tax,
                   "refunded": Decimal("0.00"), "households": Decimal("130.00"), "shipping": order.shipping_incl_tax,
                   "margin": order.total_incl_tax - order.shipping_incl_tax - Decimal("120.00"),
                   "logistics_loss": Decimal("0.00"), "difference": Decimal("-10.00")}
