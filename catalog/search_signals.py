"""Keep the search words current: a product is reindexed in the transaction that saves it, and
the products of a renamed village, town or product type with it."""

from oscar.core.loading import get_model

from catalog.searching import index_product, index_products

Product = get_model("catalogue", "Product")


def product_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        index_product(instance)


def village_saved(sender, instance, created=False, raw=False, **kwargs):
    if not (raw or created):
        index_products(Product.objects.filter(origin_village=instance))


def town_saved(sender, instance, created=False, raw=False, **kwargs):
    if not (raw or created):
        index_products(Product.objects.filter(origin_village__town=instance))


def product_class_saved(sender, instance, created=False, raw=False, **kwargs):
    if not (raw or created):
        index_products(Product.objects.filter(product_class=instance))
