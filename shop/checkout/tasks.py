"""Checkout's background work: baskets frozen for a checkout nobody finished."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import OperationalError

from shop.checkout.abandoned import thaw_abandoned_baskets


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, retry_backoff_max=600, retry_jitter=True,
             max_retries=8)
def thaw_baskets() -> list[int]:
    """Give buyers back the goods of checkouts abandoned with the basket frozen (see the command)."""
    report = thaw_abandoned_baskets(older_than=timedelta(minutes=settings.CHECKOUT_FROZEN_BASKET_MINUTES))
    return report.thawed
