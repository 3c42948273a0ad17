"""Short-lived goods are refused, before payment, for an address they cannot reach fresh."""

from decimal import Decimal

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from catalog.supply import record_supply
from logistics.estimates import estimate_delivery
from logistics.models import PostalTransit, Station
from tests.factories import address_form
from tests.helpers import add_to_basket, go_to_preview, log_in, messages_of

Order = get_model("order", "Order")
pytestmark = pytest.mark.django_db

XINJIANG = {"state": "650000", "line4": "650100", "line3": "650102"}  # 新疆 乌鲁木齐市 天山区


@pytest.fixture
def stocked(county):
    # The county's chicken keeps 5 days and rides in a cold box; the post takes 7 days to 新疆.
    record_supply(recorded_by=county.coordinator, household=county.yu, product=county.chicken, quantity=5,
                  unit_price="120")
    return county


def test_the_address_step_says_why_a_far_province_is_refused(client, stocked):
    log_in(client, stocked.buyer)
    add_to_basket(client, stocked.chicken, 1)
    client.get(reverse("checkout:index"), follow=True)
    response = client.post(reverse("checkout:shipping-address"), address_form(**XINJIANG))
    assert response.status_code == 200
    page = response.content.decode()
    # 7 days in the post, counted from today: the bus leaves tomorrow morning, or today before 07:30.
    days = estimate_delivery(station=Station.objects.get(village=stocked.xinqing), weight_kg=Decimal("1.5"),
                             province="新疆维吾尔自治区", cold=True).days_on_the_way
    assert days in (7, 8)
    assert f"新青村散养笨鸡保质期只有5天，寄往新疆维吾尔自治区需要{days}天" in page
    assert not Order.objects.exists()


def test_goods_that_keep_long_enough_go_anywhere(client, stocked):
    stocked.chicken.shelf_life_days = 30
    stocked.chicken.save()
    log_in(client, stocked.buyer)
    add_to_basket(client, stocked.chicken, 1)
    client.get(reverse("checkout:index"), follow=True)
    response = client.post(reverse("checkout:shipping-address"), address_form(**XINJIANG), follow=True)
    assert response.redirect_chain[-1][0] == reverse("checkout:payment-details")


def test_no_later_step_places_the_order_once_the_address_is_out_of_reach(client, stocked):
    log_in(client, stocked.buyer)
    add_to_basket(client, stocked.chicken, 1)
    go_to_preview(client)  # 黑龙江省, one day in the post
    # Meanwhile the post office says parcels within the province now take 9 days.
    PostalTransit.objects.filter(province="黑龙江省").update(days=9)
    response = client.post(reverse("checkout:preview"), {"action": "place_order"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("checkout:shipping-address")
    assert any("保质期只有5天" in m for m in messages_of(response))
    assert not Order.objects.exists()


def test_the_preview_says_when_the_parcel_arrives(client, stocked):
    log_in(client, stocked.buyer)
    add_to_basket(client, stocked.chicken, 1)
    page = go_to_preview(client).content.decode()
    assert 'id="delivery-estimate"' in page and "送达" in page


def test_an_order_written_outside_the_checkout_is_checked_on_the_runs_it_was_booked_on(stocked):
    # The webhook's way (shop.payments.flow): no pre-conditions ran, the booked run decides.
    from oscar.apps.order.exceptions import UnableToPlaceOrder
    from oscar.core.loading import get_class

    from shop.checkout.placement import create_order

    Selector = get_class("partner.strategy", "Selector")
    Basket = get_model("basket", "Basket")
    ShippingAddress = get_model("order", "ShippingAddress")
    basket = Basket.objects.create(owner=stocked.buyer)
    basket.strategy = Selector().strategy(user=stocked.buyer)
    basket.add_product(stocked.chicken, 1)
    far = ShippingAddress(country_id="CN", first_name="陈晓雨", state="新疆维吾尔自治区", line4="乌鲁木齐市",
                          line3="天山区", line1="人民路 1 号", phone_number="+8613945100001")
    with pytest.raises(UnableToPlaceOrder, match="保质期只有5天"):
        create_order(basket, stocked.buyer, far, order_number="200001")
    assert not Order.objects.exists()


def test_a_province_typed_without_its_suffix_is_still_found(stocked):
    from logistics.estimates import transit_days

    assert transit_days("黑龙江").province == "黑龙江省"
    assert transit_days("新疆").province == "新疆维吾尔自治区"
    assert transit_days("火星") is None and transit_days("") is None


def test_the_order_keeps_its_lines_in_chinese_whatever_the_buyer_reads(client, stocked):
    stocked.chicken.title_en = "Free-range chicken"
    stocked.chicken.save()
    client.cookies["django_language"] = "en"
    log_in(client, stocked.buyer)
    add_to_basket(client, stocked.chicken, 1)
    go_to_preview(client)
    client.post(reverse("checkout:preview"), {"action": "place_order"}, follow=True)
    order = Order.objects.get()
    assert order.lines.get().title == "新青村散养笨鸡"
    assert order.shipping_method == "邮政快递"
