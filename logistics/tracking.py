"""What hub staff do: a run is loaded and reaches the hub; a parcel is dispatched and delivered.

Each step checks that it follows the one before, locks the rows it moves, and records a
tracking event at the time it really happened (`at`: now unless the clerk says when; never in the
future, never before the step before it). The dashboard and the `hub` management command both call these functions.
Loading and delivery are announced with signals (logistics.signals): the shop moves the order's
status, books the households' income and records cash collected, inside the same transaction.
"""

import datetime
import logging
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from catalog.allocation import allocate_line
from logistics.estimates import Timetable
from logistics.models import Consignment, PickupRun, TrackingEvent
from logistics.planning import TransitionRefused, lock_lines, track
from logistics.signals import consignment_delivered, consignment_loaded

Line = get_model("order", "Line")
logger = logging.getLogger(__name__)

def step_time(at: datetime.datetime | None, *, not_before: datetime.datetime | None) -> datetime.datetime:
    """When a step happened: `at` (now when None), refused in the future or before `not_before`."""
    now = timezone.now()
    if at is None:
        return now
    if at > now:
        raise TransitionRefused(_("The time cannot be in the future (it is now %(now)s).")
                                % {"now": timezone.localtime(now).strftime("%H:%M")}, code="time_future")
    if not_before is not None and at < not_before:
        raise TransitionRefused(_("The time cannot be before %(time)s, when the step before it happened.")
                                % {"time": timezone.localtime(not_before).strftime("%Y-%m-%d %H:%M")},
                                code="time_early")
    return at


def last_step_at(consignment_ids: Iterable[int], kind: str) -> datetime.datetime | None:
    """When the latest of these parcels' steps of `kind` happened (the step before the next)."""
    return (TrackingEvent.objects.filter(consignment_id__in=list(consignment_ids), kind=kind)
            .aggregate(at=Max("happened_at"))["at"])


__all__ = ["TransitionRefused", "deliver_consignment", "dispatch_consignment", "dispatch_run",
           "last_step_at", "mark_run_at_hub", "mark_run_loaded", "read_dispatch_list", "step_time"]


@transaction.atomic
def mark_run_loaded(run: PickupRun, *, at: datetime.datetime | None = None) -> PickupRun:
    """The bus has taken the run's parcels: allocate their units to lots, consume the stock."""
    lock_lines([run.line_id])  # no planner books a parcel on it while it leaves
    run = PickupRun.objects.select_for_update().get(pk=run.pk)
    if run.status != PickupRun.Status.PLANNED:
        raise TransitionRefused(
            _("Run %(run)s is already %(status)s.") % {"run": run, "status": run.get_status_display()})
    at = step_time(at, not_before=None)
    # Oldest booking first: the first order placed gets the lots the allocation rule ranks first.
    consignments = list(run.consignments.select_for_update().filter(status=Consignment.Status.BOOKED)
                        .order_by("pk"))
    # Lots that would spoil before the station's next bus go on this one (catalog.allocation).
    after_this = Timetable(station_ids={c.station_id for c in consignments}, now=max(at, run.departs_at))
    for consignment in consignments:
        lines = (Line.objects.filter(order_id=consignment.order_id, stockrecord__partner__village=consignment.village)
                 .select_related("stockrecord"))
        for line in lines:
            allocate_line(line, on=timezone.localdate(at),
                          spoils_before=after_this.next_bus_day(consignment.station_id))
            # Oscar's own bookkeeping: the line's allocation and the stock record's both drop.
            line.consume_allocation(line.quantity)
        consignment.status = Consignment.Status.LOADED
        consignment.save(update_fields=["status"])
        track(consignment, Consignment.Status.LOADED, str(run), at=at)
        consignment_loaded.send(sender=Consignment, consignment=consignment, at=at)
    run.status = PickupRun.Status.LOADED
    run.save(update_fields=["status"])
    logger.info("hub.run_loaded", extra={"run": run.pk, "line": run.line_id})
    return run


@transaction.atomic
def mark_run_at_hub(run: PickupRun, *, at: datetime.datetime | None = None) -> PickupRun:
    run = PickupRun.objects.select_for_update().get(pk=run.pk)
    if run.status != PickupRun.Status.LOADED:
        raise TransitionRefused(_("Run %(run)s must be loaded before it reaches the hub.") % {"run": run})
    at = step_time(at, not_before=last_step_at(run.consignments.values_list("pk", flat=True),
                                               Consignment.Status.LOADED))
    for consignment in run.consignments.select_for_update().filter(status=Consignment.Status.LOADED):
        consignment.status = Consignment.Status.AT_HUB
        consignment.save(update_fields=["status"])
        track(consignment, Consignment.Status.AT_HUB, "", at=at)
    run.status = PickupRun.Status.AT_HUB
    run.save(update_fields=["status"])
    logger.info("hub.run_at_hub", extra={"run": run.pk, "line": run.line_id})
    return run


# China Post's numbers: 13 digits for domestic parcels, S10 (two letters, nine digits, CN) and
# the like for others; letters and digits, no spaces.
TRACKING_NUMBER = re.compile(r"^[A-Z0-9]{8,30}$")


def tracking_number_format(text: str) -> str:
    """The tracking number as the post prints it (upper case), refused when it cannot be one."""
    number = (text or "").strip().upper()
    if not number:
        raise TransitionRefused(_("Enter the postal tracking number."), code="required")
    if not TRACKING_NUMBER.match(number):
        raise TransitionRefused(_("%(number)s is not a postal tracking number: 8 to 30 letters and digits.")
                                % {"number": number[:40]}, code="format")
    return number


def clean_tracking_number(text: str, *, consignment: Consignment | None = None) -> str:
    """tracking_number_format(), also refused when another parcel already carries it."""
    number = tracking_number_format(text)
    others = Consignment.objects.filter(tracking_number=number)
    if consignment is not None:
        others = others.exclude(pk=consignment.pk)
    if others.exists():
        raise TransitionRefused(_("Tracking number %(number)s is already on another parcel.") % {"number": number},
                                code="taken")
    return number


@transaction.atomic
def dispatch_consignment(consignment: Consignment, tracking_number: str, *,
                         at: datetime.datetime | None = None) -> Consignment:
    tracking_number = clean_tracking_number(tracking_number, consignment=consignment)
    consignment = Consignment.objects.select_for_update().get(pk=consignment.pk)
    if consignment.status != Consignment.Status.AT_HUB:
        raise TransitionRefused(_("Consignment %(c)s is not at the hub (it is %(status)s).")
                                % {"c": consignment, "status": consignment.get_status_display()})
    at = step_time(at, not_before=last_step_at([consignment.pk], Consignment.Status.AT_HUB))
    consignment.status = Consignment.Status.DISPATCHED
    consignment.tracking_number = tracking_number
    consignment.save(update_fields=["status", "tracking_number"])
    track(consignment, Consignment.Status.DISPATCHED, tracking_number, at=at)
    logger.info("hub.dispatched", extra={"consignment": consignment.pk, "order_id": consignment.order_id,
                                         "run": consignment.run_id})
    return consignment


@transaction.atomic
def deliver_consignment(consignment: Consignment, *, at: datetime.datetime | None = None) -> bool:
    """Mark delivered (the shop then settles household income). Delivering twice changes nothing.

    Returns True when this call delivered it, False when it was already delivered.
    """
    consignment = Consignment.objects.select_for_update().get(pk=consignment.pk)
    if consignment.status == Consignment.Status.DELIVERED:
        return False
    if consignment.status != Consignment.Status.DISPATCHED:
        raise TransitionRefused(_("Consignment %(c)s has not been dispatched (it is %(status)s).")
                                % {"c": consignment, "status": consignment.get_status_display()})
    at = step_time(at, not_before=last_step_at([consignment.pk], Consignment.Status.DISPATCHED))
    consignment.status = Consignment.Status.DELIVERED
    consignment.save(update_fields=["status"])
    track(consignment, Consignment.Status.DELIVERED, "", at=at)
    consignment_delivered.send(sender=Consignment, consignment=consignment, at=at)
    logger.info("hub.delivered", extra={"consignment": consignment.pk, "order_id": consignment.order_id})
    return True


@dataclass
class DispatchLine:
    consignment: Consignment
    tracking_number: str


_SEPARATORS = re.compile(r"[,，;；\t ]+")
PARCEL_CODE = re.compile(r"^P(\d{1,18})$", re.IGNORECASE)  # printed on the parcel's label


def parcel_code(consignment: Consignment) -> str:
    return f"P{consignment.pk}"


def read_dispatch_list(run: PickupRun, text: str) -> tuple[list[DispatchLine], list[str]]:
    """Read a pasted or uploaded list of "parcel, tracking number" lines (CSV, tabs or spaces; a
    header line is skipped) for a run's parcels at the hub. A parcel is named by its order number,
    or by the code on its label (P123) when its order has more than one parcel on the run. Every
    line is checked and every error returned with its line number; nothing is changed."""
    parcels = list(run.consignments.select_related("order", "village").order_by("pk"))
    by_code = {parcel_code(c): c for c in parcels}
    by_order: dict[str, list[Consignment]] = defaultdict(list)
    for c in parcels:
        by_order[c.order.number].append(c)
    rows = [(n, row.strip()) for n, row in enumerate((text or "").splitlines(), start=1) if row.strip()]
    if rows and not any(ch.isdigit() for ch in rows[0][1]):
        rows = rows[1:]  # 订单号,邮件号
    if not rows:
        return [], [_("The list is empty: one line a parcel, its order number and its tracking number.")]
    if len(rows) > 1000:
        return [], [_("At most 1,000 lines at a time.")]
    read: list[tuple[int, Consignment, str]] = []
    errors: list[tuple[int, str]] = []  # errors: (line number, message)
    for n, row in rows:
        parts = [part.strip('"') for part in _SEPARATORS.split(row.strip('"')) if part.strip('"')]
        if len(parts) != 2:
            errors.append((n, _("Line %(n)s: expected an order number and a tracking number.") % {"n": n}))
            continue
        name, number = parts
        code = PARCEL_CODE.match(name)
        if code:
            found = [by_code[f"P{int(code.group(1))}"]] if f"P{int(code.group(1))}" in by_code else []
        else:
            found = by_order.get(name, [])
        if not found:
            errors.append((n, _("Line %(n)s: order %(order)s has no parcel on this run.")
                           % {"n": n, "order": name[:40]}))
            continue
        if len(found) > 1:
            codes = ", ".join(parcel_code(c) for c in found)
            errors.append((n, _("Line %(n)s: order %(order)s has %(count)s parcels on this run: name each by the "
                                "code on its label (%(codes)s).")
                           % {"n": n, "order": name, "count": len(found), "codes": codes}))
            continue
        consignment = found[0]
        if consignment.status != Consignment.Status.AT_HUB:
            errors.append((n, _("Line %(n)s: the parcel of order %(order)s is %(status)s, not at the hub.")
                          % {"n": n, "order": consignment.order.number, "status": consignment.get_status_display()}))
            continue
        try:
            number = tracking_number_format(number)
        except TransitionRefused as exc:
            errors.append((n, _("Line %(n)s: %(error)s") % {"n": n, "error": " ".join(exc.messages)}))
            continue
        read.append((n, consignment, number))
    # Whether another parcel carries a number already: one query for the whole list.
    carried = dict(Consignment.objects.filter(tracking_number__in=[number for _n, _c, number in read])
                   .values_list("tracking_number", "pk"))
    lines: list[DispatchLine] = []
    seen_parcels: set[int] = set()
    seen_numbers: set[str] = set()
    for n, consignment, number in read:
        if consignment.pk in seen_parcels:
            errors.append((n, _("Line %(n)s: order %(order)s is on the list twice.")
                          % {"n": n, "order": consignment.order.number}))
        elif number in seen_numbers:
            errors.append((n, _("Line %(n)s: tracking number %(number)s is on the list twice.")
                          % {"n": n, "number": number}))
        elif carried.get(number, consignment.pk) != consignment.pk:
            errors.append((n, _("Line %(n)s: %(error)s") % {"n": n, "error": _(
                "Tracking number %(number)s is already on another parcel.") % {"number": number}}))
        else:
            lines.append(DispatchLine(consignment=consignment, tracking_number=number))
        seen_parcels.add(consignment.pk)
        seen_numbers.add(number)
    return lines, [message for _n, message in sorted(errors, key=lambda error: error[0])]


@transaction.atomic
def dispatch_run(run: PickupRun, text: str, *, at: datetime.datetime | None = None) -> list[Consignment]:
    """Hand the run's parcels on the list to the post, all or none: the list is read again under
    the parcels' locks, and any error refuses the whole list."""
    at = at or timezone.now()
    list(run.consignments.select_for_update().values_list("pk", flat=True))
    lines, errors = read_dispatch_list(run, text)
    if errors:
        raise TransitionRefused(errors, code="list")
    return [dispatch_consignment(line.consignment, line.tracking_number, at=at) for line in lines]
