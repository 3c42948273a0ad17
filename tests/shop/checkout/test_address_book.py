"""The buyer's address book writes addresses as checkout does, and checkout takes none that is not
a real province, city and county with a mainland mobile."""

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from catalog.supply import record_supply
from tests.factories import ADDRESS, address_form
from tests.helpers import add_to_basket, log_in, messages_of

Country = get_model("address", "Country")
Order = get_model("order", "Order")
UserAddress = get_model("address", "UserAddress")
pytestmark = pytest.mark.django_db


def test_the_address_book_takes_a_chinese_address_with_a_mobile(client, county):
    log_in(client, county.buyer)
    url = reverse("customer:address-create")
    landline = client.post(url, address_form(phone_number="0451-86001234"))
    wrong_city = client.post(url, address_form(line4="650100"))  # 乌鲁木齐 is not in 黑龙江
    assert landline.status_code == wrong_city.status_code == 200
    assert "phone_number" in landline.context["form"].errors and "line4" in wrong_city.context["form"].errors
    assert not UserAddress.objects.filter(user=county.buyer).exists()

    assert client.post(url, address_form()).status_code == 302
    saved = UserAddress.objects.get(user=county.buyer)
    assert (saved.state, saved.line4, saved.line3) == ("黑龙江省", "哈尔滨市", "南岗区")


def test_checkout_refuses_an_address_book_entry_that_is_not_a_real_address(client, county):
    record_supply(recorded_by=county.coordinator, household=county.yu, product=county.honey, quantity=3,
                  unit_price="60")
    made_up = UserAddress.objects.create(
        user=county.buyer, country=Country.objects.get(pk="CN"),
        **{**ADDRESS, "line4": "不存在市", "phone_number": "+864518600123"})
    log_in(client, county.buyer)
    add_to_basket(client, county.honey, 1)
    client.get(reverse("checkout:index"), follow=True)
    response = client.post(reverse("checkout:shipping-address"), {"action": "ship_to", "address_id": made_up.pk},
                           follow=True)
    response = client.post(reverse("checkout:preview"), {"method": "cash-on-delivery"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("checkout:shipping-address")
    said = " ".join(messages_of(response))
    assert "请从列表中选择地址的省、市和区县" in said and "大陆手机号" in said
    assert not Order.objects.exists()
