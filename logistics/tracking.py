"""What hub staff do: a run is loaded and reaches the hub; a parcel is dispatched and delivered.

Each step checks that it follows the one before, locks the rows it moves, and records a
tracking event. The dashboard and the `hub` management command both call these functions.
Loading and delivery are announced with signals (logistics.signals): the shop moves the order's
status, books the households' income and records cash collected, inside the same transaction.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from catalog.allocation import allocate_line
from logistics.models import Consignment, PickupRun
from logistics.planning import TransitionRefused, track
from logistics.signals import consignment_delivered, consignment_loaded

Line = get_model("order", "Line")

__all__ = ["TransitionRefused", "mark_run_loaded", "mark_run_at_hub", "dispatch_consignment", "deliver_consignment"]


@transaction.atomic
def mark_run_loaded(run, *, at=None):
    """The bus has taken the run's parcels: allocate their units to lots, consume the stock."""
    at = at or timezone.now()
    run = PickupRun.objects.select_for_update().get(pk=run.pk)
    if run.status != PickupRun.Status.PLANNED:
        raise TransitionRefused(
            _("Run %(run)s is already %(status)s.") % {"run": run, "status": run.get_status_display()})
    for consignment in run.consignments.select_for_update().filter(status=Consignment.Status.BOOKED):
        lines = (Line.objects.filter(order_id=consignment.order_id, stockrecord__partner__village=consignment.village)
                 .select_related("stockrecord"))
        for line in lines:
            allocate_line(line, on=timezone.localdate(at))
            # Oscar's own bookkeeping: the line's allocation and the stock record's both drop.
            line.consume_allocation(line.quantity)
        consignment.status = Consignment.Status.LOADED
        consignment.save(update_fields=["status"])
        track(consignment, Consignment.Status.LOADED, str(run), at=at)
        consignment_loaded.send(sender=Consignment, consignment=consignment, at=at)
    run.status = PickupRun.Status.LOADED
    run.save(update_fields=["status"])
    return run


@transaction.atomic
def mark_run_at_hub(run, *, at=None):
    at = at or timezone.now()
    run = PickupRun.objects.select_for_update().get(pk=run.pk)
    if run.status != PickupRun.Status.LOADED:
        raise TransitionRefused(_("Run %(run)s must be loaded before it reaches the hub.") % {"run": run})
    for consignment in run.consignments.select_for_update().filter(status=Consignment.Status.LOADED):
        consignment.status = Consignment.Status.AT_HUB
        consignment.save(update_fields=["status"])
        track(consignment, Consignment.Status.AT_HUB, "", at=at)
    run.status = PickupRun.Status.AT_HUB
    run.save(update_fields=["status"])
    return run


@transaction.atomic
def dispatch_consignment(consignment, tracking_number, *, at=None):
    tracking_number = (tracking_number or "").strip()
    if not tracking_number:
        raise TransitionRefused(_("Enter the postal tracking number."))
    consignment = Consignment.objects.select_for_update().get(pk=consignment.pk)
    if consignment.status != Consignment.Status.AT_HUB:
        raise TransitionRefused(_("Consignment %(c)s is not at the hub (it is %(status)s).")
                                % {"c": consignment, "status": consignment.get_status_display()})
    consignment.status = Consignment.Status.DISPATCHED
    consignment.tracking_number = tracking_number
    consignment.save(update_fields=["status", "tracking_number"])
    track(consignment, Consignment.Status.DISPATCHED, tracking_number, at=at)
    return consignment


@transaction.atomic
def deliver_consignment(consignment, *, at=None):
    """Mark delivered (the shop then settles household income). Delivering twice changes nothing.

    Returns True when this call delivered it, False when it was already delivered.
    """
    at = at or timezone.now()
    consignment = Consignment.objects.select_for_update().get(pk=consignment.pk)
    if consignment.status == Consignment.Status.DELIVERED:
        return False
    if consignment.status != Consignment.Status.DISPATCHED:
        raise TransitionRefused(_("Consignment %(c)s has not been dispatched (it is %(status)s).")
                                % {"c": consignment, "status": consignment.get_status_display()})
    consignment.status = Consignment.Status.DELIVERED
    consignment.save(update_fields=["status"])
    track(consignment, Consignment.Status.DELIVERED, "", at=at)
    consignment_delivered.send(sender=Consignment, consignment=consignment, at=at)
    return True
