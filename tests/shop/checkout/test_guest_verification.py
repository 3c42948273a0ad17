"""A guest proves the mobile with a code texted to it before checking out; codes are kept hashed,
expire, and are throttled; guests cannot hoard stock, and nobody can lock a stranger's number out."""

import datetime

import pytest
from django.core.cache import cache
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from catalog.supply import record_supply
from households import onetime
from households.models import OneTimeCode
from tests.factories import ADDR, address_form, place_order
from tests.helpers import add_to_basket, give_mobile, messages_of

Order = get_model("order", "Order")
pytestmark = pytest.mark.django_db
MOBILE = "13945100001"


@pytest.fixture
def stocked(county):
    county.honey.shelf_life_days = None
    county.honey.save()
    record_supply(recorded_by=county.coordinator, household=county.yu, product=county.honey, quantity=40,
                  unit_price="70")
    cache.clear()
    yield county
    cache.clear()


def a_minute_later(mobile=MOBILE):
    """The mobile's codes were sent a minute and a second earlier than they were."""
    OneTimeCode.objects.filter(mobile=mobile).update(sent_at=F("sent_at") - datetime.timedelta(seconds=61))


def ask_code(client, mobile=MOBILE):
    return client.post(reverse("checkout:index"), {"mobile": mobile, "email": ""})


def last_code(outbox, mobile=MOBILE):
    return [m for m in outbox if m.mobile == mobile][-1].params[0]


def test_the_guest_types_the_texted_code_and_goes_on(client, stocked, sms_outbox):
    add_to_basket(client, stocked.honey, 1)
    page = ask_code(client).content.decode()
    assert 'id="code-sent"' in page and "139****0001" in page
    assert len(sms_outbox) == 1 and "验证码" in sms_outbox[0].text
    # Without the code nothing moves on.
    assert client.get(reverse("checkout:shipping-address")).url == reverse("checkout:index")
    wrong = client.post(reverse("checkout:index"), {"mobile": MOBILE, "code": "000000"}).content.decode()
    if last_code(sms_outbox) != "000000":
        assert "验证码不正确" in wrong
    response = client.post(reverse("checkout:index"), {"mobile": MOBILE, "code": last_code(sms_outbox)})
    assert response.status_code == 302 and response.url == reverse("checkout:shipping-address")


def test_the_code_is_kept_only_as_a_hash(client, stocked, sms_outbox):
    add_to_basket(client, stocked.honey, 1)
    ask_code(client)
    kept = OneTimeCode.objects.get(mobile=MOBILE).digest
    assert kept and last_code(sms_outbox) not in kept and len(kept) == 64


def test_a_code_is_used_once(client, stocked, sms_outbox):
    add_to_basket(client, stocked.honey, 1)
    ask_code(client)
    code = last_code(sms_outbox)
    onetime.check_code(purpose="guest-checkout", mobile=MOBILE, code=code)
    with pytest.raises(onetime.CodeRefused):
        onetime.check_code(purpose="guest-checkout", mobile=MOBILE, code=code)


def test_a_code_expires_after_five_minutes(stocked, sms_outbox, monkeypatch):
    onetime.send_code(purpose="guest-checkout", mobile=MOBILE, client="10.0.0.1")
    code, sent = last_code(sms_outbox), timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: sent + datetime.timedelta(minutes=5, seconds=1))
    with pytest.raises(onetime.CodeRefused, match="过期|expired"):
        onetime.check_code(purpose="guest-checkout", mobile=MOBILE, code=code)


def test_codes_are_kept_a_day_for_the_limits_then_deleted(stocked, sms_outbox):
    onetime.send_code(purpose="guest-checkout", mobile=MOBILE, client="10.0.0.1")
    onetime.send_code(purpose="guest-checkout", mobile="13945100002", client="10.0.0.1")
    OneTimeCode.objects.filter(mobile=MOBILE).update(sent_at=timezone.now() - datetime.timedelta(hours=25))
    assert onetime.purge_codes() == 1
    assert list(OneTimeCode.objects.values_list("mobile", flat=True)) == ["13945100002"]


def test_a_code_is_not_good_for_another_purpose(stocked, sms_outbox):
    onetime.send_code(purpose="guest-checkout", mobile=MOBILE, client="10.0.0.1")
    with pytest.raises(onetime.CodeRefused):
        onetime.check_code(purpose="household-page", mobile=MOBILE, code=last_code(sms_outbox))


def test_five_wrong_codes_use_the_code_up(stocked, sms_outbox):
    onetime.send_code(purpose="guest-checkout", mobile=MOBILE, client="10.0.0.1")
    code = last_code(sms_outbox)
    wrong = "111111" if code != "111111" else "222222"
    for _ in range(5):
        with pytest.raises(onetime.CodeRefused):
            onetime.check_code(purpose="guest-checkout", mobile=MOBILE, code=wrong)
    with pytest.raises(onetime.CodeRefused):
        onetime.check_code(purpose="guest-checkout", mobile=MOBILE, code=code)  # the sixth try: too late


def test_codes_are_throttled_per_mobile_and_per_client(stocked, sms_outbox):
    onetime.send_code(purpose="guest-checkout", mobile=MOBILE, client="10.0.0.1")
    with pytest.raises(onetime.CodeRefused, match="一分钟|minute"):
        onetime.send_code(purpose="guest-checkout", mobile=MOBILE, client="10.0.0.2")
    for n in range(2, 6):  # five an hour to one mobile
        a_minute_later()
        onetime.send_code(purpose="guest-checkout", mobile=MOBILE, client=f"10.0.1.{n}")
    a_minute_later()
    with pytest.raises(onetime.CodeRefused, match="一小时|hour"):
        onetime.send_code(purpose="guest-checkout", mobile=MOBILE, client="10.0.2.1")
    assert len(sms_outbox) == 5
    # Ten an hour from one client, whatever the numbers.
    for n in range(10):
        onetime.send_code(purpose="guest-checkout", mobile=f"1380000{n:04d}", client="10.9.9.9")
    with pytest.raises(onetime.CodeRefused, match="一小时|hour"):
        onetime.send_code(purpose="guest-checkout", mobile="13811112222", client="10.9.9.9")


def test_when_the_sms_provider_is_down_the_guest_is_told_and_nothing_breaks(client, stocked, settings):
    settings.SMS_BACKEND = "core.sms.backends.DownBackend"
    add_to_basket(client, stocked.honey, 1)
    response = ask_code(client)
    assert response.status_code == 200 and "短信暂时无法发送" in response.content.decode()
    with pytest.raises(onetime.CodeRefused):  # the code that was never sent opens nothing
        onetime.check_code(purpose="guest-checkout", mobile=MOBILE, code="123456")


def test_orders_others_placed_with_my_number_do_not_lock_me_out(client, stocked):
    for _ in range(3):  # placed before codes were asked for, by someone using my number
        place_order(stocked.buyer, [(stocked.honey, 1)], address=ADDR)
    Order.objects.update(user=None, guest_mobile=MOBILE, guest_mobile_verified=False)
    add_to_basket(client, stocked.honey, 1)
    response = give_mobile(client, MOBILE)
    assert response.redirect_chain[-1][0] == reverse("checkout:shipping-address")


def guest_to_preview(client, quantity, *, mobile=MOBILE, address=None):
    client.cookies.clear()
    a_minute_later(mobile)  # a new phone, a minute later
    add_to_basket(client, stocked_honey(), quantity)
    give_mobile(client, mobile)
    return client.post(reverse("checkout:shipping-address"), address or address_form(), follow=True)


def stocked_honey():
    return get_model("catalogue", "Product").objects.get(title="新青村椴树蜂蜜")


def place(client):
    client.post(reverse("checkout:preview"), {"method": "cash-on-delivery"})
    return client.post(reverse("checkout:preview"), {"action": "place_order"}, follow=True)


def test_a_mobile_has_at_most_ten_units_of_a_good_on_the_way(client, stocked):
    guest_to_preview(client, 6)
    place(client)
    assert Order.objects.count() == 1
    page = guest_to_preview(client, 5, mobile=MOBILE, address=address_form(line1="友谊路 1 号")).content.decode()
    assert "最多10件" in page and "已有6件" in page
    assert guest_to_preview(client, 4, address=address_form(line1="友谊路 1 号")).redirect_chain
    assert Order.objects.count() == 1


def test_an_address_has_at_most_ten_units_of_a_good_on_the_way_whatever_the_mobile(client, stocked):
    guest_to_preview(client, 6)
    place(client)
    page = guest_to_preview(client, 5, mobile="13811112222").content.decode()
    assert "最多10件" in page


def test_an_address_has_at_most_three_open_guest_orders(client, stocked):
    for n in range(3):
        guest_to_preview(client, 1, mobile=f"1381111000{n}")
        place(client)
    assert Order.objects.count() == 3
    page = guest_to_preview(client, 1, mobile="13811110009").content.decode()
    assert "此地址已有3个游客订单在路上" in page


def test_the_limit_holds_at_the_last_step_too(client, stocked):
    guest_to_preview(client, 6)
    # Meanwhile the same mobile ordered from another phone.
    other = type(client)()
    add_to_basket(other, stocked.honey, 5)
    a_minute_later()
    give_mobile(other, MOBILE)
    other.post(reverse("checkout:shipping-address"), address_form(line1="友谊路 1 号"), follow=True)
    place(other)
    assert Order.objects.count() == 1
    response = place(client)
    assert any("最多10件" in m for m in messages_of(response))
    assert Order.objects.count() == 1


def test_a_guest_gets_the_order_number_by_text_once_the_order_is_placed(client, stocked, sms_outbox,
                                                                       django_capture_on_commit_callbacks):
    guest_to_preview(client, 1)
    with django_capture_on_commit_callbacks(execute=True):
        place(client)
    order = Order.objects.get()
    assert order.guest_mobile_verified
    texts = [m for m in sms_outbox if m.kind == "order_placed"]
    placed = f"您的订单{order.number}已提交，可凭订单号和手机号查询物流。"
    assert [(m.mobile, m.text) for m in texts] == [(MOBILE, placed)]


def test_a_guest_who_lost_the_number_finds_recent_orders_by_mobile_and_code(client, stocked, sms_outbox):
    guest_to_preview(client, 1)
    place(client)
    order = Order.objects.get()
    phone = type(client)()  # another phone, no session
    url = reverse("guest-orders-by-mobile")
    assert 'id="by-mobile"' in phone.get(reverse("guest-order-lookup")).content.decode()
    a_minute_later()
    page = phone.post(url, {"mobile": MOBILE}).content.decode()
    order_url = reverse("guest-order", kwargs={"number": order.number})
    assert 'id="code-sent"' in page and order_url not in page
    wrong = phone.post(url, {"mobile": MOBILE, "code": "abc"}).content.decode()
    assert order_url not in wrong
    page = phone.post(url, {"mobile": MOBILE, "code": last_code(sms_outbox)}).content.decode()
    assert order_url in page
    assert phone.get(order_url).status_code == 200


def test_an_order_of_another_mobile_is_not_found_by_mine(client, stocked, sms_outbox):
    guest_to_preview(client, 1, mobile="13811112222")
    place(client)
    phone = type(client)()
    url = reverse("guest-orders-by-mobile")
    phone.post(url, {"mobile": MOBILE})
    page = phone.post(url, {"mobile": MOBILE, "code": last_code(sms_outbox)}).content.decode()
    assert "近30天没有用此手机号下的订单" in page
