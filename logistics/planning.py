"""Putting consignments on buses.

A placed order becomes one consignment per origin village. Each consignment joins the next
pickup run of a line that stops at its village station and still has room for its weight;
one that fits nowhere waits and is booked again when runs are planned.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import DecimalField, ExpressionWrapper, F, IntegerField, Max, Q, Sum, Value
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from logistics.models import BusLine, Consignment, Departure, PickupRun, Station, TrackingEvent
from logistics.signals import consignment_withdrawn

WEIGHT = DecimalField(max_digits=10, decimal_places=3)


class TransitionRefused(ValidationError):
    """A consignment or run step that does not follow the one before it."""


def schedule_runs(line, start, days):
    """Create the line's pickup runs from its weekly timetable for `days` days from `start`."""
    tz = timezone.get_current_timezone()
    departures = list(Departure.objects.filter(line=line))
    wanted = []
    for offset in range(days):
        day = start + datetime.timedelta(days=offset)
        for dep in departures:
            if dep.weekday == day.weekday():
                wanted.append(PickupRun(line=line, departs_at=datetime.datetime.combine(day, dep.time, tzinfo=tz)))
    PickupRun.objects.bulk_create(wanted, ignore_conflicts=True)


def run_loads(runs):
    return runs.annotate(load_kg=Coalesce(Sum("consignments__weight_kg"), Value(Decimal("0")), output_field=WEIGHT))


def runs_to_work(*, now=None, days_ahead=7):
    """The runs a hub clerk has to deal with: any not yet at the hub that carry parcels, and
    every run of the coming week (so empty ones that left in the past do not clutter the list)."""
    now = now or timezone.now()
    start_of_today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    carrying = PickupRun.objects.filter(status__in=[PickupRun.Status.PLANNED, PickupRun.Status.LOADED],
                                        consignments__isnull=False).values("pk")
    coming = Q(departs_at__gte=start_of_today, departs_at__lt=start_of_today + datetime.timedelta(days=days_ahead))
    return run_loads(PickupRun.objects.filter(coming | Q(pk__in=carrying)).select_related("line")).order_by(
        "departs_at", "line__name")


def track(consignment, kind, note="", at=None):
    return TrackingEvent.objects.create(consignment=consignment, kind=kind, note=note,
                                        happened_at=at or timezone.now())


@transaction.atomic
def book_on_next_run(consignment, *, now=None):
    """Book the consignment on the earliest run with room; returns the run or None (waiting)."""
    now = now or timezone.now()
    lines = BusLine.objects.filter(stops__station=consignment.station).distinct()
    horizon = settings.LOGISTICS_PLANNING_HORIZON_DAYS
    for line in lines:
        schedule_runs(line, timezone.localdate(now), horizon)
    # One query for every candidate's load; only a run that looks roomy is locked and re-checked.
    candidates = run_loads(PickupRun.objects.filter(line__in=lines, status=PickupRun.Status.PLANNED,
                                                    departs_at__gt=now).select_related("line"))
    for candidate in candidates.order_by("departs_at", "pk"):
        if candidate.load_kg + consignment.weight_kg > candidate.line.capacity_kg:
            continue
        # Lock the run so two bookings cannot both take its last kilos.
        run = PickupRun.objects.select_for_update().select_related("line").get(pk=candidate.pk)
        load = run.consignments.aggregate(
            s=Coalesce(Sum("weight_kg"), Value(Decimal("0")), output_field=WEIGHT))["s"]
        if load + consignment.weight_kg <= run.line.capacity_kg:
            consignment.run = run
            consignment.status = Consignment.Status.BOOKED
            consignment.save(update_fields=["run", "status"])
            track(consignment, Consignment.Status.BOOKED, str(run), at=now)
            return run
    if consignment.status != Consignment.Status.WAITING or not consignment.events.exists():
        consignment.status = Consignment.Status.WAITING
        consignment.save(update_fields=["status"])
        track(consignment, Consignment.Status.WAITING, _("No run with room yet"), at=now)
    return None


@transaction.atomic
def plan_order(order, *, now=None):
    """Split a placed order into consignments by origin village and book each on a run."""
    rows = (order.lines.values("stockrecord__partner__village")
            .annotate(weight=Sum(ExpressionWrapper(F("quantity") * F("product__net_weight_kg"), output_field=WEIGHT)),
                      cold=Max(Cast("product__cold_chain", IntegerField())))
            .order_by("stockrecord__partner__village"))
    consignments = []
    for row in rows:
        village_id = row["stockrecord__partner__village"]
        station = Station.objects.get(village_id=village_id)
        consignment, created = Consignment.objects.get_or_create(
            order=order, village_id=village_id,
            defaults={"station": station, "weight_kg": row["weight"] or Decimal("0"),
                      "cold_chain": bool(row["cold"])})
        if created:
            book_on_next_run(consignment, now=now)
        consignments.append(consignment)
    return consignments


def book_waiting(*, now=None):
    """Try again to book every waiting consignment, oldest first; returns how many were booked."""
    booked = 0
    for consignment in Consignment.objects.filter(status=Consignment.Status.WAITING).order_by("created_at", "pk"):
        if book_on_next_run(consignment, now=now):
            booked += 1
    return booked


@transaction.atomic
def withdraw_consignment(consignment: Consignment, *, note: str = "",
                         at: datetime.datetime | None = None) -> Consignment:
    """Take a parcel that the bus has not taken yet off its run: the run's load drops at once.

    Refused (TransitionRefused) once the parcel is loaded; withdrawing twice changes nothing.
    """
    at = at or timezone.now()
    consignment = Consignment.objects.select_for_update().get(pk=consignment.pk)
    if consignment.status == Consignment.Status.CANCELLED:
        return consignment
    if consignment.status not in Consignment.WITHDRAWABLE:
        raise TransitionRefused(
            _("The parcel from %(village)s is already %(status)s; it can no longer be taken off the bus.")
            % {"village": consignment.village.name, "status": consignment.get_status_display()},
            code="loaded")
    if consignment.run_id:
        # Lock the run like a booking does, so its load is never read half-changed.
        PickupRun.objects.select_for_update().filter(pk=consignment.run_id).exists()
    consignment.run = None
    consignment.status = Consignment.Status.CANCELLED
    consignment.save(update_fields=["run", "status"])
    track(consignment, Consignment.Status.CANCELLED, note, at=at)
    consignment_withdrawn.send(sender=Consignment, consignment=consignment, at=at)
    return consignment
