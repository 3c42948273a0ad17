"""Product cards rendered once and kept: a page of cards costs a cache round trip when its goods,
prices, stock and the bus timetable have not changed."""

import hashlib
import time

from django import template
from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from django.utils.safestring import mark_safe
from oscar.core.loading import get_model
from oscar.templatetags.product_tags import render_product

from catalog import listing
from catalog.browsing import units_sold_recently
from core.versions import Version
from logistics.estimates import timetable_version
from logistics.templatetags.delivery_tags import buyer_province, card_estimates

register = template.Library()
Product = get_model("catalogue", "Product")
CARD_SECONDS = 600  # also how old a card's "sold in 30 days" and arrival date may be


def card_key(state: tuple, *, province: str, timetable: int, bucket: int) -> str:
    """Everything a card shows depends on: the product's state (card_states), the language, where
    the buyer sends to, the timetable and the ten-minute clock."""
    digest = hashlib.sha1(repr(state).encode()).hexdigest()
    return f"card:{translation.get_language()}:{province}:{timetable}:{bucket}:{digest}"


def _state(pk, date_updated, rating, title_en, stock, images) -> tuple:
    return (pk, date_updated, rating, title_en, sorted(stock),
            [(image, name, thumbnails) for _order, image, name, thumbnails in sorted(images)])


def _thumbnails(made) -> tuple:  # JSON: made hashable
    return tuple(sorted((size, repr(path)) for size, path in (made or {}).items()))


def card_states(ids: list[int]) -> dict[int, tuple]:
    """{pk: card state} of the products `ids` read as plain values (no product is loaded), in one
    query: a card that is kept costs no more than this."""
    states = {}
    rows = (Product.objects.filter(pk__in=ids).order_by()
            .values_list("pk", "date_updated", "rating", "title_en",
                         "stockrecords__pk", "stockrecords__price", "stockrecords__num_in_stock",
                         "stockrecords__num_allocated", "stockrecords__date_updated",
                         "images__display_order", "images__pk", "images__original", "images__thumbnails"))
    for pk, updated, rating, title_en, *stock, order, image, name, thumbnails in rows:
        product = states.setdefault(pk, (updated, rating, title_en, set(), set()))
        if stock[0] is not None:
            product[3].add(tuple(stock))
        if image is not None:
            product[4].add((order, image, name, _thumbnails(thumbnails)))
    return {pk: _state(pk, updated, rating, title_en, list(stock), list(images))
            for pk, (updated, rating, title_en, stock, images) in states.items()}


def storefront_version(request) -> str:
    """What a kept page of goods depends on besides its address and language: the versions of what
    the storefront's pages show (settings.STOREFRONT_VERSIONS: the catalogue's goods, prices and
    stock, the timetable's arrival dates, the published stories the pages link), the buyer's
    province and a ten-minute clock ("sold in 30 days", the next bus)."""
    version = getattr(request, "_storefront_version", None)
    if version is None:
        # The versions come with the request's first cache round trip (config.cache).
        destination = buyer_province({"request": request})
        parts = [*(Version(key).current() for key in settings.STOREFRONT_VERSIONS),
                 int(time.time() // CARD_SECONDS), destination.province_code if destination else ""]
        version = request._storefront_version = ".".join(map(str, parts))
    return version


@register.simple_tag(name="storefront_version", takes_context=True)
def storefront_version_tag(context):
    return storefront_version(context["request"])


@register.simple_tag(takes_context=True)
def product_cards(context, products):
    """The HTML of each product's card, from the cache or rendered now (then kept). `products` is
    a page of a queryset: only the goods whose card is not kept are loaded."""
    ids = list(products.prefetch_related(None).values_list("pk", flat=True))
    states = card_states(ids) if ids else {}
    ids = [pk for pk in ids if pk in states]
    destination = buyer_province(context)
    province = destination.province_code if destination else ""
    timetable, bucket = timetable_version(), int(time.time() // CARD_SECONDS)
    keys = {pk: card_key(states[pk], province=province, timetable=timetable, bucket=bucket) for pk in ids}
    cards = cache.get_many(list(keys.values()))
    missing = [pk for pk in ids if keys[pk] not in cards]
    if missing:
        loaded = {p.pk: p for p in listing.for_cards(Product.objects.filter(pk__in=missing))}
        goods = [loaded[pk] for pk in missing]
        with context.push(cards_sold=units_sold_recently(p.pk for p in goods),
                          cards_eta=card_estimates(goods, destination)):
            made = {keys[p.pk]: str(render_product(context, p)) for p in goods}
        cache.set_many(made, CARD_SECONDS)
        cards.update(made)
    return [mark_safe(cards[keys[pk]]) for pk in ids]


@register.filter
def in_first_view(card: str, first: bool) -> str:
    """A kept card at the top of the page, where a phone shows it before any scrolling: its photo
    is not lazy (a lazy image is fetched after layout), and the first card's is fetched first (it
    is the page's largest paint)."""
    return mark_safe(card.replace(' loading="lazy"', ' fetchpriority="high"' if first else "", 1))
