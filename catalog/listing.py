"""Lists of product cards from one queryset: what each card shows is loaded with the page, and the
filters' counts are counted in SQL."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, DecimalField, Min, OuterRef, Prefetch, Q, QuerySet, Subquery
from oscar.core.loading import get_model

Product = get_model("catalogue", "Product")
ProductImage = get_model("catalogue", "ProductImage")
ProductCategory = get_model("catalogue", "ProductCategory")
StockRecord = get_model("partner", "StockRecord")

SORTS = {  # form value → ordering; "" keeps the list's own order (relevance, or newest first)
    "price-asc": ("card_price", "pk"),
    "price-desc": ("-card_price", "-pk"),
    "newest": ("-date_created", "-pk"),
    "title-asc": ("title", "pk"),
}


def with_card_price(products: QuerySet) -> QuerySet:
    """Each product's lowest stock record price as `card_price` (the filters and sorts use it)."""
    lowest = (StockRecord.objects.filter(product=OuterRef("pk"), price__isnull=False)
              .order_by("price").values("price")[:1])
    return products.annotate(card_price=Subquery(lowest, output_field=DecimalField(max_digits=12,
                                                                                      decimal_places=2)))


def for_cards(products: QuerySet) -> QuerySet:
    """`products` with what a card reads loaded alongside: class (availability), village, first
    stock record (price), images in display order — a fixed number of queries for any page."""
    return (products.select_related("product_class", "origin_village")
            .prefetch_related(Prefetch("stockrecords", queryset=StockRecord.objects.order_by("pk")),
                              Prefetch("images", queryset=ProductImage.objects.order_by("display_order", "pk"))))


def in_category(products: QuerySet, category) -> QuerySet:
    """Products in `category` or any category below it, without a join that repeats rows."""
    Category = type(category)
    below = Category.objects.filter(path__startswith=category.path, depth__gte=category.depth)
    return products.filter(pk__in=ProductCategory.objects.filter(category__in=below).values("product_id"))


def sorted_by(products: QuerySet, sort: str) -> QuerySet:
    return products.order_by(*SORTS[sort]) if sort in SORTS else products


@dataclass(frozen=True)
class PriceBand:
    index: int
    label: str
    low: Decimal | None
    high: Decimal | None

    @property
    def condition(self) -> Q:
        q = Q()
        if self.low is not None:
            q &= Q(card_price__gte=self.low)
        if self.high is not None:
            q &= Q(card_price__lt=self.high)
        return q


def price_bands() -> list[PriceBand]:
    return [PriceBand(i, str(label), None if low is None else Decimal(low), None if high is None else Decimal(high))
            for i, (label, low, high) in enumerate(settings.CATALOG_PRICE_BANDS)]


def type_counts(products: QuerySet) -> list[dict]:
    """[{"slug", "name", "count"}] of the product types among `products`, one query."""
    rows = (products.order_by().values("product_class__slug", "product_class__name")
            .annotate(count=Count("pk")).order_by("product_class__name"))
    return [{"slug": r["product_class__slug"], "name": r["product_class__name"], "count": r["count"]}
            for r in rows if r["product_class__slug"]]


def band_counts(products: QuerySet, bands: list[PriceBand]) -> dict[int, int]:
    """{band index: number of `products` priced in it}, one query: the lowest price per product
    from one pass over their stock records (not a price subquery per product and band)."""
    if not bands:
        return {}
    lowest = (StockRecord.objects.filter(product__in=products.order_by().values("pk"), price__isnull=False)
              .values("product_id").annotate(card_price=Min("price")).order_by())
    counts = lowest.aggregate(**{f"band{b.index}": Count("product_id", filter=b.condition) for b in bands})
    return {b.index: counts[f"band{b.index}"] for b in bands}


# Counts of a list (its length, its filters' counts) are kept until the catalogue changes: a
# product, stock record, category link or type saved or deleted moves this version (catalog.apps).
VERSION_KEY, FIGURES_SECONDS = "catalog:listing-version", 600


def listing_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = time.time_ns()
        cache.set(VERSION_KEY, version, None)
    return version


def listing_changed(**kwargs) -> None:
    cache.set(VERSION_KEY, time.time_ns(), None)


def cached_figure(name: str, products: QuerySet, compute):
    """compute(), kept under the SQL of `products` until the catalogue changes."""
    if products.query.is_empty():  # none(): no SQL to key on, and nothing to count
        return compute()
    digest = hashlib.sha1(str(products.query).encode()).hexdigest()
    return cache.get_or_set(f"catalog:figure:{listing_version()}:{name}:{digest}", compute, FIGURES_SECONDS)
