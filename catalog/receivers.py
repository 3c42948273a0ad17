"""What the catalogue does when goods, photos, villages or supply change: search words kept
current, thumbnails made, kept pages and category links forgotten, households' warnings
recomputed; and what of Oscar's own receivers it turns off.

Oscar's analytics write a counter row on every product page, and its history receiver sets a
recently-viewed cookie on it: a write on each GET (serialised on one hot row per product) and a
page no cache may share. Views are not counted; purchases and basket additions (POSTs) still are.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from oscar.apps.analytics import receivers as analytics
from oscar.apps.catalogue.signals import product_viewed
from oscar.apps.customer import receivers as history

from catalog import (
    monitoring,  # noqa: F401 (registers the no-supply rule with households.monitoring)
    navigation,
)
from catalog.listing import LISTING_VERSION
from catalog.models import (
    Category,
    LotAllocation,
    Product,
    ProductCategory,
    ProductClass,
    ProductImage,
    SearchEntry,
    SearchSynonym,
    SupplyLot,
)
from catalog.searching import index_product, index_products
from catalog.tasks import make_thumbnails
from households.models import Town, Village
from households.tasks import recompute_after_commit

product_viewed.disconnect(analytics.receive_product_view)
product_viewed.disconnect(history.receive_product_view)

# --- search words -------------------------------------------------------------------------------
# A product is reindexed in the transaction that saves it, and the products of a renamed village,
# town or product type with it.


@receiver(post_save, sender=Product, dispatch_uid="search-product")
def product_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        index_product(instance)


@receiver(post_save, sender=Village, dispatch_uid="search-village")
def village_saved(sender, instance, created=False, raw=False, **kwargs):
    if not (raw or created):
        index_products(Product.objects.filter(origin_village=instance))


@receiver(post_save, sender=Town, dispatch_uid="search-town")
def town_saved(sender, instance, created=False, raw=False, **kwargs):
    if not (raw or created):
        index_products(Product.objects.filter(origin_village__town=instance))


@receiver(post_save, sender=ProductClass, dispatch_uid="search-class")
def product_class_saved(sender, instance, created=False, raw=False, **kwargs):
    if not (raw or created):
        index_products(Product.objects.filter(product_class=instance))


# --- photos, category links, kept pages ---------------------------------------------------------

@receiver(post_save, sender=ProductImage, dispatch_uid="product-image-thumbnails")
def image_saved(sender, instance, raw=False, **kwargs):
    """A product photo's thumbnails, made by a task once the upload is committed."""
    if not raw and instance.original:
        make_thumbnails.delay_on_commit(instance.pk)


@receiver(post_save, sender=Category, dispatch_uid="navigation-saved")
@receiver(post_delete, sender=Category, dispatch_uid="navigation-deleted")
def categories_changed(**kwargs):
    navigation.forget_categories()


# What the kept pages of goods show (shop.search card_tags): goods, prices, stock, categories,
# search words and synonyms, and the supply behind "supplied by" and "brought on".
LISTED = (Product, ProductCategory, ProductClass, ProductImage, Category, SearchEntry, SearchSynonym,
          SupplyLot, LotAllocation, "partner.StockRecord")


def listing_changed(**kwargs):
    LISTING_VERSION.move()


for _model in LISTED:
    _name = _model if isinstance(_model, str) else _model.__name__
    receiver(post_save, sender=_model, dispatch_uid=f"listing-saved-{_name}")(listing_changed)
    receiver(post_delete, sender=_model, dispatch_uid=f"listing-deleted-{_name}")(listing_changed)


# --- households' warnings -----------------------------------------------------------------------

@receiver(post_save, sender=SupplyLot, dispatch_uid="supply-lot-monitoring")
def supply_recorded(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        recompute_after_commit([instance.household_id])
