"""Shipped units come from the poorest household's lots first."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from oscar.core.loading import get_model

from catalog.allocation import allocate_line
from catalog.models import LotAllocation
from catalog.supply import record_supply
from households.ledger import book_income
from households.models import IncomeSource
from tests.factories import ADDR, place_order

pytestmark = pytest.mark.django_db
Line = get_model("order", "Line")


def supply(county, household, quantity, price, days_ago):
    return record_supply(recorded_by=county.coordinator, household=household, product=county.chicken,
                         quantity=quantity, unit_price=price,
                         supplied_on=timezone.localdate() - datetime.timedelta(days=days_ago))


def test_the_household_with_the_lowest_income_per_person_is_served_first(county):
    bao_lot = supply(county, county.bao, 5, "125", 4)  # older, but 包某 earns more per person
    yu_lot = supply(county, county.yu, 2, "120", 3)
    order = place_order(county.buyer, [(county.chicken, 3)], address=ADDR)
    left = allocate_line(order.lines.get())
    assert left == 0
    assert {(a.lot_id, a.quantity) for a in LotAllocation.objects.all()} == {(yu_lot.pk, 2), (bao_lot.pk, 1)}


def test_a_quarter_yuan_per_person_decides_who_is_served_first(county, today):
    # 于某 4425.00 for 2 = 2212.50 a person; 包某 2212.25 for 1: 包某 is poorer, by 25 fen (on SQLite
    # too, where 4425 / 2 divided as integers would be 2212 and put 于某 first).
    for household, amount in ((county.yu, "1425.00"), (county.bao, "212.25")):
        book_income(household=household, date=today.replace(month=1, day=16), source=IncomeSource.FARMING,
                    amount=Decimal(amount), reference=f"farming:{household.pk}")
    yu_lot = supply(county, county.yu, 2, "120", 4)  # older, and first among equals
    bao_lot = supply(county, county.bao, 2, "125", 3)
    order = place_order(county.buyer, [(county.chicken, 1)], address=ADDR)
    allocate_line(order.lines.get())
    assert list(LotAllocation.objects.values_list("lot_id", "quantity")) == [(bao_lot.pk, 1)]
    assert yu_lot.allocations.count() == 0


def test_oldest_lot_first_within_a_household_and_never_twice(county):
    newer = supply(county, county.yu, 2, "120", 2)
    older = supply(county, county.yu, 2, "118", 4)
    order = place_order(county.buyer, [(county.chicken, 3)], address=ADDR)
    line = order.lines.get()
    allocate_line(line)
    allocate_line(line)  # shipping the same line again takes nothing more
    assert {(a.lot_id, a.quantity) for a in LotAllocation.objects.all()} == {(older.pk, 2), (newer.pk, 1)}


def test_a_lot_sold_out_is_passed_over_and_leaves_no_empty_allocation(county):
    yu_lot = supply(county, county.yu, 2, "120", 3)  # 于某's lot comes first, and is sold first
    first = place_order(county.buyer, [(county.chicken, 2)], address=ADDR)
    assert allocate_line(first.lines.get()) == 0
    bao_lot = supply(county, county.bao, 5, "125", 2)
    second = place_order(county.buyer, [(county.chicken, 2)], address=ADDR)
    assert allocate_line(second.lines.get()) == 0
    assert list(LotAllocation.objects.filter(order_line__order=second).values_list("lot_id", "quantity")) == [
        (bao_lot.pk, 2)]
    assert list(LotAllocation.objects.filter(order_line__order=first).values_list("lot_id", "quantity")) == [
        (yu_lot.pk, 2)]
