"""Lists of product cards from one queryset: what each card shows is loaded with the page, and the
filters' counts are counted in SQL."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import DecimalField, OuterRef, Prefetch, Q, QuerySet, Subquery
from oscar.core.loading import get_model

from core.versions import Version

Product = get_model("catalogue", "Product")
ProductImage = get_model("catalogue", "ProductImage")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductClass = get_model("catalogue", "ProductClass")
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


@dataclass(frozen=True)
class FacetCount:
    type_slug: str | None
    type_name: str | None
    band: int | None  # index of the price band; None: no price, or in none of the bands
    count: int


def facet_counts(products: QuerySet, bands: list[PriceBand]) -> list[FacetCount]:
    """How many of `products` there are of each product type in each price band, one query: both
    filters' counts are sums of these (each with the other filter applied). A product's price is
    its lowest stock record price, from one pass over the listed products' stock records."""
    try:
        listed, listed_params = products.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # none(), or a filter nothing can pass
        return []
    qn = connection.ops.quote_name
    cases, case_params = [], []
    for band in bands:
        bounds = []
        for bound, op in ((band.low, ">="), (band.high, "<")):
            if bound is not None:
                bounds.append(f"s.lowest {op} CAST(%s AS NUMERIC)")
                case_params.append(str(bound))
        cases.append(f"WHEN {' AND '.join(bounds) or 's.lowest IS NOT NULL'} THEN {band.index}")
    band = f"CASE {' '.join(cases)} END" if cases else "NULL"
    sql = f"""
        SELECT c.slug, c.name, {band}, COUNT(*)
        FROM (SELECT p.id, p.product_class_id, MIN(sr.price) AS lowest
              FROM {qn(Product._meta.db_table)} p
              LEFT JOIN {qn(StockRecord._meta.db_table)} sr ON sr.product_id = p.id AND sr.price IS NOT NULL
              WHERE p.id IN ({listed}) GROUP BY p.id, p.product_class_id) s
        LEFT JOIN {qn(ProductClass._meta.db_table)} c ON c.id = s.product_class_id
        GROUP BY 1, 2, 3"""
    with connection.cursor() as cursor:
        cursor.execute(sql, [*case_params, *listed_params])
        return [FacetCount(slug, name, band, count) for slug, name, band, count in cursor.fetchall()]


# Counts of a list (its length, its filters' counts) are kept until the catalogue changes: a
# product, stock record, category link or type saved or deleted moves this version (catalog.receivers).
LISTING_VERSION, FIGURES_SECONDS = Version("catalog:listing-version"), 600


def listing_version() -> int:
    return LISTING_VERSION.current()


def cached_figure(name: str, products: QuerySet, compute):
    """compute(), kept under the SQL of `products` until the catalogue changes."""
    if products.query.is_empty():  # none(): no SQL to key on, and nothing to count
        return compute()
    return kept_figure(name, str(products.query), compute)


def kept_figure(name: str, key: str, compute):
    """compute(), kept under `key` until the catalogue changes."""
    digest = hashlib.sha1(key.encode()).hexdigest()
    return cache.get_or_set(f"catalog:figure:{listing_version()}:{name}:{digest}", compute, FIGURES_SECONDS)
