"""Checkout's background work: baskets frozen for a checkout nobody finished."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings

from shop.checkout.abandoned import thaw_abandoned_baskets


@shared_task
def thaw_baskets() -> list[int]:
    """Give buyers back the goods of checkouts abandoned with the basket frozen (see the command)."""
    report = thaw_abandoned_baskets(older_than=timedelta(minutes=settings.CHECKOUT_FROZEN_BASKET_MINUTES))
    return report.thawed
