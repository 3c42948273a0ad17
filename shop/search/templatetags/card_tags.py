"""Product cards rendered once and kept: a page of cards costs a cache round trip when its goods,
prices, stock and the bus timetable have not changed."""

import hashlib
import time

from django import template
from django.core.cache import cache
from django.utils import translation
from django.utils.safestring import mark_safe
from oscar.templatetags.product_tags import render_product

from catalog import listing
from catalog.browsing import units_sold_recently
from catalog.listing import listing_version
from cms import caching
from cms.caching import pages_version
from logistics import estimates
from logistics.estimates import timetable_version
from logistics.templatetags.delivery_tags import buyer_province, card_estimates

register = template.Library()
CARD_SECONDS = 600  # also how old a card's "sold in 30 days" and arrival date may be


def card_key(product, *, province: str, timetable: int, bucket: int) -> str:
    """Everything a card shows depends on: the product and its class, stock records and images as
    loaded for the page, the language, where the buyer sends to and the timetable."""
    state = (
        product.pk, product.date_updated, product.rating, product.title_en,
        [(s.pk, s.price, s.num_in_stock, s.num_allocated, s.date_updated) for s in product.stockrecords.all()],
        [(i.pk, i.original.name, sorted((i.thumbnails or {}).items())) for i in product.images.all()],
    )
    digest = hashlib.sha1(repr(state).encode()).hexdigest()
    return f"card:{translation.get_language()}:{province}:{timetable}:{bucket}:{digest}"


def storefront_version(request) -> str:
    """What a kept page of goods depends on besides its address and language: the catalogue
    (goods, prices, stock), the timetable (arrival dates), the published stories, the buyer's
    province and a ten-minute clock ("sold in 30 days", the next bus)."""
    version = getattr(request, "_storefront_version", None)
    if version is None:
        # One cache round trip for the three versions (each app keeps its own).
        sources = {listing.VERSION_KEY: listing_version, estimates.TIMETABLE_VERSION_KEY: timetable_version,
                   caching.VERSION_KEY: pages_version}
        found = cache.get_many(list(sources))
        destination = buyer_province({"request": request})
        parts = [found.get(key) or read() for key, read in sources.items()]
        parts += [int(time.time() // CARD_SECONDS), destination.province_code if destination else ""]
        version = request._storefront_version = ".".join(map(str, parts))
    return version


@register.simple_tag(name="storefront_version", takes_context=True)
def storefront_version_tag(context):
    return storefront_version(context["request"])


@register.simple_tag(takes_context=True)
def product_cards(context, products):
    """The HTML of each product's card, from the cache or rendered now (then kept)."""
    products = list(products)
    destination = buyer_province(context)
    province = destination.province_code if destination else ""
    timetable, bucket = timetable_version(), int(time.time() // CARD_SECONDS)
    keys = [card_key(p, province=province, timetable=timetable, bucket=bucket) for p in products]
    cards = cache.get_many(keys)
    missing = [(key, p) for key, p in zip(keys, products) if key not in cards]
    if missing:
        goods = [p for _key, p in missing]
        with context.push(cards_sold=units_sold_recently(p.pk for p in goods),
                          cards_eta=card_estimates(goods, destination)):
            made = {key: str(render_product(context, p)) for key, p in missing}
        cache.set_many(made, CARD_SECONDS)
        cards.update(made)
    return [mark_safe(cards[key]) for key in keys]
