"""A buyer without an account checks out with a mobile number and finds the order again later."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_model

from catalog.supply import record_supply
from shop.order import guest
from tests.factories import address_form
from tests.helpers import add_to_basket, check_out_cash_on_delivery, give_mobile, log_in, messages_of

Order = get_model("order", "Order")
UserAddress = get_model("address", "UserAddress")
pytestmark = pytest.mark.django_db

MOBILE = "13945100001"


@pytest.fixture
def stocked(county):
    record_supply(recorded_by=county.coordinator, household=county.yu, product=county.honey, quantity=5,
                  unit_price="70")
    cache.clear()
    yield county
    cache.clear()


def guest_buys_honey(client, county):
    add_to_basket(client, county.honey, 1)
    give_mobile(client, "+86 139-4510-0001")
    client.post(reverse("checkout:shipping-address"), address_form(), follow=True)
    client.post(reverse("checkout:preview"), {"method": "cash-on-delivery"})
    client.post(reverse("checkout:preview"), {"action": "place_order"}, follow=True)
    return Order.objects.get()


def test_a_guest_is_asked_for_a_mobile_number_not_an_email_account(client, stocked):
    add_to_basket(client, stocked.honey, 1)
    page = client.get(reverse("checkout:index")).content.decode()
    assert 'name="mobile"' in page and 'type="email"' in page and "手机号" in page
    assert 'href="/accounts/login/?next=/checkout/"' in page  # signing in is the other way on
    response = give_mobile(client, "0453-5512345")
    assert "请输入中国大陆手机号" in response.content.decode()
    assert response.redirect_chain == []
    # Skipping the step does not get a guest any further.
    response = client.get(reverse("checkout:shipping-address"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("checkout:index")


def test_a_guest_pays_on_delivery_and_the_order_keeps_their_mobile(client, stocked):
    order = guest_buys_honey(client, stocked)
    assert order.user is None and order.guest_mobile == MOBILE
    assert str(order.shipping_address.phone_number) == "+86" + MOBILE
    assert (order.shipping_address.state, order.shipping_address.line4, order.shipping_address.line3) == (
        "黑龙江省", "哈尔滨市", "南岗区")
    page = client.get(reverse("checkout:thank-you")).content.decode()
    assert reverse("guest-order", kwargs={"number": order.number}) in page
    # Nothing was mailed to a guest who gave no e-mail address, and the page does not say it was.
    assert f"订单 <strong>{order.number}</strong> 已提交。" in page and "确认信" not in page
    # The same phone (session) sees the order at once, with the number of the station that sent it.
    station = order.consignments.get().station
    station.service_phone = "0453-5512345"
    station.save()
    page = client.get(reverse("guest-order", kwargs={"number": order.number})).content.decode()
    assert 'id="order-total"' in page
    assert f'咨询或售后：{station.name} <a class="service-phone" href="tel:0453-5512345">' in page


def test_a_guest_can_pay_online_and_only_their_browser_session_sees_the_payment(client, stocked, fake_stripe):
    from shop.payments.models import PaymentAttempt

    add_to_basket(client, stocked.honey, 1)
    give_mobile(client)
    page = client.post(reverse("checkout:shipping-address"), address_form(), follow=True).content.decode()
    assert "在线支付" in page
    client.post(reverse("checkout:preview"), {"method": "online"})
    response = client.post(reverse("checkout:preview"), {"action": "place_order"})
    attempt = PaymentAttempt.objects.get()
    assert attempt.user is None and attempt.guest_mobile == MOBILE
    assert response.url == reverse("payments:pay", kwargs={"key": attempt.idempotency_key})
    assert client.get(response.url).status_code == 200
    # Someone else who got hold of the link sees nothing.
    assert type(client)().get(response.url).status_code == 404

    fake_stripe.succeed(attempt.intent_id)
    client.get(reverse("payments:return", kwargs={"key": attempt.idempotency_key}))
    order = Order.objects.get()
    assert order.user is None and order.guest_mobile == MOBILE
    assert 'id="order-total"' in client.get(reverse("guest-order", kwargs={"number": order.number})).content.decode()


def test_a_guest_finds_the_order_on_another_phone_by_number_and_mobile(client, stocked, django_user_model):
    from django.test import Client

    order = guest_buys_honey(client, stocked)
    other_phone = Client()
    page_url = reverse("guest-order", kwargs={"number": order.number})
    response = other_phone.get(page_url)
    assert response.status_code == 302 and reverse("guest-order-lookup") in response.url

    lookup = reverse("guest-order-lookup")
    wrong = other_phone.post(lookup, {"number": order.number, "mobile": "13800000000"})
    assert "没有订单同时符合" in wrong.content.decode()
    assert other_phone.get(page_url).status_code == 302

    found = other_phone.post(lookup, {"number": order.number, "mobile": "139 4510 0001"}, follow=True)
    assert found.redirect_chain[-1][0] == page_url
    assert order.number in found.content.decode()


def test_guessing_from_one_address_is_stopped_after_ten_tries(client, stocked):
    order = guest_buys_honey(client, stocked)
    other_phone = type(client)()
    lookup = reverse("guest-order-lookup")
    for n in range(10):
        response = other_phone.post(lookup, {"number": str(900000 + n), "mobile": MOBILE})
        assert "尝试次数过多" not in response.content.decode(), n
    # Even the right pair is refused until the hour has passed, and the page says how long that is.
    response = other_phone.post(lookup, {"number": order.number, "mobile": MOBILE})
    text = response.content.decode()
    assert "尝试次数过多" in text and "60 分钟" in text
    assert other_phone.get(reverse("guest-order", kwargs={"number": order.number})).status_code == 302


def test_wrong_mobiles_for_one_order_are_stopped_after_five_from_one_phone(client, stocked):
    order = guest_buys_honey(client, stocked)
    guesser = type(client)(REMOTE_ADDR="10.0.0.9")
    lookup = reverse("guest-order-lookup")
    for n in range(5):
        assert "没有订单同时符合" in guesser.post(lookup, {"number": order.number,
                                                         "mobile": f"1380000000{n}"}).content.decode()
    text = guesser.post(lookup, {"number": order.number, "mobile": "13800000009"}).content.decode()
    assert "尝试次数过多" in text and "24 小时" in text


def test_strangers_guessing_an_order_never_lock_its_owner_out(client, stocked):
    order = guest_buys_honey(client, stocked)
    lookup = reverse("guest-order-lookup")
    for n in range(8):  # more wrong mobiles than one phone may give, from eight phones
        for _ in range(5):
            type(client)(REMOTE_ADDR=f"10.0.0.{n}").post(lookup, {"number": order.number, "mobile": f"1380000000{n}"})
    owner = type(client)(REMOTE_ADDR="10.0.1.1")
    found = owner.post(lookup, {"number": order.number, "mobile": MOBILE}, follow=True)
    assert found.redirect_chain[-1][0] == reverse("guest-order", kwargs={"number": order.number})


@pytest.mark.parametrize(("seconds", "said"), [(59, "1 分钟"), (3600, "60 分钟"), (7140, "119 分钟"),
                                               (7200, "2 小时"), (24 * 3600, "24 小时")])
def test_the_wait_is_said_as_a_person_says_it(seconds, said):
    with translation.override("zh-hans"):
        assert guest.waiting_time(seconds) == said


def test_the_recipients_phone_does_not_open_the_buyers_order(client, stocked):
    add_to_basket(client, stocked.honey, 1)
    give_mobile(client)
    client.post(reverse("checkout:shipping-address"), address_form(phone_number="13800001111"), follow=True)
    client.post(reverse("checkout:preview"), {"method": "cash-on-delivery"})
    client.post(reverse("checkout:preview"), {"action": "place_order"}, follow=True)
    order = Order.objects.get()
    response = type(client)().post(reverse("guest-order-lookup"), {"number": order.number, "mobile": "13800001111"})
    assert "没有订单同时符合" in response.content.decode()


def test_the_guest_order_page_masks_the_recipient(client, stocked):
    order = guest_buys_honey(client, stocked)
    page = client.get(reverse("guest-order", kwargs={"number": order.number})).content.decode()
    assert "陈某 · 黑龙江省哈尔滨市南岗区 · 139****0001" in page
    assert "陈晓雨" not in page and "学府路" not in page and "13945100001" not in page


def test_an_account_holders_order_never_opens_as_a_guest_order(client, stocked):
    log_in(client, stocked.buyer)
    add_to_basket(client, stocked.honey, 1)
    check_out_cash_on_delivery(client)
    order = Order.objects.get()
    stranger = type(client)()
    session = stranger.session
    session[guest.SESSION_KEY] = [order.number]
    session.save()
    assert stranger.get(reverse("guest-order", kwargs={"number": order.number})).status_code == 404


def test_a_mobile_number_holds_only_a_few_orders_on_their_way(client, stocked):
    from tests.factories import ADDR, place_order

    for _ in range(2):  # the limit is 3 open orders per mobile, written out here, not read from the code
        place_order(stocked.buyer, [(stocked.honey, 1)], address=ADDR)
    Order.objects.update(user=None, guest_mobile=MOBILE, guest_mobile_verified=True)
    add_to_basket(client, stocked.honey, 1)
    give_mobile(client)  # two on their way: one more is fine
    client.post(reverse("checkout:shipping-address"), address_form(), follow=True)
    # Meanwhile a third is placed in another session: this checkout stops at its next step.
    place_order(stocked.buyer, [(stocked.honey, 1)], address=ADDR)
    Order.objects.update(user=None, guest_mobile=MOBILE, guest_mobile_verified=True)
    response = client.post(reverse("checkout:preview"), {"method": "cash-on-delivery"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("checkout:index")
    assert any("已有 3 个订单在路上" in m for m in messages_of(response))
    response = give_mobile(client)
    assert "已有 3 个订单在路上" in response.content.decode()
    assert Order.objects.count() == 3


def test_a_guest_without_an_email_gets_no_mail_and_one_with_it_does(client, stocked, mailoutbox):
    from shop.order.messages import send_confirmation

    order = guest_buys_honey(client, stocked)
    send_confirmation(order)
    assert mailoutbox == []
    Order.objects.filter(pk=order.pk).update(guest_email="chen@example.com")
    send_confirmation(Order.objects.get(pk=order.pk))
    assert [m.to for m in mailoutbox] == [["chen@example.com"]]
    assert f"?number={order.number}" in mailoutbox[0].body


def test_an_account_holders_order_is_not_found_by_the_guest_lookup(client, stocked):
    log_in(client, stocked.buyer)
    add_to_basket(client, stocked.honey, 1)
    check_out_cash_on_delivery(client)
    order = Order.objects.get()
    other = type(client)()
    response = other.post(reverse("guest-order-lookup"), {"number": order.number, "mobile": MOBILE})
    assert "没有订单同时符合" in response.content.decode()


def test_a_signed_in_buyers_first_address_goes_into_the_address_book(client, stocked):
    log_in(client, stocked.buyer)
    add_to_basket(client, stocked.honey, 1)
    check_out_cash_on_delivery(client)
    address = UserAddress.objects.get(user=stocked.buyer)
    assert (address.state, address.line4, address.line3) == ("黑龙江省", "哈尔滨市", "南岗区")
    assert address.is_default_for_shipping


class TestAddressForm:
    def test_a_city_of_another_province_is_refused(self, client, stocked):
        add_to_basket(client, stocked.honey, 1)
        give_mobile(client)
        # 哈尔滨 (230100) is not in 北京 (110000).
        response = client.post(reverse("checkout:shipping-address"),
                               address_form(state="110000", line4="230100", line3="230103"))
        assert response.status_code == 200
        assert "请从列表中选择" in response.content.decode()

    def test_a_landline_is_refused_for_the_recipient(self, client, stocked):
        add_to_basket(client, stocked.honey, 1)
        give_mobile(client)
        response = client.post(reverse("checkout:shipping-address"), address_form(phone_number="0453-5512345"))
        assert "请输入中国大陆手机号" in response.content.decode()

    def test_the_selects_are_filled_from_the_division_list(self, client):
        cities = client.get(reverse("divisions"), {"parent": "230000"}).json()["divisions"]
        assert ["231000", "牡丹江市"] in cities
        counties = client.get(reverse("divisions"), {"parent": "231000"}).json()["divisions"]
        assert ["231025", "林口县"] in counties
        assert client.get(reverse("divisions"), {"parent": "999999"}).status_code == 404


def test_the_division_list_has_only_real_provinces():
    from core import divisions

    names = [d.name for d in divisions.provinces()]
    assert len(names) == 31 and "黑龙江省" in names
    assert not any(d.code.startswith(("71", "81", "82", "99")) for d in divisions.provinces())
    assert divisions.source()[1] == "2025-12-31"


def test_staff_see_a_guests_mobile_and_a_coordinator_only_part_of_it(client, stocked, staff):
    order = guest_buys_honey(client, stocked)
    detail = reverse("dashboard:order-detail", kwargs={"number": order.number})
    assert "13945100001" in staff.get(reverse("dashboard:order-list")).content.decode()
    page = staff.get(detail).content.decode()
    assert 'href="tel:13945100001"' in page and "已删除" not in page
    coordinator = type(client)()
    log_in(coordinator, stocked.coordinator)
    page = coordinator.get(reverse("dashboard:order-list")).content.decode()
    assert "139****0001" in page and "13945100001" not in page


@pytest.mark.parametrize("language, words", [("zh-hans", ["订单号", "手机号"]),
                                             ("en", ["Order number", "Mobile number"])])
def test_the_order_lookup_speaks_the_buyers_language(client, county, language, words):
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(reverse("guest-order-lookup")).content.decode()
    assert all(word in page for word in words)
