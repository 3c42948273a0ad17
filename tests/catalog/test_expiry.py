"""A live river crab keeps three days: a lot past its shelf life is never sold, never allocated and
never paid for; the station is told to take it back, and the write-off says who, when and why.
Among fresh lots, the one that would spoil before the next bus goes first."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from catalog.allocation import allocate_line
from catalog.expiry import write_off_expired
from catalog.models import LotAllocation, LotWriteOff
from catalog.supply import record_supply
from catalog.tasks import write_off_expired_lots
from households.models import IncomeEntry, IncomeSource
from shop.partner.stock import StockShortage
from tests.factories import ADDR, place_order
from tests.helpers import deliver, log_in

pytestmark = pytest.mark.django_db
StockRecord = get_model("partner", "StockRecord")


def days_ago(n):
    return timezone.localdate() - datetime.timedelta(days=n)


def supply(county, household, quantity, *, supplied_days_ago, product=None, price="120"):
    return record_supply(recorded_by=county.coordinator, household=household, product=product or county.chicken,
                         quantity=quantity, unit_price=price, supplied_on=days_ago(supplied_days_ago))


def stock(product):
    return StockRecord.objects.get(product=product).num_in_stock


@pytest.fixture
def crab(county):
    county.chicken.shelf_life_days = 3
    county.chicken.save()
    return county.chicken


def test_a_lot_expires_its_supply_date_plus_the_shelf_life(county, crab):
    lot = supply(county, county.yu, 2, supplied_days_ago=1)
    assert lot.expires_on == days_ago(1) + datetime.timedelta(days=3)
    county.honey.shelf_life_days = None
    county.honey.save()
    keeps = record_supply(recorded_by=county.coordinator, household=county.yu, product=county.honey, quantity=1,
                          unit_price="60")
    assert keeps.expires_on is None


def test_the_hourly_check_writes_off_a_stale_lot_and_takes_it_out_of_stock(county, crab):
    stale = supply(county, county.yu, 2, supplied_days_ago=3)  # expired today
    supply(county, county.bao, 1, supplied_days_ago=2)  # the last fresh day is today
    assert stock(crab) == 3
    assert write_off_expired_lots() == 1
    write_off = LotWriteOff.objects.get()
    assert (write_off.lot, write_off.quantity, write_off.reason) == (stale, 2, "expired")
    assert write_off.written_off_by is None and write_off.written_off_at is not None
    assert stock(crab) == 1
    assert write_off_expired_lots() == 0  # nothing left to write off
    assert stock(crab) == 1


def test_an_order_for_stale_goods_is_refused_even_before_the_hourly_check(county, crab):
    supply(county, county.yu, 2, supplied_days_ago=4)
    with pytest.raises(StockShortage):
        place_order(county.buyer, [(crab, 1)], address=ADDR)
    assert not county.buyer.orders.exists()  # the refused order's transaction wrote nothing


def test_an_order_placed_before_the_hourly_check_takes_only_fresh_units(county, crab):
    supply(county, county.yu, 2, supplied_days_ago=4)
    supply(county, county.bao, 1, supplied_days_ago=0)
    place_order(county.buyer, [(crab, 1)], address=ADDR)
    assert LotWriteOff.objects.get().quantity == 2  # written off with the order, under its locks
    with pytest.raises(StockShortage):
        place_order(county.buyer, [(crab, 1)], address=ADDR)


def test_loading_never_takes_a_stale_lot_and_books_no_income_for_it(county, crab):
    fresh = supply(county, county.bao, 1, supplied_days_ago=0)
    order = place_order(county.buyer, [(crab, 1)], address=ADDR)
    stale = supply(county, county.yu, 2, supplied_days_ago=3)  # the poorer household's, but stale
    deliver(order)
    assert list(LotAllocation.objects.values_list("lot_id", "quantity")) == [(fresh.pk, 1)]
    assert not IncomeEntry.objects.filter(household=county.yu, source=IncomeSource.ECOMMERCE).exists()
    assert stale.allocations.count() == 0


def test_stock_never_drops_below_what_placed_orders_hold(county, crab):
    supply(county, county.yu, 3, supplied_days_ago=2)
    place_order(county.buyer, [(crab, 2)], address=ADDR)  # placed while the lot was fresh
    write_off_expired(on=timezone.localdate() + datetime.timedelta(days=1))
    record = StockRecord.objects.get(product=crab)
    assert LotWriteOff.objects.get().quantity == 3
    assert (record.num_in_stock, record.num_allocated) == (2, 2)  # short on the packing list, not negative


def test_the_lot_that_would_spoil_before_the_next_bus_goes_first(county, crab):
    # 包某 earns more per person than 于某, so his lot would wait; but it spoils tomorrow, before the
    # bus after this one (buses leave daily), while 于某's keeps two more days.
    spoiling = supply(county, county.bao, 1, supplied_days_ago=2)
    keeping = supply(county, county.yu, 1, supplied_days_ago=0)
    order = place_order(county.buyer, [(crab, 1)], address=ADDR)
    line = order.lines.get()
    allocate_line(line, on=timezone.localdate(), spoils_before=timezone.localdate() + datetime.timedelta(days=1))
    assert list(LotAllocation.objects.values_list("lot_id", flat=True)) == [spoiling.pk]
    assert keeping.allocations.count() == 0


def test_without_a_lot_spoiling_the_poorer_household_still_comes_first(county, crab):
    supply(county, county.bao, 1, supplied_days_ago=1)
    poorer = supply(county, county.yu, 1, supplied_days_ago=0)
    order = place_order(county.buyer, [(crab, 1)], address=ADDR)
    allocate_line(order.lines.get(), on=timezone.localdate(),
                  spoils_before=timezone.localdate() + datetime.timedelta(days=1))
    assert list(LotAllocation.objects.values_list("lot_id", flat=True)) == [poorer.pk]


def test_loading_the_bus_keeps_the_spoiling_lot_from_the_shelf(county, crab):
    spoiling = supply(county, county.bao, 1, supplied_days_ago=2)
    supply(county, county.yu, 1, supplied_days_ago=0)
    order = place_order(county.buyer, [(crab, 1)], address=ADDR)
    deliver(order)
    assert list(LotAllocation.objects.values_list("lot_id", flat=True)) == [spoiling.pk]


def test_the_product_page_dates_only_fresh_lots(client, county, crab):
    supply(county, county.yu, 2, supplied_days_ago=5)
    supply(county, county.bao, 1, supplied_days_ago=1)
    page = client.get(crab.get_absolute_url()).context
    assert page["oldest_supply"] == days_ago(1)


def test_the_station_is_told_to_take_the_stale_lot_back_and_says_when_it_did(client, county, crab):
    stale = supply(county, county.yu, 2, supplied_days_ago=3)
    write_off_expired_lots()
    log_in(client, county.coordinator)
    page = client.get(reverse("station:home")).content.decode()
    assert 'id="take-back"' in page and stale.code in page and "于德福" in page
    write_off = LotWriteOff.objects.get()
    response = client.post(reverse("station:take-back", args=[write_off.pk]))
    assert response.status_code == 302
    write_off.refresh_from_db()
    assert write_off.taken_back_by == county.coordinator and write_off.taken_back_at is not None
    assert 'id="take-back"' not in client.get(reverse("station:home")).content.decode()


def test_another_villages_coordinator_cannot_confirm_a_take_back(client, county, crab):
    supply(county, county.yu, 2, supplied_days_ago=3)
    write_off_expired_lots()
    write_off = LotWriteOff.objects.get()
    log_in(client, county.neighbour_coordinator)
    assert client.post(reverse("station:take-back", args=[write_off.pk])).status_code == 404
    write_off.refresh_from_db()
    assert write_off.taken_back_at is None


def test_the_price_floor_ignores_what_stale_lots_paid(county, crab):
    from catalog.pricing import check_shop_price

    supply(county, county.yu, 2, supplied_days_ago=4, price="150")
    check_shop_price(Decimal("140.00"), stockrecord=StockRecord.objects.get(product=crab))
