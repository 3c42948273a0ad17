"""Logistics' background work: the batch that plans every open parcel again."""

from celery import shared_task
from django.db import OperationalError

from logistics import planning


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, retry_backoff_max=600, retry_jitter=True,
             max_retries=8)
def replan_runs() -> dict:
    """Plan every open consignment again (waiting ones, and booked ones beyond the packing freeze)
    and flag those whose time ran out; planning twice moves nothing twice."""
    result = planning.replan()
    if result is None:
        return {"planned": 0}
    return {"planned": len(result.runs), "waiting": sum(1 for key in result.runs.values() if key is None),
            "methods": dict(result.methods)}
