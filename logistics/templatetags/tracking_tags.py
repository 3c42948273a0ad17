from django import template
from django.db.models import Prefetch

from logistics.models import TrackingEvent

register = template.Library()


@register.simple_tag
def consignments_of(order):
    """The order's consignments with their timelines, in two queries whatever their number."""
    return list(order.consignments.select_related("village", "run__line").prefetch_related(
        Prefetch("events", queryset=TrackingEvent.objects.order_by("happened_at", "pk"))).order_by("pk"))
