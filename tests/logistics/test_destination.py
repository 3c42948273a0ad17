"""A buyer in Shanghai says so once: every card, the product page, the basket and checkout then
promise arrival in 上海市, and a crab that cannot arrive fresh there says so on its buy button
instead of going into the basket."""

import pytest
from django.urls import reverse

from catalog.supply import record_supply
from logistics.destination import COOKIE
from tests.factories import ADDRESS
from tests.helpers import add_to_basket, give_mobile, log_in

pytestmark = pytest.mark.django_db
SHANGHAI, HEILONGJIANG = "310000", "230000"  # the post takes 4 days to 上海市, 1 within 黑龙江省


@pytest.fixture
def crab(county):
    # Keeps 3 days: within 黑龙江省 it arrives fresh, in 上海市 it does not.
    county.chicken.shelf_life_days = 3
    county.chicken.save()
    record_supply(recorded_by=county.coordinator, household=county.yu, product=county.chicken, quantity=5,
                  unit_price="120")
    record_supply(recorded_by=county.coordinator, household=county.yu, product=county.honey, quantity=5,
                  unit_price="60")
    return county.chicken


def test_the_province_picked_on_a_product_page_is_remembered_in_a_cookie(client, county, crab):
    response = client.get(county.honey.get_absolute_url(), {"to": SHANGHAI})
    assert response.cookies[COOKIE].value == SHANGHAI
    assert response.cookies[COOKIE]["httponly"] and response.cookies[COOKIE]["samesite"] == "Lax"
    # The next page, without ?to=, is still for Shanghai.
    page = client.get(county.honey.get_absolute_url()).content.decode()
    assert f'<option value="{SHANGHAI}" selected>' in page


def test_a_province_the_post_does_not_know_is_not_remembered(client, county, crab):
    response = client.get(county.honey.get_absolute_url(), {"to": "999999"})
    assert COOKIE not in response.cookies
    response = client.get(county.honey.get_absolute_url(), {"to": "<script>"})
    assert COOKIE not in response.cookies


def test_the_product_page_button_says_the_crab_cannot_reach_shanghai_fresh(client, county, crab):
    client.cookies[COOKIE] = SHANGHAI
    page = client.get(crab.get_absolute_url()).content.decode()
    assert 'id="add_to_basket_form"' not in page
    assert "无法新鲜送达上海市" in page
    client.cookies[COOKIE] = HEILONGJIANG
    page = client.get(crab.get_absolute_url()).content.decode()
    assert 'id="add_to_basket_form"' in page and "无法新鲜送达" not in page


def test_cards_promise_the_remembered_province_or_say_they_cannot(client, county, crab):
    crab.categories.add(county.category)
    county.honey.categories.add(county.category)
    client.cookies[COOKIE] = SHANGHAI
    page = client.get(reverse("catalogue:index")).content.decode()
    assert "· 上海市" in page  # the honey's card: it keeps
    assert "无法新鲜送达上海市" in page  # the crab's card
    client.cookies[COOKIE] = HEILONGJIANG
    page = client.get(reverse("catalogue:index")).content.decode()
    assert "· 黑龙江省" in page and "无法新鲜送达" not in page


def test_the_basket_promises_the_remembered_province_and_offers_to_change_it(client, county, crab):
    add_to_basket(client, county.honey, 1)
    client.cookies[COOKIE] = SHANGHAI
    page = client.get(reverse("basket:summary")).content.decode()
    assert "上海市" in page and 'name="to"' in page
    response = client.get(reverse("basket:summary"), {"to": HEILONGJIANG})
    assert "黑龙江省" in response.content.decode().split('id="delivery-estimate"')[1].split("</strong>")[0]
    assert response.cookies[COOKIE].value == HEILONGJIANG


def test_checkouts_address_form_starts_in_the_remembered_province(client, county, crab):
    add_to_basket(client, county.honey, 1)
    client.cookies[COOKIE] = SHANGHAI
    give_mobile(client)
    form = client.get(reverse("checkout:shipping-address")).context["form"]
    assert form["state"].value() == SHANGHAI


def test_a_signed_in_buyer_without_a_choice_gets_the_default_addresss_province(client, county, crab):
    county.buyer.addresses.create(country_id="CN", is_default_for_shipping=True,
                                  **{**ADDRESS, "state": "上海市", "line4": "上海市", "line3": "徐汇区"})
    log_in(client, county.buyer)
    assert f'<option value="{SHANGHAI}" selected>' in client.get(crab.get_absolute_url()).content.decode()
    client.cookies[COOKIE] = HEILONGJIANG  # a choice made since wins
    assert f'<option value="{HEILONGJIANG}" selected>' in client.get(crab.get_absolute_url()).content.decode()
