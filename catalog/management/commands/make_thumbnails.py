from django.conf import settings
from django.core.management.base import BaseCommand
from oscar.core.loading import get_model

from catalog.thumbnails import make_thumbnails, thumbnail_key

ProductImage = get_model("catalogue", "ProductImage")


class Command(BaseCommand):
    help = ("Make the product images' thumbnails that are missing (after a size was added to "
            "CATALOG_THUMBNAILS, or for images saved before thumbnails were made on save).")

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Remake every image's thumbnails.")

    def handle(self, *args, all=False, **options):
        keys = {thumbnail_key(size, **opts) for size, opts in settings.CATALOG_THUMBNAILS}
        made = 0
        for image_id, thumbnails in ProductImage.objects.values_list("pk", "thumbnails").iterator():
            if all or not keys <= set(thumbnails or {}):
                make_thumbnails(image_id)
                made += 1
        self.stdout.write(f"thumbnails made for {made} images")
