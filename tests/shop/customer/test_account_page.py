"""The account icon opens the buyer's orders; the profile writes a Chinese name surname first and
keeps "delete my account" out of the way."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from catalog.supply import record_supply
from core.names import full_name
from logistics.models import Station
from tests.factories import ADDR, place_order
from tests.helpers import deliver, log_in

pytestmark = pytest.mark.django_db


def test_the_account_icon_opens_my_orders(client, county):
    log_in(client, county.buyer)
    page = client.get(reverse("catalogue:index")).content.decode()
    assert f'class="btn shop-icon shop-account" href="{reverse("customer:order-list")}"' in page


def test_the_profile_writes_the_name_surname_first_and_hides_deleting_the_account(client, county):
    county.buyer.first_name, county.buyer.last_name = "晓雨", "陈"
    county.buyer.save()
    log_in(client, county.buyer)
    page = client.get(reverse("customer:profile-view")).content.decode()
    assert '<dd id="profile-name">陈晓雨</dd>' in page
    assert 'id="delete_profile" class="text-muted"' in page and "btn-danger" not in page


@pytest.mark.parametrize("given, family, written", [
    ("晓雨", "陈", "陈晓雨"), ("Anna", "Schmidt", "Anna Schmidt"), ("", "陈", "陈"), ("Anna", "", "Anna"),
    ("修远", "欧阳", "欧阳修远"),
])
def test_names_are_written_in_their_own_order(given, family, written):
    assert full_name(given=given, family=family) == written


def test_after_the_48_hours_the_order_says_why_there_is_no_claim_link_and_whom_to_call(client, county):
    Station.objects.filter(village=county.xinqing).update(service_phone="0453-5512345")
    record_supply(recorded_by=county.coordinator, household=county.yu, product=county.honey, quantity=2,
                  unit_price="60", supplied_on=timezone.localdate() - datetime.timedelta(days=4))
    order = place_order(county.buyer, [(county.honey, 1)], address=ADDR,
                        placed_at=timezone.now() - datetime.timedelta(days=4))
    deliver(order, at=timezone.now() - datetime.timedelta(hours=49))
    log_in(client, county.buyer)
    page = client.get(reverse("customer:order", kwargs={"order_number": order.number})).content.decode()
    assert "claim-link" not in page and 'class="text-muted d-block claim-closed"' in page
    assert "签收48小时后" in page
    assert 'href="tel:0453-5512345"' in page
