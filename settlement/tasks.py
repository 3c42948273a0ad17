"""Settlement's background work: a delivered parcel's money booked by a worker, and a sweep that
settles any delivery whose task was lost (settling twice books nothing twice)."""

import datetime
import logging

from celery import shared_task
from django.utils import timezone

from logistics.models import Consignment
from settlement.booking import settle_consignment

logger = logging.getLogger(__name__)


@shared_task
def settle_delivery(consignment_id: int, on: str) -> int:
    """Book a delivered consignment's money (households, margin, shipping) on the day `on`."""
    consignment = Consignment.objects.select_related("order").get(pk=consignment_id)
    entries = settle_consignment(consignment, on=datetime.date.fromisoformat(on))
    logger.info("settlement.booked", extra={"order": str(consignment.order.number), "consignment": consignment_id,
                                            "household_entries": len(entries)})
    return len(entries)


@shared_task
def settle_recent_deliveries(days: int = 7) -> int:
    """Settle every parcel delivered in the last `days` days again: books what a lost task did not."""
    since = timezone.now() - datetime.timedelta(days=days)
    delivered = (Consignment.objects.filter(status=Consignment.Status.DELIVERED, events__kind="delivered",
                                            events__happened_at__gte=since)
                 .values_list("pk", "events__happened_at").distinct())
    for consignment_id, at in delivered:
        settle_delivery.apply(args=(consignment_id, timezone.localdate(at).isoformat()), throw=True)
    return len(delivered)
