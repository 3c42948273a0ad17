"""What the station packs for the next buses: the village's parcels booked on each coming run, with
their goods and, for each, the households' lots to take them from — the lots the bus's loading
will allocate (poverty-priority: catalog.allocation's order), read without writing anything."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from oscar.core.loading import get_model

from catalog.allocation import allocation_order, fresh, lots_with_remaining, spoils_first
from logistics.estimates import Timetable
from logistics.models import Consignment, PickupRun
from logistics.timetable import scheduled_run, stops_of_lines
from station.access import StationScope

Line = get_model("order", "Line")
SupplyLot = get_model("catalogue", "SupplyLot")


@dataclass
class LotTake:
    lot: object
    units: int


@dataclass
class PackLine:
    title: str
    quantity: int
    takes: list[LotTake] = field(default_factory=list)
    short: int = 0  # units no household lot covers (stock counted by hand)


@dataclass
class PackParcel:
    consignment: Consignment
    lines: list[PackLine]

    @property
    def destination(self) -> str:
        address = self.consignment.order.shipping_address
        return f"{address.state}{address.line4}" if address else ""


@dataclass
class PackRun:
    run: PickupRun
    at_station: datetime.datetime
    parcels: list[PackParcel]
    late: bool = False  # the bus was due at the station and nobody has marked it loaded

    @property
    def weight_kg(self):
        return sum(p.consignment.weight_kg for p in self.parcels)

    @property
    def cold_kg(self):
        return sum(p.consignment.weight_kg for p in self.parcels if p.consignment.cold_chain)


def packing_lists(scope: StationScope, *, now: datetime.datetime | None = None, days: int = 3) -> list[PackRun]:
    """The coming runs (from the start of today, `days` days) that take parcels at the village's
    station, each with its parcels to pack; a fixed number of queries."""
    now = now or timezone.now()
    if scope.station is None:
        return []
    start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    consignments = list(
        Consignment.objects.filter(station=scope.station, status=Consignment.Status.BOOKED,
                                   run__status=PickupRun.Status.PLANNED, run__departs_at__gte=start,
                                   run__departs_at__lt=start + datetime.timedelta(days=days))
        .select_related("run__line", "order__shipping_address").order_by("run__departs_at", "pk"))
    if not consignments:
        return []
    lines = list(Line.objects.filter(order_id__in={c.order_id for c in consignments},
                                     stockrecord__partner__village_id=scope.village.pk)
                 .select_related("stockrecord").order_by("order_id", "pk"))
    by_order = defaultdict(list)
    for line in lines:
        by_order[line.order_id].append(line)
    # Loading takes lots fresh that day, those spoiling before the station's next bus first.
    first_bus = consignments[0].run.departs_at
    plan = _lots_to_take(lines, on=timezone.localdate(first_bus),
                         spoils_before=Timetable(station_ids=[scope.station.pk], now=first_bus)
                         .next_bus_day(scope.station.pk))
    stops = stops_of_lines(line_ids={c.run.line_id for c in consignments})
    by_line_stops = defaultdict(list)
    for stop in stops:
        by_line_stops[stop.line_id].append(stop)
    runs = {}
    for consignment in consignments:
        run = consignment.run
        if run.pk not in runs:
            times = scheduled_run(run, by_line_stops[run.line_id])
            at_station = times.at_station(scope.station.pk)
            runs[run.pk] = PackRun(run=run, at_station=at_station, parcels=[], late=at_station < now)
        runs[run.pk].parcels.append(PackParcel(consignment=consignment,
                                               lines=[plan[line.pk] for line in by_order[consignment.order_id]]))
    return sorted(runs.values(), key=lambda r: r.at_station)


def _lots_to_take(lines, *, on: datetime.date, spoils_before: datetime.date | None) -> dict[int, PackLine]:
    """Each line's units from the lots loading would take them from, lines taken in turn (they
    share the lots), what lines allocated already counted; one query for every lot."""
    stockrecords = {line.stockrecord_id for line in lines if line.stockrecord_id}
    lots = spoils_first(allocation_order(lots_with_remaining(SupplyLot.objects.filter(
        fresh(on=on), Q(stockrecord_id__in=stockrecords))).select_related("household"), on.year),
        spoils_before=spoils_before)
    queue = defaultdict(list)
    remaining = {}
    for lot in lots:
        if lot.remaining > 0:
            queue[lot.stockrecord_id].append(lot)
            remaining[lot.pk] = lot.remaining
    plan = {}
    for line in lines:
        needed, takes = line.quantity, []
        for lot in queue.get(line.stockrecord_id, ()):
            if needed <= 0:
                break
            units = min(remaining[lot.pk], needed)
            if units > 0:
                takes.append(LotTake(lot=lot, units=units))
                remaining[lot.pk] -= units
                needed -= units
        plan[line.pk] = PackLine(title=line.title, quantity=line.quantity, takes=takes, short=max(needed, 0))
    return plan
