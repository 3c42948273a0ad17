"""The whole loop, through HTTP: a household's goods reach a buyer and come back as income."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from catalog.models import LotAllocation, SupplyLot
from households.models import IncomeEntry, IncomeSource
from logistics.models import Consignment, PickupRun
from tests.helpers import add_to_basket, check_out_cash_on_delivery, confirm_step, log_in

Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.django_db


def test_two_households_goods_travel_to_a_buyer_and_come_back_as_income(client, county):
    # The 新青村 coordinator records what 于某 and 包某 brought to the station.
    coordinator = log_in(client, county.coordinator)
    response = coordinator.get(reverse("catalog-supply:lot-create"))
    assert response.status_code == 200
    for household, product, qty, price in [(county.yu, county.chicken, 1, "120.00"),
                                           (county.bao, county.chicken, 3, "125.00"),
                                           (county.yu, county.honey, 2, "68.00")]:
        response = coordinator.post(reverse("catalog-supply:lot-create"), {
            "household": household.pk, "product": product.pk, "quantity": qty, "unit_price": price,
            "supplied_on": (timezone.localdate() - datetime.timedelta(days=2)).isoformat()}, follow=True)
        assert response.redirect_chain[-1][0] == reverse("catalog-supply:lot-list")
    assert SupplyLot.objects.count() == 3
    assert StockRecord.objects.get(product=county.chicken).num_in_stock == 4
    assert StockRecord.objects.get(product=county.honey).num_in_stock == 2
    client.logout()

    # A buyer in Harbin orders 2 chickens and 1 jar of honey, cash on delivery.
    buyer = log_in(client, county.buyer)
    add_to_basket(buyer, county.chicken, 2)
    add_to_basket(buyer, county.honey, 1)
    response = check_out_cash_on_delivery(buyer)
    assert response.status_code == 200
    order = Order.objects.get(user=county.buyer)
    # 2 × ¥168 + ¥98, plus 4 kg of postal express (the 5 kg band, ¥16).
    assert order.total_incl_tax == Decimal("450.00")
    assert order.shipping_incl_tax == Decimal("16.00")
    assert order.sources.get().source_type.code == "cash-on-delivery"

    # Its consignment joins the next run of the line that stops at 新青村.
    consignment = Consignment.objects.get(order=order)
    assert consignment.village == county.xinqing and consignment.weight_kg == Decimal("4.000")
    assert consignment.cold_chain is True
    run = consignment.run
    assert run.line == county.line and run.status == PickupRun.Status.PLANNED
    assert run == PickupRun.objects.filter(line=county.line, departs_at__gt=timezone.now()).earliest("departs_at")
    client.logout()

    # The hub clerk loads the run, receives it at the hub, dispatches and delivers the parcel.
    clerk = log_in(client, county.clerk)
    assert clerk.get(reverse("logistics-dashboard:run-list")).status_code == 200
    manifest = clerk.get(reverse("logistics-dashboard:run-detail", kwargs={"pk": run.pk}))
    assert order.number in manifest.content.decode()
    confirm_step(clerk, reverse("logistics-dashboard:run-transition", kwargs={"pk": run.pk, "step": "loaded"}))
    confirm_step(clerk, reverse("logistics-dashboard:run-transition", kwargs={"pk": run.pk, "step": "at_hub"}))
    run.refresh_from_db()
    assert run.status == PickupRun.Status.AT_HUB
    confirm_step(clerk, reverse("logistics-dashboard:consignment-dispatch", kwargs={"pk": consignment.pk}),
                 {"tracking_number": "9812345678901"})
    confirm_step(clerk, reverse("logistics-dashboard:consignment-deliver", kwargs={"pk": consignment.pk}))
    consignment.refresh_from_db()
    assert consignment.status == Consignment.Status.DELIVERED
    assert consignment.tracking_number == "9812345678901"
    order.refresh_from_db()
    assert order.status == "Delivered"
    # The postman collected the cash: the payment source shows it debited.
    assert order.sources.get().amount_debited == Decimal("450.00")
    client.logout()

    # 于某 (lower income per person) is served first: 1 chicken at ¥120 and the honey at ¥68;
    # 包某's lot covers the second chicken at ¥125.
    sales = IncomeEntry.objects.filter(source=IncomeSource.ECOMMERCE)
    assert sorted((e.household.registry_number, e.amount) for e in sales) == [
        ("H-XQ-1", Decimal("68.00")), ("H-XQ-1", Decimal("120.00")), ("H-XQ-2", Decimal("125.00"))]
    assert LotAllocation.objects.count() == 3
    assert StockRecord.objects.get(product=county.chicken).num_in_stock == 2
    assert StockRecord.objects.get(product=county.chicken).num_allocated == 0

    # The buyer follows the parcel on the order page.
    buyer = log_in(client, county.buyer)
    page = buyer.get(reverse("customer:order", kwargs={"order_number": order.number})).content.decode()
    assert "9812345678901" in page
    assert page.count("<li class=\"list-group-item\">") == 5  # booked, loaded, at hub, dispatched, delivered
    assert "已送达" in page and "¥450.00" in page
    client.logout()

    # Their cadre sees the sales in both households' income; another cadre gets 404.
    cadre = log_in(client, county.cadre)
    overview = cadre.get(reverse("cadre:household-list")).content.decode()
    assert "于德福" in overview and "包长友" in overview
    detail = cadre.get(reverse("cadre:household-detail", kwargs={"pk": county.yu.pk})).content.decode()
    assert "¥188.00" in detail  # e-commerce sales this year: 120 + 68
    assert "¥1,594.00" in detail  # per person: (3000 + 188) / 2
    client.logout()
    other = log_in(client, county.other_cadre)
    assert other.get(reverse("cadre:household-detail", kwargs={"pk": county.yu.pk})).status_code == 404
