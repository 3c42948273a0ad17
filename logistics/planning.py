"""Putting consignments on buses.

A placed order becomes one consignment per origin village, with the latest moment it may reach the
county hub for its goods to arrive within their shelf life (`estimates.latest_hub_arrival`).
`plan` gives a batch of consignments their runs: the timetable's coming departures on the lines
that stop at their stations, by room and cooler room, first every consignment on time, then the
earliest arrivals, then the fullest buses (`logistics.solver`). A consignment that fits nowhere
waits, with the reason; one that cannot reach the hub in time is flagged (`late_since`) the moment
planning finds it so. Runs are made when the first parcel is booked on a departure.

Checkout plans each order's consignments at once; `replan` plans everything still open again as a
batch (the scheduler runs it, and the hub after a bus is cancelled), so that a full bus, a new
departure or a cancelled one is planned around.
"""

import datetime
import logging
from collections.abc import Hashable, Iterable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ExpressionWrapper, F, IntegerField, Max, Min, Q, QuerySet, Sum
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from logistics import solver
from logistics.estimates import latest_hub_arrival, transit_days
from logistics.models import BusLine, Consignment, Departure, PickupRun, PostalTransit, Station, TrackingEvent
from logistics.signals import consignment_withdrawn
from logistics.timetable import WEIGHT, ComingRun, coming_runs, run_loads, stops_of_lines

logger = logging.getLogger(__name__)
# Consignments the planner may (re)assign: not yet on a bus.
OPEN = (Consignment.Status.WAITING, Consignment.Status.BOOKED)
# Parcels whose goods are still the platform's to get to the buyer in time.
ACTIVE = (Consignment.Status.WAITING, Consignment.Status.BOOKED, Consignment.Status.LOADED,
          Consignment.Status.AT_HUB)


class TransitionRefused(ValidationError):
    """A consignment or run step that does not follow the one before it."""


def track(consignment: Consignment, kind: str, note: str = "", *,
          at: datetime.datetime | None = None) -> TrackingEvent:
    return TrackingEvent.objects.create(consignment=consignment, kind=kind, note=note,
                                        happened_at=at or timezone.now())


def grams(kg: Decimal) -> int:
    return int((kg * 1000).to_integral_value())


def lock_lines(line_ids: Iterable[int]) -> None:
    """Hold bus lines for the rest of the transaction, so that two steps never both take the last
    kilos of a bus, or book a parcel on a bus that is leaving.

    Every step that moves parcels, runs or stock takes its lines first, all at once and in one
    order (checkout, planning, loading, cancelling a bus, cancelling an order, taking a parcel off
    its bus), then the run, then the consignments, then the stock; a step never takes more lines
    later than the ones it took first. That one order is what keeps them from deadlocking."""
    list(BusLine.objects.select_for_update().filter(pk__in=set(line_ids)).order_by("pk").values_list("pk", flat=True))


def lock_lines_serving(*, station_ids: Iterable[int] = (), village_ids: Iterable[int] = ()) -> None:
    """lock_lines() of every line that stops at these stations, or at these villages' stations."""
    lock_lines({stop.line_id for stop in stops_of_lines(station_ids=station_ids, village_ids=village_ids)})


def _waiting_reason(consignment: Consignment, runs: list[ComingRun], served: set[int]) -> str:
    if consignment.station_id not in served:
        return Consignment.Waiting.NO_LINE
    through = [r for r in runs if r.open and consignment.station_id in r.stop_after]
    if not through:
        return Consignment.Waiting.NO_RUN
    if consignment.cold_chain and any(r.room_kg >= consignment.weight_kg for r in through):
        return Consignment.Waiting.NO_COOLER
    return Consignment.Waiting.NO_ROOM


@transaction.atomic
def plan(consignments: Iterable[Consignment], *, now: datetime.datetime | None = None,
         seconds: float | None = None) -> solver.Plan | None:
    """Give `consignments` (those not yet on a bus) their runs, all together; the others already
    booked keep theirs. Returns the solver's plan (None when there was nothing to plan)."""
    now = now or timezone.now()
    ids = [c.pk for c in consignments]
    stations = set(Consignment.objects.filter(pk__in=ids).values_list("station_id", flat=True))
    stops = stops_of_lines(station_ids=stations)
    lock_lines({s.line_id for s in stops})  # nothing when the caller holds them already
    # Read again under the lines' locks: a bus may have taken some meanwhile.
    batch = list(Consignment.objects.select_for_update(of=("self",)).filter(pk__in=ids, status__in=OPEN)
                 .select_related("run").order_by("pk"))
    if not batch:
        return None
    horizon = datetime.timedelta(days=settings.LOGISTICS_PLANNING_HORIZON_DAYS)
    runs = coming_runs(stops, after=now, until=now + horizon, leaving_out=[c.pk for c in batch])
    open_runs: dict[Hashable, ComingRun] = {run.key: run for run in runs if run.open}
    slots = [solver.Slot(key=run.key, line_id=run.line.pk, departs_at=run.departs_at, hub_arrival=run.hub_arrival,
                         stations=frozenset(run.stop_after), room_g=grams(run.room_kg),
                         cooler_room_g=grams(run.cooler_room_kg), carries=run.parcels > 0)
             for run in open_runs.values()]
    parcels = [solver.Parcel(key=c.pk, station_id=c.station_id, weight_g=grams(c.weight_kg), cold=c.cold_chain,
                             latest_hub_arrival=c.latest_hub_arrival,
                             current=(c.run.line_id, c.run.departs_at) if c.run is not None else None) for c in batch]
    result = solver.solve(parcels, slots, now=now,
                          seconds=settings.LOGISTICS_SOLVER_SECONDS if seconds is None else seconds)
    left_behind: set[int] = set()
    served = {s.station_id for s in stops if not s.station.is_hub}
    for consignment in batch:
        _book(consignment, open_runs.get(result.runs.get(consignment.pk)), runs, served, now=now,
              left_behind=left_behind)
    # Runs exist only for departures that carry parcels (or were cancelled): a timetabled one left
    # empty goes (the timetable still promises it); an extra departure added by hand stays.
    for run in PickupRun.objects.filter(pk__in=left_behind, status=PickupRun.Status.PLANNED,
                                        consignments__isnull=True).select_related("line"):
        if timetabled(run.line, run.departs_at):
            run.delete()
    waiting = sum(1 for key in result.runs.values() if key is None)
    logger.info("planning.batch", extra={"parcels": len(batch), "waiting": waiting, "methods": dict(result.methods),
                                         "ms": round(result.seconds * 1000)})
    return result


def _book(consignment: Consignment, coming: ComingRun | None, runs: list[ComingRun], served: set[int], *,
          now: datetime.datetime, left_behind: set[int]) -> None:
    changed: list[str] = []
    if coming is None:
        reason = _waiting_reason(consignment, runs, served)
        if consignment.run_id:
            left_behind.add(consignment.run_id)
        if (consignment.status, consignment.run_id, consignment.waiting_reason) != (Consignment.Status.WAITING, None,
                                                                                    reason):
            consignment.status, consignment.run, consignment.waiting_reason = Consignment.Status.WAITING, None, reason
            changed += ["status", "run", "waiting_reason"]
            track(consignment, Consignment.Status.WAITING, str(Consignment.Waiting(reason).label), at=now)
        late = consignment.latest_hub_arrival is not None
    else:
        run = coming.run
        if run is None:  # the first parcel on this departure: the run is made now
            run, _ = PickupRun.objects.get_or_create(line=coming.line, departs_at=coming.departs_at)
            coming.run = run
        if consignment.run_id != run.pk:
            if consignment.run_id:
                left_behind.add(consignment.run_id)
            consignment.status, consignment.run, consignment.waiting_reason = Consignment.Status.BOOKED, run, ""
            changed += ["status", "run", "waiting_reason"]
            track(consignment, Consignment.Status.BOOKED, str(run), at=now)
        late = consignment.latest_hub_arrival is not None and coming.hub_arrival >= consignment.latest_hub_arrival
    if late and consignment.late_since is None:
        consignment.late_since = now
        changed.append("late_since")
    elif not late and consignment.late_since is not None:
        consignment.late_since = None
        changed.append("late_since")
    if changed:
        consignment.save(update_fields=changed)


def _goods_by_village(order: Any) -> QuerySet[Any, dict[str, Any]]:
    """Per origin village of the order's goods: their weight, whether any needs the cooler and the
    shortest shelf life among them."""
    return (order.lines.values("stockrecord__partner__village")
            .annotate(weight=Sum(ExpressionWrapper(F("quantity") * F("product__net_weight_kg"), output_field=WEIGHT)),
                      cold=Max(Cast("product__cold_chain", IntegerField())),
                      shelf=Min("product__shelf_life_days"))
            .order_by("stockrecord__partner__village"))


def _transit_of(order: Any) -> PostalTransit | None:
    return transit_days(order.shipping_address.state if order.shipping_address_id else "")


@transaction.atomic
def plan_order(order: Any, *, now: datetime.datetime | None = None) -> list[Consignment]:
    """Split a placed order into consignments by origin village and plan them."""
    now = now or timezone.now()
    rows = _goods_by_village(order)
    transit = _transit_of(order)
    created: list[Consignment] = []
    consignments: list[Consignment] = []
    for row in rows:
        village_id = row["stockrecord__partner__village"]
        station = Station.objects.get(village_id=village_id)
        consignment, is_new = Consignment.objects.get_or_create(
            order=order, village_id=village_id,
            defaults={"station": station, "weight_kg": row["weight"] or Decimal("0"), "cold_chain": bool(row["cold"]),
                      "latest_hub_arrival": latest_hub_arrival(ordered_on=timezone.localdate(now),
                                                               shelf_life_days=row["shelf"], transit=transit)})
        consignments.append(consignment)
        if is_new:
            created.append(consignment)
    if created:
        plan(created, now=now)
        for consignment in created:
            consignment.refresh_from_db()
    return consignments


@transaction.atomic
def readdress(order: Any, *, now: datetime.datetime | None = None) -> list[Consignment]:
    """Follow a change of the buyer's address made before the order's parcels left their villages:
    each parcel's last moment at the hub is counted again with the post's days to the new province
    (from the day of the order, as at checkout), and the parcels are planned again, so a tighter
    deadline moves a parcel to an earlier bus when one has room, or flags it late when none does.

    Refused (TransitionRefused) once a parcel is on a bus: its manifest and label carry the old
    destination, and the post office redirects parcels already in its hands."""
    now = now or timezone.now()
    consignments = list(order.consignments.exclude(status=Consignment.Status.CANCELLED))
    lock_lines_serving(station_ids={c.station_id for c in consignments})
    consignments = list(Consignment.objects.select_for_update().filter(pk__in=[c.pk for c in consignments])
                        .order_by("pk"))
    if any(c.status not in OPEN for c in consignments):
        raise TransitionRefused(_("A parcel of this order has left its village: the address can no longer be "
                                  "changed here. Ask the post office to redirect it."), code="on_its_way")
    shelf = {row["stockrecord__partner__village"]: row["shelf"] for row in _goods_by_village(order)}
    ordered_on, transit = timezone.localdate(order.date_placed), _transit_of(order)
    for consignment in consignments:
        deadline = latest_hub_arrival(ordered_on=ordered_on, shelf_life_days=shelf.get(consignment.village_id),
                                      transit=transit)
        if deadline != consignment.latest_hub_arrival:
            consignment.latest_hub_arrival = deadline
            consignment.save(update_fields=["latest_hub_arrival"])
    plan(consignments, now=now)
    flag_overdue(now=now)
    return consignments


def replannable(*, now: datetime.datetime) -> QuerySet[Consignment]:
    """What the batch plans again: every waiting consignment, and every booked one whose bus leaves
    after the packing freeze (`LOGISTICS_REPLAN_FREEZE_HOURS`: the station has packed for the next
    bus by then)."""
    frozen_until = now + datetime.timedelta(hours=settings.LOGISTICS_REPLAN_FREEZE_HOURS)
    return Consignment.objects.filter(
        Q(status=Consignment.Status.WAITING)
        | Q(status=Consignment.Status.BOOKED, run__status=PickupRun.Status.PLANNED, run__departs_at__gt=frozen_until))


def replan(*, now: datetime.datetime | None = None) -> solver.Plan | None:
    """Plan every open consignment again as one batch (the daily batch, and after a change of the
    timetable); then flag those whose time ran out while they waited."""
    now = now or timezone.now()
    result = plan(list(replannable(now=now)), now=now)
    flag_overdue(now=now)
    return result


def flag_overdue(*, now: datetime.datetime) -> int:
    """Parcels not yet handed to the post whose last moment at the hub has passed: late from now on."""
    return Consignment.objects.filter(status__in=ACTIVE, late_since__isnull=True,
                                      latest_hub_arrival__lte=now).update(late_since=now)


def at_risk(*, now: datetime.datetime | None = None) -> QuerySet[Consignment]:
    """Parcels that will not reach their buyer within the goods' shelf life unless someone acts:
    flagged by planning, or past their last moment at the hub and still not handed to the post."""
    now = now or timezone.now()
    return Consignment.objects.filter(Q(late_since__isnull=False) | Q(latest_hub_arrival__lte=now),
                                      status__in=ACTIVE)


def timetabled(line: BusLine, departs_at: datetime.datetime) -> bool:
    """Whether the weekly timetable has the line depart then."""
    local = timezone.localtime(departs_at)
    return Departure.objects.filter(line=line, weekday=local.weekday(), time=local.time()).exists()


def departure_exists(line: BusLine, departs_at: datetime.datetime) -> bool:
    """Whether the line departs then: a run exists, or the weekly timetable has that departure."""
    return PickupRun.objects.filter(line=line, departs_at=departs_at).exists() or timetabled(line, departs_at)


# A departure further back than this is history, not a bus that failed to come this morning.
CANCELLABLE_AFTER_DEPARTURE = datetime.timedelta(hours=24)


@transaction.atomic
def cancel_run(*, line: BusLine, departs_at: datetime.datetime, reason: str,
               now: datetime.datetime | None = None) -> tuple[PickupRun, list[Consignment]]:
    """The bus does not run (breakdown, snow): the departure is marked cancelled, so nothing is
    planned on it again, and its parcels are planned at once on other runs; their buyers' order
    pages show the new estimate. Refused once the bus has taken its parcels."""
    now = now or timezone.now()
    reason = (reason or "").strip()
    if not reason:
        raise TransitionRefused(_("Say why the bus does not run."), code="reason")
    if not departure_exists(line, departs_at):
        raise TransitionRefused(_("%(line)s has no departure at that time.") % {"line": line}, code="no_departure")
    if departs_at < now - CANCELLABLE_AFTER_DEPARTURE:
        raise TransitionRefused(_("That bus left more than a day ago; there is nothing to cancel."), code="past")
    # Every line through this line's stations: its parcels are planned on them below.
    lock_lines_serving(station_ids=[stop.station_id for stop in stops_of_lines(line_ids=[line.pk])])
    run, _created = PickupRun.objects.select_for_update().get_or_create(line=line, departs_at=departs_at)
    if run.status == PickupRun.Status.CANCELLED:
        return run, []
    if run.status != PickupRun.Status.PLANNED:
        raise TransitionRefused(_("Run %(run)s is already %(status)s; it can no longer be cancelled.")
                                % {"run": run, "status": run.get_status_display()}, code="loaded")
    run.status, run.cancel_reason = PickupRun.Status.CANCELLED, reason[:200]
    run.save(update_fields=["status", "cancel_reason"])
    stranded = list(run.consignments.select_for_update().filter(status=Consignment.Status.BOOKED))
    note = _("The bus does not run: %(reason)s") % {"reason": run.cancel_reason}
    for consignment in stranded:
        consignment.status, consignment.run = Consignment.Status.WAITING, None
        consignment.save(update_fields=["status", "run"])
        track(consignment, Consignment.Status.WAITING, note, at=now)
    if stranded:
        plan(stranded, now=now)
    logger.info("hub.run_cancelled", extra={"run": run.pk, "line": line.pk, "parcels": len(stranded)})
    return run, stranded


def runs_to_work(*, now: datetime.datetime | None = None, days_ahead: int = 7) -> QuerySet[PickupRun]:
    """The runs a hub clerk has to deal with: any not yet at the hub that carry parcels, and every
    run (made or cancelled) of the coming week."""
    now = now or timezone.now()
    start_of_today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    carrying = PickupRun.objects.filter(status__in=[PickupRun.Status.PLANNED, PickupRun.Status.LOADED],
                                        consignments__isnull=False).values("pk")
    coming = Q(departs_at__gte=start_of_today, departs_at__lt=start_of_today + datetime.timedelta(days=days_ahead))
    return run_loads(PickupRun.objects.filter(coming | Q(pk__in=carrying)).select_related("line")).order_by(
        "departs_at", "line__name")


@transaction.atomic
def withdraw_consignment(consignment: Consignment, *, note: str = "",
                         at: datetime.datetime | None = None) -> Consignment:
    """Take a parcel that the bus has not taken yet off its run: the run's load drops at once.

    Refused (TransitionRefused) once the parcel is loaded; withdrawing twice changes nothing.
    """
    at = at or timezone.now()
    lock_lines_serving(station_ids=[consignment.station_id])  # then its run, then itself (lock_lines)
    run_id = Consignment.objects.filter(pk=consignment.pk).values_list("run_id", flat=True).first()
    if run_id:
        # The run's load is never read half-changed.
        PickupRun.objects.select_for_update().filter(pk=run_id).exists()
    consignment = Consignment.objects.select_for_update().get(pk=consignment.pk)
    if consignment.status == Consignment.Status.CANCELLED:
        return consignment
    if consignment.status not in Consignment.WITHDRAWABLE:
        raise TransitionRefused(
            _("The parcel from %(village)s is already %(status)s; it can no longer be taken off the bus.")
            % {"village": consignment.village.name, "status": consignment.get_status_display()},
            code="loaded")
    consignment.run = None
    consignment.status = Consignment.Status.CANCELLED
    consignment.save(update_fields=["run", "status"])
    track(consignment, Consignment.Status.CANCELLED, note, at=at)
    consignment_withdrawn.send(sender=Consignment, consignment=consignment, at=at)
    return consignment
