"""The order pages cost the same number of queries however many orders or lines they show."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.supply import record_supply
from tests.factories import ADDR, place_order
from tests.helpers import log_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def stocked(county):
    for product, price in ((county.chicken, "120"), (county.honey, "60"), (county.ginseng, "200")):
        household = county.far if product == county.ginseng else county.yu
        coordinator = county.neighbour_coordinator if product == county.ginseng else county.coordinator
        record_supply(recorded_by=coordinator, household=household, product=product, quantity=20, unit_price=price)
    return county


def queries(client, url):
    client.get(url)  # caches warm, as for a buyer coming back
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_buyers_order_list_and_order_page(stocked):
    county = stocked
    buyer = log_in(Client(), county.buyer)
    small = place_order(county.buyer, [(county.chicken, 1)], address=ADDR)
    one_order, one_line = queries(buyer, reverse("customer:order-list")), queries(
        buyer, reverse("customer:order", kwargs={"order_number": small.number}))
    big = place_order(county.buyer, [(county.chicken, 1), (county.honey, 2), (county.ginseng, 1)], address=ADDR)
    place_order(county.buyer, [(county.honey, 1)], address=ADDR)
    assert queries(buyer, reverse("customer:order-list")) == one_order
    assert queries(buyer, reverse("customer:order", kwargs={"order_number": big.number})) == one_line


@pytest.mark.parametrize("who", ["staff", "coordinator"])
def test_the_dashboards_order_page(stocked, staff_user, who):
    county = stocked
    client = log_in(Client(), staff_user if who == "staff" else county.coordinator)
    small = place_order(county.buyer, [(county.chicken, 1)], address=ADDR)
    big = place_order(county.buyer, [(county.chicken, 1), (county.honey, 2), (county.ginseng, 1)], address=ADDR)
    url = "dashboard:order-detail"
    assert queries(client, reverse(url, kwargs={"number": big.number})) == queries(
        client, reverse(url, kwargs={"number": small.number}))


def thank_you(client, order):
    session = client.session
    session["checkout_order_id"] = order.pk
    session.save()
    return reverse("checkout:thank-you")


def test_the_thank_you_page_reads_the_order_and_writes_nothing(stocked):
    county = stocked
    buyer = log_in(Client(), county.buyer)
    small = place_order(county.buyer, [(county.chicken, 1)], address=ADDR)
    with CaptureQueriesContext(connection) as first_view:
        page = buyer.get(thank_you(buyer, small))
    # Oscar's page marks the order as sent to Google Analytics on its first view; this shop sends nothing there.
    writes = [q["sql"] for q in first_view if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert [sql for sql in writes if "django_session" not in sql] == []
    assert str(small.number) in page.content.decode()
    one_line = queries(buyer, thank_you(buyer, small))
    big = place_order(county.buyer, [(county.chicken, 1), (county.honey, 2), (county.ginseng, 1)], address=ADDR)
    assert queries(buyer, thank_you(buyer, big)) == one_line
