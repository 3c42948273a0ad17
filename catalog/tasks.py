"""The catalogue's background work: thumbnails of product photos."""

from celery import shared_task
from django.conf import settings
from django.db import OperationalError

from catalog import thumbnails

# What passes (the database or the storage away for a moment) is tried again, with growing pauses.
RETRIED = {"autoretry_for": (OperationalError, OSError), "retry_backoff": True, "retry_backoff_max": 600,
           "retry_jitter": True, "max_retries": 8}


@shared_task(**RETRIED)
def make_thumbnails(image_id: int) -> int:
    """Every size of a product photo's thumbnail (making them again replaces them)."""
    return len(thumbnails.make_thumbnails(image_id))


@shared_task(**RETRIED)
def make_missing_thumbnails() -> int:
    """Thumbnails a failed task or a new size left unmade."""
    from catalog.models import ProductImage

    keys = {thumbnails.thumbnail_key(size, **options) for size, options in settings.CATALOG_THUMBNAILS}
    missing = [pk for pk, made in ProductImage.objects.values_list("pk", "thumbnails").iterator()
               if not keys <= set(made or {})]
    for image_id in missing:
        thumbnails.make_thumbnails(image_id)
    return len(missing)
