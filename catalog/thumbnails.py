"""Product thumbnails made when an image is saved, never while a page is served.

``make_thumbnails`` renders every size the templates ask for (settings.CATALOG_THUMBNAILS) with
sorl-thumbnail and keeps their names on the image, so that a page of cards reads them with the
images it already loaded: no resize, no key-value lookup and no write per card. A size not made
yet shows a placeholder; ``manage.py make_thumbnails`` fills any gap (after a size is added).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.templatetags.static import static
from oscar.apps.catalogue.abstract_models import MissingProductImage
from oscar.core.loading import get_model
from oscar.core.thumbnails import SorlThumbnail

logger = logging.getLogger(__name__)
PLACEHOLDER = "shop/img/placeholder.svg"


def thumbnail_key(size: str, **options) -> str:
    """'320x320 crop=center upscale=False': one thumbnail's size and options, as the templates
    pass them to {% oscar_thumbnail %}."""
    return " ".join([size] + [f"{k}={options[k]}" for k in sorted(options)])


@dataclass(frozen=True)
class Thumbnail:
    url: str
    width: int | None
    height: int | None


def _sorl_size(size: str) -> str:
    width, _x, height = size.partition("x")
    return size if height else width  # sorl takes "320x320", "320" or "x155", not "320x"


def make_thumbnails(image_id: int) -> dict:
    """Render every configured thumbnail of one product image and record them on it."""
    from sorl.thumbnail import get_thumbnail

    ProductImage = get_model("catalogue", "ProductImage")
    image = ProductImage.objects.filter(pk=image_id).first()
    if image is None or not image.original:
        return {}
    made = {}
    for size, options in settings.CATALOG_THUMBNAILS:
        try:
            thumb = get_thumbnail(image.original, _sorl_size(size), **options)
        except Exception:  # a broken upload must not stop the others; it keeps its placeholder
            logger.exception("thumbnail %s of product image %s failed", size, image_id)
            continue
        made[thumbnail_key(size, **options)] = {"name": thumb.name, "width": thumb.width, "height": thumb.height}
    ProductImage.objects.filter(pk=image_id).update(thumbnails=made)
    return made


class PrebuiltThumbnailer(SorlThumbnail):
    """Oscar's thumbnailer (settings.OSCAR_THUMBNAILER) for {% oscar_thumbnail %}: a product image's
    thumbnails come from what make_thumbnails recorded, or a placeholder; other images (the
    dashboard's upload widget) still go through sorl-thumbnail."""

    def generate_thumbnail(self, source, **options):
        size = options.pop("size")
        # A product without a photo: Oscar's primary_image gives the missing image's name.
        if isinstance(source, MissingProductImage) or source == settings.OSCAR_MISSING_IMAGE_URL:
            return self.placeholder(size)
        thumbnails = getattr(getattr(source, "instance", None), "thumbnails", None)
        if not isinstance(thumbnails, dict) or getattr(getattr(source, "field", None), "name", "") != "original":
            return super().generate_thumbnail(source, size=size, **options)
        made = thumbnails.get(thumbnail_key(size, **options))
        if made:
            return Thumbnail(url=source.storage.url(made["name"]), width=made["width"], height=made["height"])
        return self.placeholder(size)

    @staticmethod
    def placeholder(size: str) -> Thumbnail:
        width, _x, height = size.partition("x")
        return Thumbnail(url=static(PLACEHOLDER), width=int(width or height or 0) or None,
                         height=int(height or width or 0) or None)
