"""An order's address corrected after it was placed: by the shop's staff only, through the checkout's
form and freshness rule, and the parcels' deadlines and buses follow the new address."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from catalog.supply import record_supply
from logistics.estimates import latest_hub_arrival, transit_days
from logistics.tracking import mark_run_loaded
from tests.factories import ADDR, address_form, place_order
from tests.helpers import log_in

Order = get_model("order", "Order")
OrderNote = get_model("order", "OrderNote")
pytestmark = pytest.mark.django_db

XINJIANG = {"state": "650000", "line4": "650100", "line3": "650102"}  # 7 days in the post
JILIN = {"state": "220000", "line4": "220100", "line3": "220102"}  # 2 days


@pytest.fixture
def chicken_order(county):
    """A buyer in 哈尔滨 (one day in the post) orders 新青村's chicken, which keeps 5 days."""
    record_supply(recorded_by=county.coordinator, household=county.yu, product=county.chicken, quantity=3,
                  unit_price="120")
    return place_order(county.buyer, [(county.chicken, 1)], address=ADDR)


def address_url(order):
    return reverse("dashboard:order-shipping-address", kwargs={"number": order.number})


def deadline(order):
    return order.consignments.get().latest_hub_arrival


def test_staff_send_an_order_to_another_province_and_its_parcel_gets_the_new_deadline(staff, chicken_order):
    before = deadline(chicken_order)
    response = staff.post(address_url(chicken_order), address_form(**JILIN, line1="人民大街 1 号"))
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    address = Order.objects.get(pk=chicken_order.pk).shipping_address
    assert (address.state, address.line4, address.line3) == ("吉林省", "长春市", "南关区")
    expected = latest_hub_arrival(ordered_on=timezone.localdate(chicken_order.date_placed), shelf_life_days=5,
                                  transit=transit_days("吉林省"))
    assert deadline(chicken_order) == expected == before - datetime.timedelta(days=1)
    assert chicken_order.consignments.get().status == "booked"
    assert OrderNote.objects.filter(order=chicken_order, message__contains="吉林省").exists()


def test_staff_cannot_send_short_lived_goods_where_they_would_spoil(staff, chicken_order):
    before = deadline(chicken_order)
    response = staff.post(address_url(chicken_order), address_form(**XINJIANG))
    assert response.status_code == 200
    assert "新青村散养笨鸡保质期只有5天" in response.content.decode()
    # Nothing changed: the address, the parcel's deadline and booking, no note.
    address = Order.objects.get(pk=chicken_order.pk).shipping_address
    assert address.state == "黑龙江省"
    consignment = chicken_order.consignments.get()
    assert (consignment.latest_hub_arrival, consignment.status, consignment.late_since) == (before, "booked", None)
    assert not OrderNote.objects.filter(order=chicken_order).exists()


def test_the_form_takes_only_a_city_of_the_province_chosen(staff, chicken_order):
    response = staff.post(address_url(chicken_order), address_form(state="220000", line4="650100", line3=""))
    assert response.status_code == 200 and "line4" in response.context["form"].errors
    assert Order.objects.get(pk=chicken_order.pk).shipping_address.state == "黑龙江省"


def test_once_the_bus_has_the_parcel_the_address_stays(staff, chicken_order):
    mark_run_loaded(chicken_order.consignments.get().run)
    response = staff.post(address_url(chicken_order), address_form(**JILIN))
    assert response.status_code == 200
    assert "已有包裹离开村子" in response.content.decode()
    assert Order.objects.get(pk=chicken_order.pk).shipping_address.state == "黑龙江省"


def test_a_coordinator_neither_reads_nor_changes_the_buyers_address(county, chicken_order):
    coordinator = log_in(Client(), county.coordinator)
    page = coordinator.get(reverse("dashboard:order-detail", kwargs={"number": chicken_order.number}))
    html = page.content.decode()
    assert "黑龙江省 哈尔滨市" in html  # where the parcel goes, as on the bus manifest
    street, phone = ADDR["line1"], ADDR["phone_number"]
    assert street not in html and phone not in html and county.buyer.email not in html
    assert "139****0001" in html
    assert address_url(chicken_order) not in html
    assert coordinator.get(address_url(chicken_order)).status_code == 403
    assert coordinator.post(address_url(chicken_order), address_form(**JILIN)).status_code == 403
    assert Order.objects.get(pk=chicken_order.pk).shipping_address.state == "黑龙江省"


def test_the_django_admin_does_not_edit_a_placed_orders_address(staff, chicken_order):
    url = reverse("admin:order_shippingaddress_change", args=[chicken_order.shipping_address_id])
    staff.post(url, {"state": "新疆维吾尔自治区", "line4": "乌鲁木齐市", "first_name": "x", "country": "CN"})
    assert Order.objects.get(pk=chicken_order.pk).shipping_address.state == "黑龙江省"
    assert 'name="state"' not in staff.get(url).content.decode()
