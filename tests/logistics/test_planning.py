"""Consignments ride the run that gets them to the hub in time, in the cooler when cold, or wait
with the reason; runs are made when the first parcel is booked on them."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone
from oscar.apps.order.exceptions import UnableToPlaceOrder

from catalog.supply import record_supply
from logistics.models import Consignment, Departure, PickupRun
from logistics.planning import at_risk, cancel_run, replan, replannable, runs_to_work
from tests.factories import ADDR, place_order

pytestmark = pytest.mark.django_db


def at(days: int, hour: int, minute: int = 0) -> datetime.datetime:
    """A local time `days` days from today."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=timezone.get_current_timezone())


def test_a_consignment_joins_the_next_run_that_stops_at_its_station(stocked):
    order = place_order(stocked.buyer, [(stocked.chicken, 2)], address=ADDR)
    consignment = order.consignments.get()
    assert consignment.status == Consignment.Status.BOOKED
    assert consignment.run.departs_at > timezone.now()
    assert not PickupRun.objects.filter(line=stocked.line, departs_at__gt=timezone.now(),
                                        departs_at__lt=consignment.run.departs_at).exists()
    assert [e.kind for e in consignment.events.all()] == ["booked"]


def test_runs_are_made_only_for_departures_that_carry_parcels(stocked):
    assert not PickupRun.objects.exists()  # a timetable of daily departures, no rows for them
    order = place_order(stocked.buyer, [(stocked.chicken, 1)], address=ADDR)
    assert list(PickupRun.objects.all()) == [order.consignments.get().run]


def test_one_that_does_not_fit_waits_for_the_next_run(stocked):
    # The line carries 100 kg; 60 chickens weigh 90 kg.
    first = place_order(stocked.buyer, [(stocked.chicken, 60)], address=ADDR).consignments.get()
    later = place_order(stocked.buyer, [(stocked.chicken, 10)], address=ADDR).consignments.get()
    small = place_order(stocked.buyer, [(stocked.chicken, 6)], address=ADDR).consignments.get()
    assert later.run.departs_at > first.run.departs_at
    assert small.run == first.run  # 9 kg more still fits the first run
    load = sum(c.weight_kg for c in first.run.consignments.all())
    assert load <= Decimal("100")


def test_cold_goods_ride_only_in_the_cooler(stocked):
    stocked.line.cooler_capacity_kg = Decimal("5")
    stocked.line.save()
    record_supply(recorded_by=stocked.coordinator, household=stocked.yu, product=stocked.honey, quantity=50,
                  unit_price="60")
    stocked.chicken.shelf_life_days = None  # frozen: keeps; it still needs the cold box
    stocked.chicken.save()
    # 4 chickens (6 kg, cold) fit the bus but not its 5 kg cool box; 40 kg of honey rides anywhere.
    chicken = place_order(stocked.buyer, [(stocked.chicken, 4)], address=ADDR).consignments.get()
    honey = place_order(stocked.buyer, [(stocked.honey, 40)], address=ADDR).consignments.get()
    assert chicken.status == Consignment.Status.WAITING and chicken.run is None
    assert chicken.waiting_reason == Consignment.Waiting.NO_COOLER
    assert honey.status == Consignment.Status.BOOKED
    three = place_order(stocked.buyer, [(stocked.chicken, 3)], address=ADDR).consignments.get()  # 4.5 kg fits
    assert three.status == Consignment.Status.BOOKED


def test_a_parcel_that_can_arrive_in_time_gets_the_bus_before_one_that_keeps(stocked, settings):
    """The bus shrinks after two honey parcels and a chicken parcel were booked on it: the batch keeps
    the chicken (only this bus gets it to the hub in time) and moves the honey to the next bus."""
    settings.LOGISTICS_REPLAN_FREEZE_HOURS = 0
    record_supply(recorded_by=stocked.coordinator, household=stocked.yu, product=stocked.honey, quantity=10,
                  unit_price="60")
    stocked.chicken.shelf_life_days = 2  # ordered today, 1 day by post: at the hub by tomorrow 16:00
    stocked.chicken.save()
    placed = at(0, 10)
    chicken = place_order(stocked.buyer, [(stocked.chicken, 3)], address=ADDR, placed_at=placed).consignments.get()
    honeys = [place_order(stocked.buyer, [(stocked.honey, 2)], address=ADDR, placed_at=placed).consignments.get()
              for _ in range(2)]
    first = chicken.run
    assert chicken.latest_hub_arrival == at(1, 16) and first.departs_at == at(1, 7, 30)
    assert all(h.run == first for h in honeys)
    stocked.line.capacity_kg = stocked.line.cooler_capacity_kg = Decimal("5")  # 4.5 kg of chicken or 4 of honey
    stocked.line.save()
    replan(now=placed)
    chicken.refresh_from_db()
    assert chicken.run == first and chicken.late_since is None
    for honey in honeys:
        honey.refresh_from_db()
        assert honey.run.departs_at == at(2, 7, 30)
        assert [e.kind for e in honey.events.all()] == ["booked", "booked"]


def test_without_any_run_it_waits_and_is_booked_when_a_departure_is_added(stocked):
    Departure.objects.all().delete()
    stocked.honey.shelf_life_days = None  # honey keeps
    stocked.honey.save()
    record_supply(recorded_by=stocked.coordinator, household=stocked.yu, product=stocked.honey, quantity=5,
                  unit_price="60")
    consignment = place_order(stocked.buyer, [(stocked.honey, 1)], address=ADDR).consignments.get()
    assert consignment.status == Consignment.Status.WAITING and consignment.run is None
    assert consignment.waiting_reason == Consignment.Waiting.NO_RUN  # the line stops there, but no bus leaves
    Departure.objects.create(line=stocked.line, weekday=0, time=datetime.time(8, 0))
    replan()
    consignment.refresh_from_db()
    assert consignment.status == Consignment.Status.BOOKED and consignment.waiting_reason == ""
    assert timezone.localtime(consignment.run.departs_at).weekday() == 0


def test_short_lived_goods_that_no_bus_can_take_now_are_refused_at_placing(stocked):
    Departure.objects.all().delete()
    with pytest.raises(UnableToPlaceOrder, match="新青村散养笨鸡"):
        place_order(stocked.buyer, [(stocked.chicken, 1)], address=ADDR)
    assert not Consignment.objects.exists()


def test_when_a_bus_does_not_run_its_parcels_take_the_next_one_and_say_when_they_arrive(client, stocked):
    from tests.helpers import log_in

    order = place_order(stocked.buyer, [(stocked.chicken, 2)], address=ADDR)
    consignment = order.consignments.get()
    old_run = consignment.run
    log_in(client, stocked.buyer)
    page = client.get(f"/accounts/orders/{order.number}/").content.decode()
    day = timezone.localdate(old_run.departs_at) + datetime.timedelta(days=1)  # 黑龙江省: 1 day by post
    assert f"预计{day.month}月{day.day}日送达" in page

    run, stranded = cancel_run(line=stocked.line, departs_at=old_run.departs_at, reason="大雪封路")
    assert run == old_run and run.status == PickupRun.Status.CANCELLED and stranded == [consignment]
    consignment.refresh_from_db()
    assert consignment.status == Consignment.Status.BOOKED
    assert consignment.run.departs_at == old_run.departs_at + datetime.timedelta(days=1)
    assert [e.kind for e in consignment.events.all()] == ["booked", "waiting", "booked"]
    assert "大雪封路" in consignment.events.all()[1].note

    page = client.get(f"/accounts/orders/{order.number}/").content.decode()
    new_day = timezone.localdate(consignment.run.departs_at) + datetime.timedelta(days=1)
    assert f"预计{new_day.month}月{new_day.day}日送达" in page
    # Nothing is planned on the cancelled departure again, and cancelling twice changes nothing.
    again = place_order(stocked.buyer, [(stocked.chicken, 1)], address=ADDR).consignments.get()
    assert again.run != old_run
    assert cancel_run(line=stocked.line, departs_at=old_run.departs_at, reason="大雪封路")[1] == []


def test_a_bus_that_has_taken_its_parcels_or_never_runs_cannot_be_cancelled(stocked):
    from logistics import tracking
    from logistics.planning import TransitionRefused

    run = place_order(stocked.buyer, [(stocked.chicken, 1)], address=ADDR).consignments.get().run
    with pytest.raises(TransitionRefused):
        cancel_run(line=stocked.line, departs_at=run.departs_at, reason="")
    with pytest.raises(TransitionRefused):
        cancel_run(line=stocked.line, departs_at=run.departs_at + datetime.timedelta(minutes=5), reason="坏了")
    tracking.mark_run_loaded(run)
    with pytest.raises(TransitionRefused):
        cancel_run(line=stocked.line, departs_at=run.departs_at, reason="坏了")
    assert PickupRun.objects.get(pk=run.pk).status == PickupRun.Status.LOADED


def test_a_parcel_that_can_no_longer_arrive_fresh_is_flagged_at_once(stocked):
    """The only bus that gets the chicken to the hub in time is cancelled: planning puts it on the
    next one and flags it late at that moment, for the hub to call the buyer."""
    stocked.chicken.shelf_life_days = 2
    stocked.chicken.save()
    placed = at(0, 10)
    consignment = place_order(stocked.buyer, [(stocked.chicken, 1)], address=ADDR,
                              placed_at=placed).consignments.get()
    assert consignment.late_since is None and not at_risk(now=placed).exists()
    cancel_run(line=stocked.line, departs_at=consignment.run.departs_at, reason="车坏了", now=placed)
    consignment.refresh_from_db()
    assert consignment.late_since == placed
    assert list(at_risk(now=placed)) == [consignment]


def test_time_running_out_flags_a_parcel_still_waiting(stocked):
    from logistics.planning import flag_overdue

    consignment = place_order(stocked.buyer, [(stocked.chicken, 1)], address=ADDR).consignments.get()
    deadline = consignment.latest_hub_arrival
    assert deadline is not None and not at_risk(now=deadline - datetime.timedelta(minutes=1)).exists()
    assert list(at_risk(now=deadline)) == [consignment]  # the hub screen shows it from then on
    assert flag_overdue(now=deadline) == 1
    consignment.refresh_from_db()
    assert consignment.late_since == deadline


def test_the_hub_list_shows_runs_with_parcels_and_the_coming_week_not_empty_past_ones(stocked):
    consignment = place_order(stocked.buyer, [(stocked.chicken, 1)], address=ADDR).consignments.get()
    empty_past = PickupRun.objects.create(line=stocked.line, departs_at=timezone.now() - datetime.timedelta(days=3))
    late = PickupRun.objects.create(line=stocked.line, departs_at=timezone.now() - datetime.timedelta(days=2))
    Consignment.objects.filter(pk=consignment.pk).update(run=late)  # a parcel whose bus has not been marked yet
    shown = set(runs_to_work())
    assert late in shown and empty_past not in shown


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL (CI runs the suite on it too)")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_checkouts_at_once_never_put_more_on_a_bus_than_it_carries(county, monkeypatch):
    """Two buyers' orders are planned at the same moment for the last room on the next bus: the
    line is held while one plans, so the other sees the first one's parcel and takes the next bus."""
    import threading

    from django.db import close_old_connections

    from logistics import solver
    from tests.factories import make_user

    # Two goods of the village (their stock rows are locked apart), 40 kg an order.
    record_supply(recorded_by=county.coordinator, household=county.yu, product=county.honey, quantity=40,
                  unit_price="60")
    record_supply(recorded_by=county.coordinator, household=county.yu, product=county.chicken, quantity=27,
                  unit_price="120")
    for product in (county.honey, county.chicken):
        product.shelf_life_days = None
        product.save()
    county.line.capacity_kg = county.line.cooler_capacity_kg = Decimal("70")  # one 40 kg parcel a bus
    county.line.save()
    # Each planner, once it has read the buses' loads, waits (up to 3 s) for the other to have read
    # them too: without the line's lock both would then book the same bus.
    both_read = threading.Barrier(2, timeout=3)
    solve = solver.solve

    def solve_when_both_have_read(*args, **kwargs):
        try:
            both_read.wait()
        except threading.BrokenBarrierError:
            pass  # the other one waits for the line: as it should
        return solve(*args, **kwargs)

    monkeypatch.setattr(solver, "solve", solve_when_both_have_read)
    start = threading.Barrier(2)
    errors = []

    def buy(buyer, goods):
        try:
            start.wait()
            place_order(buyer, [goods], address=ADDR)
        except Exception as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=buy, args=args) for args in (
        (county.buyer, (county.honey, 40)), (make_user("buyer-wang"), (county.chicken, 27)))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    runs = {c.run_id for c in Consignment.objects.all()}
    assert len(runs) == 2 and None not in runs


def test_the_batch_leaves_alone_a_parcel_whose_bus_leaves_within_twelve_hours(stocked):
    """The station packs for the next bus 12 hours ahead: a booked parcel on a bus leaving sooner
    is not planned again; one leaving later is, and a waiting one always is."""
    order = place_order(stocked.buyer, [(stocked.chicken, 1)], address=ADDR, placed_at=at(0, 10))
    consignment = order.consignments.get()
    departs = consignment.run.departs_at
    twelve = datetime.timedelta(hours=12)
    assert consignment in replannable(now=departs - twelve - datetime.timedelta(minutes=1))
    assert consignment not in replannable(now=departs - twelve)
    assert consignment not in replannable(now=departs - twelve + datetime.timedelta(minutes=1))
    Consignment.objects.filter(pk=consignment.pk).update(status=Consignment.Status.WAITING, run=None)
    assert consignment in replannable(now=departs - datetime.timedelta(hours=1))


def test_the_batch_plans_again_only_parcels_booked_on_a_bus_still_planned(stocked):
    consignment = place_order(stocked.buyer, [(stocked.chicken, 1)], address=ADDR,
                              placed_at=at(0, 10)).consignments.get()
    long_before = consignment.run.departs_at - datetime.timedelta(days=2)
    assert consignment in replannable(now=long_before)
    Consignment.objects.filter(pk=consignment.pk).update(status=Consignment.Status.LOADED)  # the run not yet marked
    assert consignment not in replannable(now=long_before)
    Consignment.objects.filter(pk=consignment.pk).update(status=Consignment.Status.BOOKED)
    PickupRun.objects.filter(pk=consignment.run_id).update(status=PickupRun.Status.CANCELLED)
    assert consignment not in replannable(now=long_before)


def test_a_parcel_is_flagged_late_once_and_never_after_it_has_left_the_hub(stocked):
    from logistics.planning import flag_overdue

    late, delivered = (place_order(stocked.buyer, [(stocked.chicken, 1)], address=ADDR).consignments.get()
                       for _ in range(2))
    Consignment.objects.filter(pk=delivered.pk).update(status=Consignment.Status.DELIVERED)
    deadline = max(late.latest_hub_arrival, delivered.latest_hub_arrival)
    assert flag_overdue(now=deadline) == 1
    assert flag_overdue(now=deadline + datetime.timedelta(hours=1)) == 0  # late since the first time
    late.refresh_from_db()
    delivered.refresh_from_db()
    assert (late.late_since, delivered.late_since) == (deadline, None)
    assert list(at_risk(now=deadline + datetime.timedelta(hours=1))) == [late]


def test_a_departure_is_that_lines_on_that_weekday_or_a_run_made_for_it(stocked):
    from logistics.models import BusLine
    from logistics.planning import departure_exists

    east = BusLine.objects.create(name="东线", capacity_kg=Decimal("50"))
    monday = at(0, 9) + datetime.timedelta(days=(7 - timezone.localdate().weekday()) % 7)
    Departure.objects.create(line=east, weekday=0, time=datetime.time(9, 0))
    assert departure_exists(east, monday)
    assert not departure_exists(east, monday + datetime.timedelta(days=1))  # Tuesday at 9: not in its timetable
    assert not departure_exists(stocked.line, monday)  # the other line's departure
    extra = monday + datetime.timedelta(hours=3)  # a bus the hub added at noon
    PickupRun.objects.create(line=stocked.line, departs_at=extra)
    assert departure_exists(stocked.line, extra) and not departure_exists(east, extra)


def test_the_hub_works_from_its_days_midnight_for_a_week_in_one_query(stocked, django_assert_num_queries):
    from logistics.models import BusLine

    now = at(10, 9, 30) + datetime.timedelta(seconds=30, microseconds=5)
    east = BusLine.objects.create(name="A 东线", capacity_kg=Decimal("50"))  # before 青山镇… in any collation
    midnight = PickupRun.objects.create(line=stocked.line, departs_at=at(10, 0))
    same_time = PickupRun.objects.create(line=east, departs_at=at(10, 0))
    last = PickupRun.objects.create(line=stocked.line, departs_at=at(17, 0) - datetime.timedelta(minutes=1))
    PickupRun.objects.create(line=stocked.line, departs_at=at(17, 0))  # the eighth day
    PickupRun.objects.create(line=stocked.line, departs_at=at(9, 23, 59))  # yesterday, empty
    done = PickupRun.objects.create(line=stocked.line, departs_at=at(3, 7, 30), status=PickupRun.Status.AT_HUB)
    consignment = place_order(stocked.buyer, [(stocked.chicken, 1)], address=ADDR).consignments.get()
    Consignment.objects.filter(pk=consignment.pk).update(run=done)  # its parcels came in: nothing to do
    with django_assert_num_queries(1):
        shown = [(run.pk, run.line.name) for run in runs_to_work(now=now)]
    assert shown == [(same_time.pk, "A 东线"), (midnight.pk, stocked.line.name), (last.pk, stocked.line.name)]


def test_a_waiting_parcel_is_told_the_first_reason_that_holds():
    """No line stops at its station; else no open run stops there; else (cold goods) the runs have
    room but not in the cooler; else no room."""
    from types import SimpleNamespace as Run

    from logistics.planning import _waiting_reason

    def parcel(*, cold, kg):
        return Run(station_id=1, cold_chain=cold, weight_kg=Decimal(kg))

    left, elsewhere = Run(open=False, stop_after={1: 0}, room_kg=Decimal(50)), Run(
        open=True, stop_after={2: 0}, room_kg=Decimal(50))
    exactly = Run(open=True, stop_after={1: 0}, room_kg=Decimal("1.5"))
    assert _waiting_reason(parcel(cold=False, kg="1.5"), [exactly], served={2}) == Consignment.Waiting.NO_LINE
    assert _waiting_reason(parcel(cold=False, kg="1.5"), [left, elsewhere], served={1}) == Consignment.Waiting.NO_RUN
    assert _waiting_reason(parcel(cold=True, kg="1.5"), [exactly], served={1}) == Consignment.Waiting.NO_COOLER
    assert _waiting_reason(parcel(cold=True, kg="1.6"), [exactly], served={1}) == Consignment.Waiting.NO_ROOM
    assert _waiting_reason(parcel(cold=False, kg="1.5"), [exactly], served={1}) == Consignment.Waiting.NO_ROOM
