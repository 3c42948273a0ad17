"""A buyer scans a honey jar's label and sees where it comes from — and nothing private."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from catalog.models import LOT_CODE_ALPHABET, SupplyLot
from catalog.supply import record_supply
from logistics import tracking
from tests.factories import ADDR, place_order
from tests.helpers import log_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def lot(county):
    return record_supply(recorded_by=county.coordinator, household=county.yu, product=county.honey, quantity=5,
                         unit_price="68")


def test_every_lot_gets_a_short_code_fit_for_a_label(county, lot):
    other = record_supply(recorded_by=county.coordinator, household=county.bao, product=county.honey, quantity=3,
                          unit_price="68")
    for code in (lot.code, other.code):
        assert len(code) == 8 and set(code) <= set(LOT_CODE_ALPHABET)
    assert lot.code != other.code


def test_the_coordinator_prints_the_label_of_a_lot_of_their_village_only(client, county, lot):
    log_in(client, county.coordinator)
    page = client.get(reverse("catalog-supply:lot-list")).content.decode()
    label_url = reverse("catalog-supply:lot-label", kwargs={"code": lot.code})
    assert label_url in page
    response = client.get(label_url)
    assert response["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert lot.code in text and "新青村椴树蜂蜜" in text and "于某" in text
    assert "于德福" not in text
    client.logout()
    log_in(client, county.neighbour_coordinator)
    assert client.get(label_url).status_code == 404


def test_the_trace_page_shows_goods_village_day_and_bus_but_nothing_private(client, county, lot, stories_index):
    order = place_order(county.buyer, [(county.honey, 2)], address=ADDR)
    run = order.consignments.get().run
    url = reverse("trace-lot", kwargs={"code": lot.code})
    before = client.get(url).content.decode()
    assert run.line.name not in before  # not on a bus yet
    tracking.mark_run_loaded(run)  # the jar's units are allocated to this lot as the bus takes them
    response = client.get(reverse("trace-lot", kwargs={"code": lot.code.lower()}))  # typed from the label
    assert response.status_code == 200
    page = response.content.decode()
    for shown in ("新青村椴树蜂蜜", "新青村", "青山镇", "于某", lot.code, run.line.name):
        assert shown in page
    for private in ("于德福", county.yu.registry_number, county.yu.head_phone, county.yu.head_id_number,
                    str(order.number), ADDR["first_name"], ADDR["line1"]):
        assert private not in page


def test_an_unknown_code_is_not_found(client, county, lot):
    assert client.get(reverse("trace-lot", kwargs={"code": "ZZZZZZZZ"})).status_code == 404
    assert SupplyLot.objects.count() == 1
