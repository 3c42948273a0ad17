"""The stories' background work: the renditions of village photos."""

from celery import shared_task
from django.db import OperationalError

from cms import renditions


@shared_task(autoretry_for=(OperationalError, OSError), retry_backoff=True, retry_backoff_max=600, retry_jitter=True,
             max_retries=8)
def make_renditions(image_id: int) -> int:
    return renditions.make_renditions(image_id)


@shared_task(autoretry_for=(OperationalError, OSError), retry_backoff=True, retry_backoff_max=600, retry_jitter=True,
             max_retries=8)
def make_missing_renditions() -> int:
    return renditions.make_missing_renditions()
