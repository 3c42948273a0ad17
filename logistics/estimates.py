"""When goods from a village reach a buyer (预计送达), read off the timetable without writing.

A parcel leaves its village on the next pickup run of a line that stops at the station and still
has room for it — the run `planning.book_on_next_run` will book, including runs the timetable
promises but nobody has created yet. The bus reaches the county hub, which hands parcels to
China Post the same day when they arrive before `LOGISTICS_HUB_DISPATCH_CUTOFF` and the next day
otherwise; the post then takes the province's days from `PostalTransit`.

Goods with a shelf life may only go where they arrive within it, counted from the day the bus
takes them: `reaches_fresh` is the rule checkout applies before payment.
"""

import datetime
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from logistics.models import Departure, PickupRun, PostalTransit, Station, Stop
from logistics.planning import run_loads


@dataclass(frozen=True)
class DeliveryEstimate:
    leaves_village_at: datetime.datetime  # the bus passes the village station
    dispatched_on: datetime.date  # the hub hands the parcel to the post
    arrives_on: datetime.date | None  # None: no province given, or one the post table lacks
    province: str = ""

    @property
    def days_on_the_way(self) -> int | None:
        if self.arrives_on is None:
            return None
        return (self.arrives_on - timezone.localdate(self.leaves_village_at)).days


@dataclass(frozen=True)
class _Slot:
    line_id: int
    departs_at: datetime.datetime
    room_kg: Decimal
    at_station_after: datetime.timedelta
    at_hub_after: datetime.timedelta


def transit_days(province: str | None) -> PostalTransit | None:
    """The post's days to a province given by name (as an address stores it, "黑龙江省", or as a
    buyer typed it into the address book, "黑龙江") or by GB/T 2260 code."""
    province = (province or "").strip()
    if not province:
        return None
    return (PostalTransit.objects.filter(province=province).first()
            or PostalTransit.objects.filter(province_code=province).first()
            or (PostalTransit.objects.filter(province__startswith=province).first() if len(province) >= 2 else None))


def hub_stop(stops):
    """The line's stop at the county hub (the last stop of a line that has none marked)."""
    return next((s for s in stops if s.station.is_hub), max(stops, key=lambda s: s.position))


def dispatch_date(at_hub: datetime.datetime) -> datetime.date:
    """The day the hub hands a parcel that reached it `at_hub` to the post."""
    at_hub = timezone.localtime(at_hub)
    if at_hub.time() >= settings.LOGISTICS_HUB_DISPATCH_CUTOFF:
        return at_hub.date() + datetime.timedelta(days=1)
    return at_hub.date()


class Timetable:
    """The coming runs of every line stopping at the given stations, loaded in a few queries, so
    a page of product cards or a basket of goods from many villages costs the same."""

    def __init__(self, *, station_ids: Iterable[int] = (), village_ids: Iterable[int] = (),
                 now: datetime.datetime | None = None):
        self.now = now or timezone.now()
        station_ids, village_ids = set(station_ids), set(village_ids)
        horizon = datetime.timedelta(days=settings.LOGISTICS_PLANNING_HORIZON_DAYS)
        stops = list(Stop.objects.filter(Q(line__stops__station_id__in=station_ids)
                                         | Q(line__stops__station__village_id__in=village_ids))
                     .select_related("station", "line").distinct())
        # {village id: its station on a line}: the cards of a page know villages, not stations.
        self.station_of_village = {stop.station.village_id: stop.station_id for stop in stops
                                   if stop.station.village_id in village_ids}
        self.stations = {stop.station_id: stop.station for stop in stops}
        station_ids |= set(self.station_of_village.values())
        by_line: dict[int, list[Stop]] = defaultdict(list)
        for stop in stops:
            by_line[stop.line_id].append(stop)
        capacity = {line_id: line_stops[0].line.capacity_kg for line_id, line_stops in by_line.items()}
        existing = {(run.line_id, run.departs_at): run for run in run_loads(PickupRun.objects.filter(
            line_id__in=by_line, departs_at__gt=self.now, departs_at__lte=self.now + horizon))}
        departures = defaultdict(list)
        for dep in Departure.objects.filter(line_id__in=by_line):
            departures[dep.line_id].append(dep)
        tz = timezone.get_current_timezone()
        today = timezone.localdate(self.now)
        self._slots: dict[int, list[_Slot]] = defaultdict(list)
        for line_id, line_stops in by_line.items():
            times = {run_at for (run_line, run_at) in existing if run_line == line_id}
            for offset in range(horizon.days):
                day = today + datetime.timedelta(days=offset)
                for dep in departures[line_id]:
                    if dep.weekday == day.weekday():
                        at = datetime.datetime.combine(day, dep.time, tzinfo=tz)
                        if self.now < at <= self.now + horizon:
                            times.add(at)
            hub = hub_stop(line_stops)
            for at in sorted(times):
                run = existing.get((line_id, at))
                if run is not None and run.status != PickupRun.Status.PLANNED:
                    continue  # already loaded, or gone
                room = capacity[line_id] - (run.load_kg if run is not None else Decimal("0"))
                for stop in line_stops:
                    if stop.station_id in station_ids:
                        self._slots[stop.station_id].append(_Slot(
                            line_id=line_id, departs_at=at, room_kg=room,
                            at_station_after=datetime.timedelta(minutes=stop.minutes_from_start),
                            at_hub_after=datetime.timedelta(minutes=hub.minutes_from_start)))
        for slots in self._slots.values():
            slots.sort(key=lambda s: (s.departs_at, s.line_id))

    def next_slot(self, station_id: int, weight_kg: Decimal) -> _Slot | None:
        return next((s for s in self._slots.get(station_id, ()) if s.room_kg >= weight_kg), None)

    def estimate(self, *, station_id: int, weight_kg: Decimal, transit: PostalTransit | None
                 ) -> DeliveryEstimate | None:
        slot = self.next_slot(station_id, weight_kg)
        if slot is None:
            return None
        dispatched_on = dispatch_date(slot.departs_at + slot.at_hub_after)
        return DeliveryEstimate(
            leaves_village_at=slot.departs_at + slot.at_station_after, dispatched_on=dispatched_on,
            arrives_on=dispatched_on + datetime.timedelta(days=transit.days) if transit else None,
            province=transit.province if transit else "")


def estimate_delivery(*, station: Station, weight_kg: Decimal, province: str | None = None,
                      now: datetime.datetime | None = None) -> DeliveryEstimate | None:
    """The estimate for one parcel of `weight_kg` from `station`; None when no run has room
    within the planning horizon."""
    return Timetable(station_ids=[station.pk], now=now).estimate(
        station_id=station.pk, weight_kg=weight_kg, transit=transit_days(province))


def reaches_fresh(estimate: DeliveryEstimate | None, *, shelf_life_days: int | None) -> bool:
    """Whether goods keeping `shelf_life_days` arrive within that from the day the bus takes them.
    Goods without a shelf life always do; goods with one never do when no arrival can be promised."""
    if not shelf_life_days:
        return True
    if estimate is None or estimate.days_on_the_way is None:
        return False
    return estimate.days_on_the_way <= shelf_life_days


def booked_estimate(consignment, *, province: str | None) -> DeliveryEstimate | None:
    """When a consignment on a run arrives: the run it is booked on, not the next one with room."""
    run = consignment.run
    if run is None:
        return None
    stops = {stop.station_id: stop for stop in Stop.objects.filter(line_id=run.line_id).select_related("station")}
    if consignment.station_id not in stops:
        return None
    hub = hub_stop(stops.values())
    dispatched_on = dispatch_date(run.departs_at + datetime.timedelta(minutes=hub.minutes_from_start))
    transit = transit_days(province)
    return DeliveryEstimate(
        leaves_village_at=run.departs_at + datetime.timedelta(minutes=stops[consignment.station_id].minutes_from_start),
        dispatched_on=dispatched_on,
        arrives_on=dispatched_on + datetime.timedelta(days=transit.days) if transit else None,
        province=transit.province if transit else "")


NEAREST_PROVINCE_KEY, PROVINCES_KEY = "logistics:nearest-province", "logistics:provinces"


def nearest_province() -> PostalTransit | None:
    """The province the post reaches soonest (the hub's own): whom a card's estimate is for when
    the buyer has not said. Reference data, cached; logistics.apps forgets it when it changes."""
    transit = cache.get(NEAREST_PROVINCE_KEY)
    if transit is None:
        transit = PostalTransit.objects.order_by("days", "province_code").first()
        if transit is not None:
            cache.set(NEAREST_PROVINCE_KEY, transit, 3600)
    return transit


def provinces() -> list[PostalTransit]:
    """Every province the post reaches with its days, for the "send to" menus (cached)."""
    return cache.get_or_set(PROVINCES_KEY, lambda: list(PostalTransit.objects.order_by("province_code")), 3600)


def forget_nearest_province(**kwargs) -> None:
    cache.delete_many([NEAREST_PROVINCE_KEY, PROVINCES_KEY])


TIMETABLE_VERSION_KEY = "logistics:timetable-version"


def timetable_version() -> int:
    """A number that moves whenever a line, stop, departure, run or consignment is saved or
    deleted: pages that cache estimates (the product cards) key them on it."""
    version = cache.get(TIMETABLE_VERSION_KEY)
    if version is None:
        version = time.time_ns()
        cache.set(TIMETABLE_VERSION_KEY, version, None)
    return version


def timetable_changed(**kwargs) -> None:
    # Now, for this transaction's own reads, and again when it commits: what another request kept
    # in between was read without the uncommitted change.
    def bump():
        cache.set(TIMETABLE_VERSION_KEY, time.time_ns(), None)

    bump()
    transaction.on_commit(bump)
