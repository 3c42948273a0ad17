"""Checkout with cash on delivery; no more than the village has."""

from decimal import Decimal

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from catalog.supply import record_supply
from logistics.models import Consignment
from tests.factories import address_form
from tests.helpers import add_to_basket, check_out_cash_on_delivery, log_in

Order = get_model("order", "Order")
Basket = get_model("basket", "Basket")
StockRecord = get_model("partner", "StockRecord")
pytestmark = pytest.mark.django_db


@pytest.fixture
def stocked(county):
    record_supply(recorded_by=county.coordinator, household=county.yu, product=county.chicken, quantity=2,
                  unit_price="120")
    record_supply(recorded_by=county.neighbour_coordinator, household=county.far, product=county.ginseng,
                  quantity=5, unit_price="200")
    return county


def test_an_order_for_more_than_the_stock_is_refused_with_a_clear_message(client, stocked):
    log_in(client, stocked.buyer)
    response = add_to_basket(client, stocked.chicken, 3)
    assert "最多可以购买2" in response.content.decode()
    # Nothing was added, so no basket was even saved (a buyer who only looks writes nothing).
    assert sum(b.num_items for b in Basket.objects.filter(owner=stocked.buyer)) == 0
    assert Order.objects.count() == 0
    assert StockRecord.objects.get(product=stocked.chicken).num_allocated in (0, None)


def test_cash_on_delivery_places_one_order_and_a_consignment_per_village(client, stocked):
    log_in(client, stocked.buyer)
    add_to_basket(client, stocked.chicken, 1)
    add_to_basket(client, stocked.ginseng, 2)
    response = check_out_cash_on_delivery(client)
    assert response.status_code == 200
    order = Order.objects.get()
    assert order.status == "Pending"
    # 1.5 kg + 2 × 0.2 kg = 1.9 kg: the 3 kg band, ¥12.
    assert order.shipping_incl_tax == Decimal("12.00")
    assert order.total_incl_tax == Decimal("168.00") + 2 * Decimal("268.00") + Decimal("12.00")
    assert order.sources.get().amount_allocated == order.total_incl_tax
    villages = dict(Consignment.objects.filter(order=order).values_list("village__name", "weight_kg"))
    assert villages == {"新青村": Decimal("1.500"), "东兴村": Decimal("0.400")}
    assert StockRecord.objects.get(product=stocked.chicken).num_allocated == 1


def test_placing_an_order_needs_a_payment_method(client, stocked):
    log_in(client, stocked.buyer)
    add_to_basket(client, stocked.chicken, 1)
    client.get(reverse("checkout:index"), follow=True)
    client.post(reverse("checkout:shipping-address"), address_form(), follow=True)
    response = client.post(reverse("checkout:preview"), {"method": "bitcoin"})
    assert response.status_code == 200
    assert "请从显示的付款方式中选择一种" in response.content.decode()
    response = client.post(reverse("checkout:preview"), {"action": "place_order"}, follow=True)
    assert Order.objects.count() == 0
