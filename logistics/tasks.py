"""Logistics' background work: the batch that plans every open parcel again."""

from celery import shared_task

from logistics import planning


@shared_task
def replan_runs() -> dict[str, int | dict[str, int]]:
    """Plan every open consignment again (waiting ones, and booked ones beyond the packing freeze)
    and flag those whose time ran out; planning twice moves nothing twice."""
    result = planning.replan()
    if result is None:
        return {"planned": 0}
    return {"planned": len(result.runs), "waiting": sum(1 for key in result.runs.values() if key is None),
            "methods": dict(result.methods)}
