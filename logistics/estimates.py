"""When goods from a village reach a buyer (预计送达), read off the timetable without writing.

A parcel leaves its village on the next pickup run of a line that stops at the station and still
has room for it (for cold goods: room in the cooler) — the run the planner gives a parcel alone,
including runs the timetable promises but nobody has booked yet. The bus reaches the county hub,
which hands parcels to China Post the same day when they arrive before
`LOGISTICS_HUB_DISPATCH_CUTOFF` and the next day otherwise; the post then takes the province's
days from `PostalTransit`.

Goods with a shelf life may only go where they arrive within it, counted from the day of the
order (the station sets the goods aside for the buyer then): `reaches_fresh` is the rule checkout
applies before payment, and `latest_hub_arrival` the same rule as the deadline the planner keeps.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from core.versions import Version
from logistics.models import Consignment, PostalTransit, Station, Stop
from logistics.timetable import ComingRun, coming_runs, hub_stop, scheduled_run, stops_of_lines

__all__ = ["DeliveryEstimate", "Timetable", "booked_estimate", "booked_estimates", "dispatch_date", "estimate_delivery",
           "hub_stop", "latest_hub_arrival", "reaches_fresh", "transit_days"]


@dataclass(frozen=True)
class DeliveryEstimate:
    leaves_village_at: datetime.datetime  # the bus passes the village station
    dispatched_on: datetime.date  # the hub hands the parcel to the post
    arrives_on: datetime.date | None  # None: no province given, or one the post table lacks
    province: str = ""
    ordered_on: datetime.date | None = None  # the shelf life counts from here

    @property
    def days_on_the_way(self) -> int | None:
        """Days from the order (or, without one, from the bus) to the buyer's door."""
        if self.arrives_on is None:
            return None
        start = self.ordered_on or timezone.localdate(self.leaves_village_at)
        return (self.arrives_on - start).days


def transit_days(province: str | None) -> PostalTransit | None:
    """The post's days to a province given by name (as an address stores it, "黑龙江省", or as a
    buyer typed it into the address book, "黑龙江") or by GB/T 2260 code."""
    province = (province or "").strip()
    if not province:
        return None
    return (PostalTransit.objects.filter(province=province).first()
            or PostalTransit.objects.filter(province_code=province).first()
            or (PostalTransit.objects.filter(province__startswith=province).first() if len(province) >= 2 else None))


def dispatch_date(at_hub: datetime.datetime) -> datetime.date:
    """The day the hub hands a parcel that reached it `at_hub` to the post."""
    at_hub = timezone.localtime(at_hub)
    if at_hub.time() >= settings.LOGISTICS_HUB_DISPATCH_CUTOFF:
        return at_hub.date() + datetime.timedelta(days=1)
    return at_hub.date()


def latest_hub_arrival(*, ordered_on: datetime.date, shelf_life_days: int | None,
                       transit: PostalTransit | None) -> datetime.datetime | None:
    """Before when a parcel of goods keeping `shelf_life_days`, ordered on `ordered_on`, must reach
    the hub to arrive within its shelf life: the hub's cutoff on the last day the post can still
    take it. None for goods that keep (or a province the post table lacks: checkout refuses those)."""
    if not shelf_life_days or transit is None:
        return None
    last_dispatch = ordered_on + datetime.timedelta(days=shelf_life_days - transit.days)
    return datetime.datetime.combine(last_dispatch, settings.LOGISTICS_HUB_DISPATCH_CUTOFF,
                                     tzinfo=timezone.get_current_timezone())


def _estimate(run: ComingRun, station_id: int, transit: PostalTransit | None,
              ordered_on: datetime.date | None) -> DeliveryEstimate:
    dispatched_on = dispatch_date(run.hub_arrival)
    return DeliveryEstimate(
        leaves_village_at=run.at_station(station_id), dispatched_on=dispatched_on,
        arrives_on=dispatched_on + datetime.timedelta(days=transit.days) if transit else None,
        province=transit.province if transit else "", ordered_on=ordered_on)


class Timetable:
    """The coming runs of every line stopping at the given stations, loaded in a few queries, so
    a page of product cards or a basket of goods from many villages costs the same."""

    def __init__(self, *, station_ids: Iterable[int] = (), village_ids: Iterable[int] = (),
                 now: datetime.datetime | None = None):
        self.now = now or timezone.now()
        station_ids, village_ids = set(station_ids), set(village_ids)
        horizon = datetime.timedelta(days=settings.LOGISTICS_PLANNING_HORIZON_DAYS)
        stops = stops_of_lines(station_ids=station_ids, village_ids=village_ids)
        # {village id: its station on a line}: the cards of a page know villages, not stations.
        self.station_of_village = {stop.station.village_id: stop.station_id for stop in stops
                                   if stop.station.village_id in village_ids}
        self.stations = {stop.station_id: stop.station for stop in stops}
        station_ids |= set(self.station_of_village.values())
        self._runs: dict[int, list[ComingRun]] = defaultdict(list)
        for run in coming_runs(stops, after=self.now, until=self.now + horizon):
            if run.open:
                for station_id in run.stop_after.keys() & station_ids:
                    self._runs[station_id].append(run)

    def next_run(self, station_id: int, weight_kg: Decimal, *, cold: bool = False) -> ComingRun | None:
        """The first run (at the hub) with room for the parcel, in its cooler for cold goods."""
        return next((r for r in self._runs.get(station_id, ()) if r.room_kg >= weight_kg
                     and (not cold or r.cooler_room_kg >= weight_kg)), None)

    def next_bus_day(self, station_id: int) -> datetime.date | None:
        """The day the next bus after `now` passes the station (the day a lot must still be fresh
        on to wait for it); None when none comes within the planning horizon."""
        run = next(iter(self._runs.get(station_id, ())), None)
        return None if run is None else timezone.localdate(run.at_station(station_id))

    def estimate(self, *, station_id: int, weight_kg: Decimal, transit: PostalTransit | None,
                 cold: bool = False) -> DeliveryEstimate | None:
        run = self.next_run(station_id, weight_kg, cold=cold)
        return None if run is None else _estimate(run, station_id, transit, timezone.localdate(self.now))


def estimate_delivery(*, station: Station, weight_kg: Decimal, province: str | None = None, cold: bool = False,
                      now: datetime.datetime | None = None) -> DeliveryEstimate | None:
    """The estimate for one parcel of `weight_kg` from `station`, ordered now; None when no run
    has room within the planning horizon."""
    return Timetable(station_ids=[station.pk], now=now).estimate(
        station_id=station.pk, weight_kg=weight_kg, transit=transit_days(province), cold=cold)


def reaches_fresh(estimate: DeliveryEstimate | None, *, shelf_life_days: int | None) -> bool:
    """Whether goods keeping `shelf_life_days` arrive within that from the day they were ordered.
    Goods without a shelf life always do; goods with one never do when no arrival can be promised."""
    if not shelf_life_days:
        return True
    if estimate is None or estimate.days_on_the_way is None:
        return False
    return estimate.days_on_the_way <= shelf_life_days


def booked_estimates(consignments: Iterable[Consignment], *,
                     province: str | None) -> dict[int, DeliveryEstimate | None]:
    """When each consignment arrives, from the run it is planned on (not the next one with room):
    {pk: estimate, or None while it waits for a run}; a fixed number of queries for any number."""
    consignments = list(consignments)
    by_line: dict[int, list[Stop]] = defaultdict(list)
    for stop in stops_of_lines(line_ids={c.run.line_id for c in consignments if c.run is not None}):
        by_line[stop.line_id].append(stop)
    transit = transit_days(province) if any(c.run_id for c in consignments) else None
    estimates: dict[int, DeliveryEstimate | None] = {}
    for consignment in consignments:
        estimates[consignment.pk] = None
        if consignment.run is not None and by_line.get(consignment.run.line_id):
            scheduled = scheduled_run(consignment.run, by_line[consignment.run.line_id])
            if consignment.station_id in scheduled.stop_after:
                estimates[consignment.pk] = _estimate(scheduled, consignment.station_id, transit,
                                                      timezone.localdate(consignment.order.date_placed))
    return estimates


def booked_estimate(consignment: Consignment, *, province: str | None) -> DeliveryEstimate | None:
    return booked_estimates([consignment], province=province)[consignment.pk]


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
    transits = cache.get_or_set(PROVINCES_KEY, lambda: list(PostalTransit.objects.order_by("province_code")), 3600)
    assert transits is not None  # made by the default when not cached
    return transits


def forget_nearest_province(**kwargs: Any) -> None:
    cache.delete_many([NEAREST_PROVINCE_KEY, PROVINCES_KEY])


# A number that moves whenever a line, stop, departure, run or consignment is saved or deleted
# (logistics.receivers): pages that cache estimates (the product cards) key them on it.
TIMETABLE_VERSION = Version("logistics:timetable-version")


def timetable_version() -> int:
    return TIMETABLE_VERSION.current()
