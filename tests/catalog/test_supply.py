"""A village coordinator records what households bring; bad input changes nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from catalog.models import SupplyLot
from catalog.supply import record_supply
from tests.helpers import log_in

StockRecord = get_model("partner", "StockRecord")
pytestmark = pytest.mark.django_db


def post_supply(client, household, product, quantity, unit_price="50.00"):
    return client.post(reverse("catalog-supply:lot-create"), {
        "household": household.pk, "product": product.pk, "quantity": quantity, "unit_price": unit_price,
        "supplied_on": (timezone.localdate() - datetime.timedelta(days=3)).isoformat()})


def stock(product):
    return StockRecord.objects.get(product=product).num_in_stock


@pytest.mark.parametrize("quantity", [0, -3])
def test_a_zero_or_negative_quantity_is_refused_and_nothing_changes(client, county, quantity):
    log_in(client, county.coordinator)
    response = post_supply(client, county.yu, county.chicken, quantity)
    assert response.status_code == 200
    assert "数量至少为 1" in response.content.decode()
    assert SupplyLot.objects.count() == 0 and stock(county.chicken) == 0


def test_the_message_is_in_english_for_an_english_reader(client, county):
    log_in(client, county.coordinator)
    client.cookies["django_language"] = "en"
    response = post_supply(client, county.yu, county.chicken, 0)
    assert "The quantity must be at least 1." in response.content.decode()


def test_supply_of_another_villages_product_is_refused(client, county):
    log_in(client, county.coordinator)
    response = post_supply(client, county.yu, county.ginseng, 2)
    assert response.status_code == 200
    assert "请选择您负责的村的产品" in response.content.decode()
    assert SupplyLot.objects.count() == 0 and stock(county.ginseng) == 0


def test_the_rule_holds_below_the_form_too(county):
    with pytest.raises(ValidationError, match="不是东兴村的产品|is not a product of"):
        record_supply(recorded_by=county.neighbour_coordinator, household=county.far, product=county.chicken,
                      quantity=2, unit_price="50")
    with pytest.raises(ValidationError):
        record_supply(recorded_by=county.neighbour_coordinator, household=county.yu, product=county.chicken,
                      quantity=2, unit_price="50")
    with pytest.raises(ValidationError):
        record_supply(recorded_by=county.coordinator, household=county.yu, product=county.chicken,
                      quantity=2, unit_price="0")
    assert SupplyLot.objects.count() == 0 and stock(county.chicken) == 0


def test_a_lot_raises_the_village_stock(client, county):
    log_in(client, county.coordinator)
    response = post_supply(client, county.bao, county.honey, 4, "68.50")
    assert response.status_code == 302
    lot = SupplyLot.objects.get()
    assert (lot.household, lot.quantity, str(lot.unit_price), lot.recorded_by) == (
        county.bao, 4, "68.50", county.coordinator)
    assert stock(county.honey) == 4


def test_a_coordinator_sees_only_their_villages_lots_and_households(client, county):
    record_supply(recorded_by=county.neighbour_coordinator, household=county.far, product=county.ginseng,
                  quantity=2, unit_price="200")
    log_in(client, county.coordinator)
    page = client.get(reverse("catalog-supply:lot-list")).content.decode()
    assert "白秀英" not in page and "林下参" not in page
    form = client.get(reverse("catalog-supply:lot-create")).content.decode()
    assert "于德福" in form and "白秀英" not in form


def test_a_buyer_cannot_record_supply(client, county):
    log_in(client, county.buyer)
    assert client.get(reverse("catalog-supply:lot-create")).status_code == 403
    assert post_supply(client, county.yu, county.chicken, 2).status_code == 403
    assert SupplyLot.objects.count() == 0


def test_a_coordinator_edits_only_their_villages_products_in_the_dashboard(client, county):
    log_in(client, county.coordinator)
    own = client.get(reverse("dashboard:catalogue-product", kwargs={"pk": county.chicken.pk}))
    other = client.get(reverse("dashboard:catalogue-product", kwargs={"pk": county.ginseng.pk}))
    assert own.status_code == 200 and other.status_code == 404
