"""The coordinator typed 50 for 5: the wrong units come off the lot as "recorded by mistake" (who,
when, why), the stock drops by them, and nothing sold or held by an order can be taken back. The
same lot recorded twice within two hours is questioned before it is booked (item 16)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from catalog.corrections import correct_lot, correctable_units
from catalog.models import LotWriteOff, SupplyLot
from catalog.supply import record_supply
from households.models import IncomeEntry
from tests.factories import ADDR, place_order
from tests.helpers import deliver, log_in

pytestmark = pytest.mark.django_db
StockRecord = get_model("partner", "StockRecord")


def stock(product):
    return StockRecord.objects.get(product=product).num_in_stock


def honey_lot(county, quantity=50, price="70"):
    return record_supply(recorded_by=county.coordinator, household=county.yu, product=county.honey,
                         quantity=quantity, unit_price=price)


def test_units_typed_by_mistake_come_off_the_lot_with_who_when_and_why(county):
    lot = honey_lot(county)
    write_off = correct_lot(lot=lot, by=county.coordinator, units=45, note="typed 50 instead of 5")
    assert (write_off.quantity, write_off.reason, write_off.note, write_off.written_off_by) == (
        45, LotWriteOff.Reason.MISTAKE, "typed 50 instead of 5", county.coordinator)
    assert write_off.taken_back_at is not None  # nothing to carry back: the units never came
    assert stock(county.honey) == 5
    lot.refresh_from_db()
    assert lot.quantity == 50  # the lot keeps what was recorded; the correction says what was wrong
    assert correctable_units(lot) == 5


def test_only_unsold_units_not_held_by_an_order_can_be_taken_off(county):
    lot = honey_lot(county, quantity=10)
    order = place_order(county.buyer, [(county.honey, 3)], address=ADDR)  # holds 3 of the 10
    assert correctable_units(lot) == 7
    with pytest.raises(ValidationError) as refused:
        correct_lot(lot=lot, by=county.coordinator, units=8, note="wrong household")
    assert "7" in refused.value.message_dict["units"][0]
    assert not LotWriteOff.objects.exists() and stock(county.honey) == 10
    deliver(order)  # loaded: the 3 units are allocated to the order's line, income booked
    assert correctable_units(lot) == 7
    correct_lot(lot=lot, by=county.coordinator, units=7, note="wrong household")
    assert correctable_units(lot) == 0
    income = IncomeEntry.objects.filter(household=county.yu, reference__startswith="sale:")
    assert sum(entry.amount for entry in income) == 3 * 70  # only the units sold were ever paid for


def test_a_correction_needs_the_village_a_reason_a_unit_and_a_recent_lot(county):
    lot = honey_lot(county)
    with pytest.raises(ValidationError):
        correct_lot(lot=lot, by=county.neighbour_coordinator, units=1, note="not mine")
    with pytest.raises(ValidationError) as refused:
        correct_lot(lot=lot, by=county.coordinator, units=0, note=" ")
    assert set(refused.value.message_dict) == {"units", "note"}
    SupplyLot.objects.filter(pk=lot.pk).update(recorded_at=timezone.now() - datetime.timedelta(days=8))
    lot.refresh_from_db()
    with pytest.raises(ValidationError):
        correct_lot(lot=lot, by=county.coordinator, units=1, note="too late")
    assert not LotWriteOff.objects.exists() and stock(county.honey) == 50


def test_the_same_lot_recorded_again_within_two_hours_is_questioned(county):
    first = honey_lot(county, quantity=6)
    with pytest.raises(ValidationError) as refused:
        honey_lot(county, quantity=6)
    assert [e.code for e in refused.value.error_dict["confirm_repeat"]] == ["confirm_repeat"]
    assert first.code in str(refused.value)
    assert SupplyLot.objects.count() == 1 and stock(county.honey) == 6
    again = record_supply(recorded_by=county.coordinator, household=county.yu, product=county.honey, quantity=6,
                          unit_price="70", confirm_repeat=True)
    assert again.pk != first.pk and stock(county.honey) == 12
    honey_lot(county, quantity=7)  # not the same lot: recorded without a question


def test_the_same_lot_three_hours_later_is_not_questioned(county):
    first = honey_lot(county, quantity=6)
    SupplyLot.objects.filter(pk=first.pk).update(recorded_at=timezone.now() - datetime.timedelta(hours=3))
    honey_lot(county, quantity=6)
    assert SupplyLot.objects.count() == 2


def test_the_station_asks_with_a_box_and_corrects_on_its_own_page(client, county):
    log_in(client, county.coordinator)
    form = {"key": "6f1c1d2e-0000-4000-8000-000000000001", "household": county.yu.pk, "product": county.honey.pk,
            "quantity": 6, "unit_price": "70", "supplied_on": timezone.localdate().isoformat()}
    client.post(reverse("station:supply"), form)
    response = client.post(reverse("station:supply"), {**form, "key": "6f1c1d2e-0000-4000-8000-000000000002"})
    page = response.content.decode()
    assert 'id="confirm-repeat-box"' in page and 'id="confirm-repeat-box" hidden' not in page
    assert SupplyLot.objects.count() == 1
    client.post(reverse("station:supply"), {**form, "key": "6f1c1d2e-0000-4000-8000-000000000003",
                                            "confirm_repeat": "on"})
    assert SupplyLot.objects.count() == 2
    lot = SupplyLot.objects.order_by("pk").last()

    home = client.get(reverse("station:home")).content.decode()
    assert reverse("station:lot-correct", args=[lot.pk]) in home
    page = client.get(reverse("station:lot-correct", args=[lot.pk])).content.decode()
    assert "6" in page
    refused = client.post(reverse("station:lot-correct", args=[lot.pk]), {"units": 7, "note": "twice"})
    assert refused.status_code == 200 and not LotWriteOff.objects.exists()
    done = client.post(reverse("station:lot-correct", args=[lot.pk]), {"units": 6, "note": "entered twice"})
    assert done.status_code == 302
    assert LotWriteOff.objects.get().note == "entered twice" and stock(county.honey) == 6
    # Another village's lot is not this coordinator's to open.
    other = record_supply(recorded_by=county.neighbour_coordinator, household=county.far, product=county.ginseng,
                          quantity=2, unit_price="200")
    assert client.get(reverse("station:lot-correct", args=[other.pk])).status_code == 404
