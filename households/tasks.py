"""Monitoring's background work: households' warnings recomputed from the ledger."""

from celery import shared_task
from django.db import OperationalError

from households import monitoring

RETRIED = {"autoretry_for": (OperationalError,), "retry_backoff": True, "retry_backoff_max": 600,
           "retry_jitter": True, "max_retries": 8}


@shared_task(**RETRIED)
def recompute_warnings(household_ids: list[int]) -> dict:
    """Warnings of these households (after a booking or a supply lot changed them); recomputing
    twice opens nothing twice."""
    return monitoring.recompute(households=sorted(household_ids))


@shared_task(**RETRIED)
def compute_warnings() -> dict:
    """Every household's warnings (nightly): what time alone changes (no supply for 60 days)."""
    return monitoring.recompute()
