"""预计送达: the next bus with room, the hub's dispatch, the post's days to the province."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from logistics.estimates import estimate_delivery, reaches_fresh
from logistics.models import PickupRun, PostalTransit, Station, Stop
from tests.factories import ADDR, place_order

pytestmark = pytest.mark.django_db


def at(days: int, hour: int, minute: int = 0) -> datetime.datetime:
    """A local time `days` days from today."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=timezone.get_current_timezone())


def estimate(county, *, kg="1.5", province="黑龙江省", now=None):
    return estimate_delivery(station=Station.objects.get(village=county.xinqing), weight_kg=Decimal(kg),
                             province=province, now=now or at(1, 6))


def test_goods_leave_on_the_next_bus_and_arrive_after_the_provinces_post_days(stocked):
    # The 新青村 bus leaves at 07:30 every day and reaches the hub before its 16:00 dispatch.
    early = estimate(stocked, now=at(1, 6))
    assert early.leaves_village_at == at(1, 7, 30)
    assert early.dispatched_on == at(1, 0).date()
    assert early.arrives_on == at(2, 0).date()  # 黑龙江省: 1 day in the post
    assert estimate(stocked, province="北京市").arrives_on == at(4, 0).date()  # 3 days

    late = estimate(stocked, now=at(1, 8))
    assert late.leaves_village_at == at(2, 7, 30)


def test_the_estimate_is_the_run_the_order_is_booked_on(stocked):
    predicted = estimate(stocked, now=timezone.now())
    order = place_order(stocked.buyer, [(stocked.chicken, 1)], address=ADDR)
    assert order.consignments.get().run.departs_at == predicted.leaves_village_at


def test_a_full_bus_is_passed_over(stocked):
    # The line carries 100 kg: 66 chickens (99 kg) leave no room for one more (1.5 kg).
    first_run = estimate(stocked, now=timezone.now()).leaves_village_at
    place_order(stocked.buyer, [(stocked.chicken, 66)], address=ADDR)
    assert estimate(stocked, now=timezone.now()).leaves_village_at == first_run + datetime.timedelta(days=1)


def test_a_run_already_loaded_is_passed_over(stocked):
    PickupRun.objects.create(line=stocked.line, departs_at=at(1, 7, 30), status=PickupRun.Status.LOADED)
    assert estimate(stocked, now=at(1, 6)).leaves_village_at == at(2, 7, 30)


def test_a_parcel_reaching_the_hub_after_the_dispatch_time_goes_to_the_post_next_day(stocked):
    Stop.objects.filter(line=stocked.line, station__is_hub=True).update(minutes_from_start=9 * 60)  # 16:30
    result = estimate(stocked, now=at(1, 6))
    assert result.dispatched_on == at(2, 0).date()
    assert result.arrives_on == at(3, 0).date()


def test_goods_too_heavy_for_any_bus_get_no_estimate(stocked):
    assert estimate(stocked, kg="150") is None


def test_the_post_office_days_are_data_staff_can_change(stocked):
    PostalTransit.objects.filter(province="黑龙江省").update(days=2)
    assert estimate(stocked, now=at(1, 6)).arrives_on == at(3, 0).date()
    unknown = estimate(stocked, province="台湾省")
    assert unknown.arrives_on is None and unknown.leaves_village_at == at(1, 7, 30)


def test_short_lived_goods_go_only_where_they_arrive_within_their_shelf_life(stocked):
    assert reaches_fresh(estimate(stocked, province="黑龙江省"), shelf_life_days=3)
    assert not reaches_fresh(estimate(stocked, province="新疆维吾尔自治区"), shelf_life_days=3)  # 7 days
    assert reaches_fresh(estimate(stocked, province="新疆维吾尔自治区"), shelf_life_days=None)
    assert not reaches_fresh(estimate(stocked, province="台湾省"), shelf_life_days=3)
    assert not reaches_fresh(None, shelf_life_days=3)


def test_working_out_an_estimate_writes_nothing(stocked, django_assert_max_num_queries):
    PickupRun.objects.all().delete()
    with django_assert_max_num_queries(6):
        estimate(stocked)
    assert not PickupRun.objects.exists()
