"""The departures of bus lines over the coming days: the runs that exist, with their loads, and the
ones the weekly timetable promises that nobody has booked a parcel on yet (runs are made only
then). Read by the delivery estimates, the planner and the hub screen alike, in a fixed number of
queries whatever the number of lines and days."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Count, DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from logistics.models import BusLine, Consignment, Departure, PickupRun, Station, Stop

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

WEIGHT = DecimalField(max_digits=10, decimal_places=3)
ZERO = Decimal("0")


class RunLoad(TypedDict):
    """What `run_loads` adds to each run."""

    load_kg: Decimal
    cold_load_kg: Decimal
    parcel_count: int


if TYPE_CHECKING:
    LoadedRun = WithAnnotations[PickupRun, RunLoad]


def hub_stop(stops: Sequence[Stop]) -> Stop:
    """The line's stop at the county hub (the last stop of a line that has none marked)."""
    return next((s for s in stops if s.station.is_hub), max(stops, key=lambda s: s.position))


@dataclass
class ComingRun:
    line: BusLine
    departs_at: datetime.datetime
    run: PickupRun | None  # None: promised by the timetable, no row yet
    stop_after: dict[int, datetime.timedelta]  # station id → time after departure (pick-up stations)
    hub_after: datetime.timedelta
    load_kg: Decimal = ZERO
    cold_load_kg: Decimal = ZERO
    parcels: int = 0
    stations: list[Station] = field(default_factory=list)  # the stops' stations in order (the hub last)
    late: bool = False  # set by pages that show it: its departure has passed, nobody marked it loaded

    @property
    def key(self) -> tuple[int, datetime.datetime]:
        return self.line.pk, self.departs_at

    @property
    def status(self) -> str:
        return self.run.status if self.run else PickupRun.Status.PLANNED

    @property
    def open(self) -> bool:
        """Can still take parcels: planned, and the bus has not left."""
        return self.status == PickupRun.Status.PLANNED

    @property
    def room_kg(self) -> Decimal:
        return self.line.capacity_kg - self.load_kg

    @property
    def cooler_room_kg(self) -> Decimal:
        return self.line.cooler_capacity_kg - self.cold_load_kg

    @property
    def hub_arrival(self) -> datetime.datetime:
        return self.departs_at + self.hub_after

    def at_station(self, station_id: int) -> datetime.datetime:
        return self.departs_at + self.stop_after[station_id]

    def load_percent(self) -> int:
        return _percent(self.load_kg, self.line.capacity_kg)

    def cooler_percent(self) -> int:
        return _percent(self.cold_load_kg, self.line.cooler_capacity_kg)


def _percent(part: Decimal, whole: Decimal) -> int:
    return min(100, round(100 * part / whole)) if whole else 0


def stops_of_lines(*, station_ids: Iterable[int] = (), village_ids: Iterable[int] = (),
                   line_ids: Iterable[int] | None = None) -> list[Stop]:
    """Every stop (with station and line) of the lines that stop at the given stations or at the
    stations of the given villages, or of the given lines; one query."""
    if line_ids is not None:
        where = Q(line_id__in=list(line_ids))
    else:
        where = (Q(line__stops__station_id__in=list(station_ids))
                 | Q(line__stops__station__village_id__in=list(village_ids)))
    return list(Stop.objects.filter(where).select_related("station", "line").distinct().order_by("line_id", "position"))


def run_loads(runs: QuerySet[PickupRun], *, leaving_out: Iterable[int] = ()) -> QuerySet[LoadedRun]:
    """`runs` with the weight they carry (`load_kg`), of it in the cooler (`cold_load_kg`) and their
    number of parcels, without the consignments `leaving_out` (those being planned again)."""
    carried = Q(consignments__isnull=False) & ~Q(consignments__status=Consignment.Status.CANCELLED)
    leaving_out = list(leaving_out)
    if leaving_out:
        carried &= ~Q(consignments__in=leaving_out)
    return runs.annotate(
        load_kg=Coalesce(Sum("consignments__weight_kg", filter=carried), Value(ZERO), output_field=WEIGHT),
        cold_load_kg=Coalesce(Sum("consignments__weight_kg", filter=carried & Q(consignments__cold_chain=True)),
                              Value(ZERO), output_field=WEIGHT),
        parcel_count=Count("consignments", filter=carried))


def _times(line_stops: Sequence[Stop]) -> tuple[dict[int, datetime.timedelta], datetime.timedelta]:
    hub = hub_stop(line_stops)
    return ({s.station_id: datetime.timedelta(minutes=s.minutes_from_start) for s in line_stops if s.pk != hub.pk},
            datetime.timedelta(minutes=hub.minutes_from_start))


def scheduled_run(run: PickupRun, stops: list[Stop]) -> ComingRun:
    """A run's times at its stops (its load not read): `stops` are its line's."""
    stop_after, hub_after = _times(stops)
    return ComingRun(line=stops[0].line, departs_at=run.departs_at, run=run, stop_after=stop_after,
                     hub_after=hub_after, stations=[s.station for s in stops])


def coming_runs(stops: list[Stop], *, after: datetime.datetime, until: datetime.datetime,
                leaving_out: Iterable[int] = ()) -> list[ComingRun]:
    """The departures of the stops' lines in (after, until], earliest first: existing runs in every
    status, and the timetable's departures without a run; two queries."""
    by_line: dict[int, list[Stop]] = defaultdict(list)
    for stop in stops:
        by_line[stop.line_id].append(stop)
    existing = {(run.line_id, run.departs_at): run for run in run_loads(
        PickupRun.objects.filter(line_id__in=by_line, departs_at__gt=after, departs_at__lte=until),
        leaving_out=leaving_out)}
    departures: dict[int, list[Departure]] = defaultdict(list)
    for dep in Departure.objects.filter(line_id__in=by_line):
        departures[dep.line_id].append(dep)
    tz = timezone.get_current_timezone()
    first_day, last_day = timezone.localdate(after), timezone.localdate(until)
    coming: list[ComingRun] = []
    for line_id, line_stops in by_line.items():
        times = {at for (run_line, at) in existing if run_line == line_id}
        day = first_day
        while day <= last_day:
            for dep in departures[line_id]:
                if dep.weekday == day.weekday():
                    at = datetime.datetime.combine(day, dep.time, tzinfo=tz)
                    if after < at <= until:
                        times.add(at)
            day += datetime.timedelta(days=1)
        stop_after, hub_after = _times(line_stops)
        for at in times:
            run = existing.get((line_id, at))
            coming.append(ComingRun(
                line=line_stops[0].line, departs_at=at, run=run, stop_after=stop_after, hub_after=hub_after,
                load_kg=run.load_kg if run else ZERO, cold_load_kg=run.cold_load_kg if run else ZERO,
                parcels=(run.parcel_count or 0) if run else 0, stations=[s.station for s in line_stops]))
    coming.sort(key=lambda c: (c.hub_arrival, c.departs_at, c.line.pk))
    return coming
