"""The Django admin shows a placed order, its lines, payments and events, and the households'
lots behind them; it changes none of them (the dashboard's order page and the hub do, by the rules)."""

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from catalog.models import LotAllocation, SupplyLot
from catalog.supply import record_supply
from tests.factories import ADDR, place_order
from tests.helpers import load_on_bus

Line = get_model("order", "Line")
Order = get_model("order", "Order")
pytestmark = pytest.mark.django_db


@pytest.fixture
def order(county):
    record_supply(recorded_by=county.coordinator, household=county.yu, product=county.chicken, quantity=3,
                  unit_price="120")
    record_supply(recorded_by=county.coordinator, household=county.yu, product=county.honey, quantity=3,
                  unit_price="60")
    return place_order(county.buyer, [(county.chicken, 1)], address=ADDR)


def test_a_placed_orders_lines_and_address_are_shown_not_edited(staff, order, county):
    line = order.lines.get()
    url = reverse("admin:order_line_change", args=[line.pk])
    page = staff.get(url)
    assert page.status_code == 200 and 'name="quantity"' not in page.content.decode()
    staff.post(url, {"quantity": "20", "order": order.pk})
    assert Line.objects.get(pk=line.pk).quantity == 1

    other = place_order(county.buyer, [(county.honey, 1)], address={**ADDR, "state": "吉林省"})
    staff.post(reverse("admin:order_order_change", args=[order.pk]),
               {"shipping_address": other.shipping_address_id, "number": order.number})
    assert Order.objects.get(pk=order.pk).shipping_address_id == order.shipping_address_id
    for name in ("order_line_add", "order_paymentevent_add", "order_shippingaddress_add"):
        assert staff.get(reverse(f"admin:{name}")).status_code == 403


def test_the_households_lots_and_what_was_taken_from_them_stay(staff, order):
    load_on_bus(order)
    allocation = LotAllocation.objects.get()
    lot = allocation.lot
    staff.post(reverse("admin:catalogue_supplylot_delete", args=[lot.pk]), {"post": "yes"})
    staff.post(reverse("admin:catalogue_lotallocation_delete", args=[allocation.pk]), {"post": "yes"})
    assert SupplyLot.objects.filter(pk=lot.pk).exists() and LotAllocation.objects.filter(pk=allocation.pk).exists()
