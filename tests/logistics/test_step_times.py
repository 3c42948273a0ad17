"""A bus that has left is not "to leave": the hub screen and the station say it is due or gone,
and each hub step records when it really happened — the timetable's time unless the clerk corrects
it, never in the future — which is the time the buyer reads on the order's timeline."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from catalog.supply import record_supply
from logistics import tracking
from logistics.models import Consignment, PickupRun, Stop, TrackingEvent
from tests.factories import ADDR, place_order
from tests.helpers import confirm_step, log_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def departed(county):
    """A parcel booked on the bus that left this morning (07:30, every day): it left at most a day
    ago and at least two hours ago, whatever the hour the test runs."""
    record_supply(recorded_by=county.coordinator, household=county.yu, product=county.honey, quantity=5,
                  unit_price="60", supplied_on=timezone.localdate() - datetime.timedelta(days=2))
    order = place_order(county.buyer, [(county.honey, 1)], address=ADDR,
                        placed_at=timezone.now() - datetime.timedelta(hours=26))
    parcel = order.consignments.get()
    assert parcel.run.departs_at < timezone.now() - datetime.timedelta(hours=2)
    return county, order, parcel


def local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def due_today(county):
    """A parcel on a bus due earlier today that nobody has marked loaded."""
    record_supply(recorded_by=county.coordinator, household=county.yu, product=county.honey, quantity=5,
                  unit_price="60")
    parcel = place_order(county.buyer, [(county.honey, 1)], address=ADDR).consignments.get()
    now = timezone.now()
    today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    PickupRun.objects.filter(pk=parcel.run_id).update(departs_at=max(today, now - datetime.timedelta(hours=1)))
    return county, parcel


def test_the_hub_screen_says_a_departed_bus_was_not_marked_loaded(client, due_today):
    county, _parcel = due_today
    log_in(client, county.clerk)
    page = client.get(reverse("logistics-dashboard:hub")).content.decode()
    assert "hub-late" in page and "未标记装车" in page


def test_the_station_says_the_bus_was_due(client, due_today):
    county, _parcel = due_today
    log_in(client, county.coordinator)
    page = client.get(reverse("station:home")).content.decode()
    assert 'class="st-warn run-late"' in page and "尚未标记装车" in page


def test_a_bus_not_yet_due_is_not_called_late(client, county):
    record_supply(recorded_by=county.coordinator, household=county.yu, product=county.honey, quantity=5,
                  unit_price="60")
    place_order(county.buyer, [(county.honey, 1)], address=ADDR)  # on the next bus
    log_in(client, county.clerk)
    assert "hub-late" not in client.get(reverse("logistics-dashboard:hub")).content.decode()


def test_loading_clicked_later_records_the_timetables_time_and_the_buyer_reads_it(client, departed):
    county, order, parcel = departed
    log_in(client, county.clerk)
    url = reverse("logistics-dashboard:run-transition", kwargs={"pk": parcel.run.pk, "step": "loaded"})
    asked = client.post(url).content.decode()
    assert f'value="{local(parcel.run.departs_at)}"' in asked  # offered, for the clerk to correct
    confirm_step(client, url)
    event = TrackingEvent.objects.get(consignment=parcel, kind=Consignment.Status.LOADED)
    assert event.happened_at == parcel.run.departs_at
    log_in(client, county.buyer)
    page = client.get(reverse("customer:order", kwargs={"order_number": order.number})).content.decode()
    assert timezone.localtime(parcel.run.departs_at).strftime("%Y-%m-%d %H:%M") in page


def test_the_clerk_corrects_the_time_when_the_bus_was_late(client, departed):
    county, _order, parcel = departed
    late = parcel.run.departs_at + datetime.timedelta(minutes=20)
    log_in(client, county.clerk)
    url = reverse("logistics-dashboard:run-transition", kwargs={"pk": parcel.run.pk, "step": "loaded"})
    client.post(url, {"happened_at": local(late), "confirmed": "1"})
    assert TrackingEvent.objects.get(consignment=parcel, kind="loaded").happened_at == late


def test_a_time_in_the_future_is_refused_and_nothing_changes(client, departed):
    county, _order, parcel = departed
    log_in(client, county.clerk)
    url = reverse("logistics-dashboard:run-transition", kwargs={"pk": parcel.run.pk, "step": "loaded"})
    later = timezone.now() + datetime.timedelta(hours=1)
    page = client.post(url, {"happened_at": local(later), "confirmed": "1"}, follow=True).content.decode()
    assert "不能是将来的时间" in page
    assert PickupRun.objects.get(pk=parcel.run.pk).status == PickupRun.Status.PLANNED
    assert not TrackingEvent.objects.filter(consignment=parcel, kind="loaded").exists()


def test_a_step_cannot_happen_before_the_step_before_it(departed):
    _county, _order, parcel = departed
    run = tracking.mark_run_loaded(parcel.run, at=parcel.run.departs_at + datetime.timedelta(minutes=5))
    with pytest.raises(tracking.TransitionRefused) as refused:
        tracking.mark_run_at_hub(run, at=parcel.run.departs_at)
    assert refused.value.code == "time_early"
    tracking.mark_run_at_hub(run, at=parcel.run.departs_at + datetime.timedelta(hours=1))
    parcel.refresh_from_db()
    assert parcel.status == Consignment.Status.AT_HUB


def test_arrival_at_the_hub_defaults_to_the_timetables_arrival(client, departed):
    county, _order, parcel = departed
    Stop.objects.filter(line=county.line, station__is_hub=True).update(minutes_from_start=90)
    run = tracking.mark_run_loaded(parcel.run, at=parcel.run.departs_at)
    log_in(client, county.clerk)
    url = reverse("logistics-dashboard:run-transition", kwargs={"pk": run.pk, "step": "at_hub"})
    confirm_step(client, url)
    arrived = TrackingEvent.objects.get(consignment=parcel, kind="at_hub").happened_at
    assert arrived == parcel.run.departs_at + datetime.timedelta(minutes=90)


def test_delivery_cannot_be_recorded_in_the_future(departed):
    _county, _order, parcel = departed
    tracking.mark_run_loaded(parcel.run)
    tracking.mark_run_at_hub(parcel.run)
    tracking.dispatch_consignment(parcel, "98000001")
    with pytest.raises(tracking.TransitionRefused):
        tracking.deliver_consignment(parcel, at=timezone.now() + datetime.timedelta(days=1))
    parcel.refresh_from_db()
    assert parcel.status == Consignment.Status.DISPATCHED
