"""Monitoring's background work: households' warnings recomputed from the ledger, once the booking
that changed them has committed, and every night for what time alone changes; one-time codes older
than a day deleted every hour."""

from collections.abc import Iterable

from celery import shared_task
from django.db import transaction

from households import monitoring, onetime


@shared_task
def recompute_warnings(household_ids: list[int]) -> dict[str, int]:
    """Warnings of these households (after a booking or a supply lot changed them); recomputing
    twice opens nothing twice."""
    return monitoring.recompute(households=sorted(household_ids))


@shared_task
def purge_codes() -> int:
    """One-time codes sent more than a day ago, deleted (households.onetime)."""
    return onetime.purge_codes()


@shared_task
def compute_warnings() -> dict[str, int]:
    """Every household's warnings (nightly): what time alone changes (no supply for 60 days)."""
    return monitoring.recompute()


def recompute_after_commit(household_ids: Iterable[int]) -> None:
    """Recompute these households once the booking that changed them has committed: once per
    transaction, however many entries or lots it wrote."""
    connection = transaction.get_connection()
    if not connection.run_on_commit:
        # Nothing waits for a commit: ids left from a transaction that rolled back are stale.
        connection.__dict__.pop("_monitoring_pending", None)
    pending = connection.__dict__.setdefault("_monitoring_pending", set())
    pending.update(household_ids)
    transaction.on_commit(_recompute_pending, robust=True)


def _recompute_pending() -> None:
    ids = transaction.get_connection().__dict__.pop("_monitoring_pending", set())
    if ids:
        # A worker's job with a broker; in-process, here and now (the booking has committed).
        recompute_warnings.delay(sorted(ids))
