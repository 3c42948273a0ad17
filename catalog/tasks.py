"""The catalogue's background work: thumbnails of product photos, lots past their shelf life."""

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from catalog import expiry, thumbnails
from catalog.models import ProductImage


@shared_task
def make_thumbnails(image_id: int) -> int:
    """Every size of a product photo's thumbnail (making them again replaces them)."""
    return len(thumbnails.make_thumbnails(image_id))


@shared_task
def make_missing_thumbnails() -> int:
    """Thumbnails a failed task or a new size left unmade."""
    keys = {thumbnails.thumbnail_key(size, **options) for size, options in settings.CATALOG_THUMBNAILS}
    missing = [pk for pk, made in ProductImage.objects.values_list("pk", "thumbnails").iterator()
               if not keys <= set(made or {})]
    for image_id in missing:
        thumbnails.make_thumbnails(image_id)
    return len(missing)


@shared_task
def write_off_expired_lots() -> int:
    """Every lot past its shelf life off sale (catalog.expiry); the number of lots written off."""
    return len(expiry.write_off_expired(on=timezone.localdate()))
