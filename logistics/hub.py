"""What the county hub works from: today's and tomorrow's runs with their loads, parcels waiting
for a bus and why, parcels at risk of arriving late, parcels at the hub for the post, and finding a
parcel from its label (a scanner or a phone camera reads the label's QR code, a link to the parcel).
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from logistics.models import BusLine, Consignment
from logistics.planning import at_risk
from logistics.timetable import ComingRun, coming_runs, stops_of_lines


@dataclass
class HubDay:
    day: datetime.date
    busy: list[ComingRun]  # runs that carry parcels, or were cancelled
    idle: list[ComingRun]  # departures nobody has booked a parcel on


def days_of_runs(*, now: datetime.datetime | None = None, days: int = 2) -> list[HubDay]:
    """Every departure of every line today and on the following days (made, cancelled or only in
    the timetable) with its load, by departure time; three queries."""
    now = now or timezone.now()
    start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    stops = stops_of_lines(line_ids=BusLine.objects.values_list("pk", flat=True))
    by_day: dict[datetime.date, list[ComingRun]] = defaultdict(list)
    for run in coming_runs(stops, after=start - datetime.timedelta(microseconds=1),
                           until=start + datetime.timedelta(days=days) - datetime.timedelta(microseconds=1)):
        run.late = run.open and run.departs_at < now  # it has left, or is late: not "to leave"
        by_day[timezone.localdate(run.departs_at)].append(run)
    result: list[HubDay] = []
    for offset in range(days):
        day = (start + datetime.timedelta(days=offset)).date()
        runs = sorted(by_day[day], key=lambda r: (r.departs_at, r.line.name))
        result.append(HubDay(day=day, busy=[r for r in runs if r.run is not None and (r.parcels or not r.open)],
                             idle=[r for r in runs if not (r.run is not None and (r.parcels or not r.open))]))
    return result


def _with_parcel_details(consignments: QuerySet[Consignment]) -> QuerySet[Consignment]:
    return consignments.select_related("order__shipping_address", "village", "station", "run__line")


def waiting_parcels() -> QuerySet[Consignment]:
    """Parcels no run has taken yet, the most urgent first."""
    return _with_parcel_details(Consignment.objects.filter(status=Consignment.Status.WAITING)).order_by(
        F("latest_hub_arrival").asc(nulls_last=True), "created_at", "pk")


def parcels_at_risk(*, now: datetime.datetime | None = None) -> QuerySet[Consignment]:
    return _with_parcel_details(at_risk(now=now)).order_by("latest_hub_arrival", "pk")


def awaiting_dispatch() -> QuerySet[Consignment]:
    """Parcels at the hub for the post: those that must leave today first."""
    return _with_parcel_details(Consignment.objects.filter(status=Consignment.Status.AT_HUB)).order_by(
        F("latest_hub_arrival").asc(nulls_last=True), "pk")


_PARCEL_LINK = re.compile(r"/parcels/(\d+)/?(?:[?#].*)?$")


def find_parcels(text: str) -> QuerySet[Consignment]:
    """The parcels a scanned or typed text names: a label's link (its QR code), an order number,
    or a postal tracking number."""
    text = (text or "").strip()[:200]
    if not text:
        return Consignment.objects.none()
    link = _PARCEL_LINK.search(text) or re.fullmatch(r"[Pp](\d{1,18})", text)  # the label's link, or its P code
    if link:
        found = Consignment.objects.filter(pk=int(link.group(1)))
    else:
        found = Consignment.objects.filter(Q(order__number=text) | Q(tracking_number=text.upper()))
    return _with_parcel_details(found).order_by("pk")
