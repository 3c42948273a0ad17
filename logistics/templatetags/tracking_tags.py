from django import template
from django.db.models import Prefetch

from logistics.estimates import booked_estimates
from logistics.models import Consignment, TrackingEvent

register = template.Library()

ESTIMATED = (Consignment.Status.BOOKED, Consignment.Status.LOADED, Consignment.Status.AT_HUB)


@register.simple_tag
def consignments_of(order):
    """The order's consignments with their timelines, and for each one on its way to the hub when
    it arrives (`estimate`: from the run it is planned on, so a bus cancelled and replanned shows
    its new date at once)."""
    consignments = list(order.consignments.select_related("village", "station", "run__line", "order").prefetch_related(
        Prefetch("events", queryset=TrackingEvent.objects.order_by("happened_at", "pk"))).order_by("pk"))
    province = order.shipping_address.state if order.shipping_address_id else ""
    estimates = booked_estimates([c for c in consignments if c.status in ESTIMATED], province=province)
    for consignment in consignments:
        consignment.estimate = estimates.get(consignment.pk)
    return consignments
