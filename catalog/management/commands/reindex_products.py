from django.core.management.base import BaseCommand
from django.db import transaction
from oscar.core.loading import get_model

from catalog.searching import index_products

Product = get_model("catalogue", "Product")


class Command(BaseCommand):
    help = ("Rewrite every product's search words. Saving a product already does this; run it after "
            "jieba or the segmentation rules change.")

    def handle(self, *args, **options):
        with transaction.atomic():
            count = index_products(Product.objects.all())
        self.stdout.write(f"{count} products indexed")
