"""The coordinator's station pages: what to pack for the next buses and from which households'
lots, stock with low-stock warnings, this week's supply, this month's sales; supply intake that
works without JavaScript too, by the dashboard's rules."""

import json
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from catalog.models import SupplyLot
from tests.factories import ADDR, place_order
from tests.helpers import deliver, log_in

pytestmark = pytest.mark.django_db


def test_the_coordinators_home_says_what_to_pack_from_which_lots(client, station):
    order = place_order(station.buyer, [(station.honey, 2), (station.chicken, 1)], address=ADDR)
    parcel = order.consignments.get()
    log_in(client, station.coordinator)
    page = client.get(reverse("station:home")).content.decode()
    assert str(order.number) in page and f"P{parcel.pk}" in page and "冷藏" in page  # the chicken needs the cooler
    honey_lot = SupplyLot.objects.get(product=station.honey)
    chicken_lot = SupplyLot.objects.get(product=station.chicken)
    assert f"从于德福的批次 {honey_lot.code} 取 2" in page
    assert f"从包长友的批次 {chicken_lot.code} 取 1" in page


def test_stock_runs_low_and_the_months_sales_show_by_product_and_household(client, station):
    deliver(place_order(station.buyer, [(station.honey, 2)], address=ADDR))
    log_in(client, station.coordinator)
    response = client.get(reverse("station:home"))
    low = {row.product.pk for row in response.context["low"]}
    assert station.chicken.pk in low and station.honey.pk not in low  # 4 chickens left, 18 jars of honey
    sales = {row["title"]: row for row in response.context["sales"]}
    assert sales["新青村椴树蜂蜜"]["units"] == 2
    assert [(h.head_name, h.earned) for h in response.context["households"]] == [("于德福", 136)]
    assert "于德福" in response.content.decode()  # names are the coordinator's to see: their own village


def test_the_home_costs_the_same_queries_however_many_parcels(client, station):
    log_in(client, station.coordinator)
    place_order(station.buyer, [(station.honey, 1)], address=ADDR)
    client.get(reverse("station:home"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("station:home"))
    for _ in range(4):
        place_order(station.buyer, [(station.honey, 1), (station.chicken, 1)] if _ < 2 else [(station.honey, 2)],
                    address=ADDR)
    with CaptureQueriesContext(connection) as five:
        client.get(reverse("station:home"))
    assert len(five) == len(one)


def test_supply_is_recorded_without_javascript_once_and_the_price_comes_from_the_last_lot(client, station):
    log_in(client, station.coordinator)
    page = client.get(reverse("station:supply"))
    intake = json.loads(page.context["intake"] and json.dumps(page.context["intake"]))
    yu = next(h for h in intake["households"] if h["name"] == "于德福")
    assert yu["prices"][str(station.honey.pk)] == "68.00"  # what the form fills in for 于德福's honey
    key = str(uuid.uuid4())
    form = {"key": key, "household": station.yu.pk, "product": station.honey.pk, "quantity": "3",
            "unit_price": "68.00", "supplied_on": timezone.localdate().isoformat()}
    client.post(reverse("station:supply"), form)
    client.post(reverse("station:supply"), form)  # the page sent again
    assert SupplyLot.objects.filter(household=station.yu, product=station.honey, quantity=3).count() == 1


def test_hostile_supply_gets_every_reason_and_changes_nothing(client, station):
    log_in(client, station.coordinator)
    before = SupplyLot.objects.count()
    response = client.post(reverse("station:supply"), {
        "key": str(uuid.uuid4()), "household": station.far.pk, "product": station.ginseng.pk, "quantity": "-1",
        "unit_price": "NaN", "supplied_on": "2999-01-01"})
    page = response.content.decode()
    assert response.status_code == 200 and page.count('class="st-error"') >= 4
    assert SupplyLot.objects.count() == before


def test_only_a_village_coordinator_works_at_the_station(client, station):
    for user in (station.buyer, station.cadre, station.clerk):
        log_in(client, user)
        assert client.get(reverse("station:home")).status_code == 403
        client.logout()
    assert client.get(reverse("station:supply")).status_code == 302  # to the sign-in page


def test_the_station_installs_as_an_app_served_by_the_site(client, station):
    log_in(client, station.coordinator)
    manifest = client.get(reverse("station:manifest")).json()
    assert manifest["start_url"] == reverse("station:home") and manifest["display"] == "standalone"
    worker = client.get(reverse("station:service-worker"))
    assert worker["Content-Type"].startswith("text/javascript") and worker["Service-Worker-Allowed"] == "/station/"
    body = worker.content.decode()
    assert "/static/station/station.js" in body and reverse("station:supply") in body and "http" not in body.split(
        "const CACHE")[0].replace("/station/", "")


def test_the_coordinators_dashboard_home_is_the_station(client, station):
    log_in(client, station.coordinator)
    response = client.get(reverse("dashboard:index"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("station:home")
    # The full dashboard stays a tap away (its product list), without sending them back here.
    assert client.get(reverse("dashboard:catalogue-product-list")).status_code == 200


def test_low_stock_is_said_before_the_packing_list(client, station):
    place_order(station.buyer, [(station.honey, 2), (station.chicken, 1)], address=ADDR)
    log_in(client, station.coordinator)
    page = client.get(reverse("station:home")).content.decode()
    assert page.index('id="low-summary"') < page.index('id="packing"')
    summary = page.split('id="low-summary"')[1].split("</p>")[0]
    assert "新青村散养笨鸡 3" in summary and "蜂蜜" not in summary  # 4 chickens, one ordered
