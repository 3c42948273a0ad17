"""Consignments ride the next run with room, or wait."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from logistics.models import Consignment, Departure, PickupRun
from logistics.planning import book_waiting, runs_to_work
from shop.demo.orders import place_order
from tests.catalog.test_allocation import ADDR

pytestmark = pytest.mark.django_db


def test_a_consignment_joins_the_next_run_that_stops_at_its_station(stocked):
    order = place_order(stocked.buyer, [(stocked.chicken, 2)], address=ADDR)
    consignment = order.consignments.get()
    assert consignment.status == Consignment.Status.BOOKED
    assert consignment.run.departs_at > timezone.now()
    assert not PickupRun.objects.filter(line=stocked.line, departs_at__gt=timezone.now(),
                                        departs_at__lt=consignment.run.departs_at).exists()
    assert [e.kind for e in consignment.events.all()] == ["booked"]


def test_one_that_does_not_fit_waits_for_the_next_run(stocked):
    # The line carries 100 kg; 60 chickens weigh 90 kg.
    first = place_order(stocked.buyer, [(stocked.chicken, 60)], address=ADDR).consignments.get()
    second = place_order(stocked.buyer, [(stocked.chicken, 10)], address=ADDR).consignments.get()
    small = place_order(stocked.buyer, [(stocked.chicken, 6)], address=ADDR).consignments.get()
    assert second.run.departs_at > first.run.departs_at
    assert small.run == first.run  # 9 kg more still fits the first run
    load = sum(c.weight_kg for c in first.run.consignments.all())
    assert load <= Decimal("100")


def test_without_any_run_with_room_it_waits_and_is_booked_when_a_run_is_added(stocked):
    Departure.objects.all().delete()
    consignment = place_order(stocked.buyer, [(stocked.chicken, 1)], address=ADDR).consignments.get()
    assert consignment.status == Consignment.Status.WAITING and consignment.run is None
    Departure.objects.create(line=stocked.line, weekday=0, time=datetime.time(8, 0))
    assert book_waiting() == 1
    consignment.refresh_from_db()
    assert consignment.status == Consignment.Status.BOOKED
    assert timezone.localtime(consignment.run.departs_at).weekday() == 0


def test_the_hub_list_shows_runs_with_parcels_and_the_coming_week_not_empty_past_ones(stocked):
    consignment = place_order(stocked.buyer, [(stocked.chicken, 1)], address=ADDR).consignments.get()
    empty_past = PickupRun.objects.create(line=stocked.line, departs_at=timezone.now() - datetime.timedelta(days=3))
    late = PickupRun.objects.create(line=stocked.line, departs_at=timezone.now() - datetime.timedelta(days=2))
    Consignment.objects.filter(pk=consignment.pk).update(run=late)  # a parcel whose bus has not been marked yet
    shown = set(runs_to_work())
    assert late in shown and empty_past not in shown
    next_days = PickupRun.objects.filter(departs_at__gt=timezone.now(),
                                         departs_at__lt=timezone.now() + datetime.timedelta(days=6))
    assert next_days.exists() and set(next_days) <= shown
