"""The catalogue's filters — product type and price band — in the shape Oscar's templates read
(facet_data), counted in SQL by catalog.listing. Each filter is counted with the other filter
applied, so a count says what choosing it would show."""

from collections import Counter
from urllib.parse import urlencode

from django.utils.translation import gettext_lazy as _

from catalog import listing

TYPE, PRICE = "product_class", "price_range"


class Facets:
    def __init__(self, *, selected: list[str], params):
        self.params = params  # the request's GET (a QueryDict)
        self.bands = listing.price_bands()
        self.types = set()
        self.band_indexes = set()
        for value in selected:
            field, _sep, choice = value.partition(":")
            if field == TYPE and choice:
                self.types.add(choice)
            elif field == PRICE and choice.isdigit() and int(choice) < len(self.bands):
                self.band_indexes.add(int(choice))
        self.selected = sorted({f"{TYPE}:{t}" for t in self.types} | {f"{PRICE}:{i}" for i in self.band_indexes})

    def _by_type(self, products):
        return products.filter(product_class__slug__in=self.types) if self.types else products

    def _by_price(self, products):
        if not self.band_indexes:
            return products
        condition = None
        for band in self.bands:
            if band.index in self.band_indexes:
                condition = band.condition if condition is None else condition | band.condition
        return products.filter(condition)

    def apply(self, products):
        """`products` (with card_price) narrowed to the chosen filters."""
        return self._by_price(self._by_type(products))

    def _url(self, selected):
        query = [(k, v) for k, vs in self.params.lists() if k not in ("selected_facets", "page") for v in vs]
        query += [("selected_facets", value) for value in sorted(selected)]
        return "?" + urlencode(query)

    def _item(self, key, name, count):
        chosen = key in self.selected
        return {"name": name, "count": count, "show_count": True, "selected": chosen,
                "disabled": count == 0 and not chosen,
                "select_url": self._url(set(self.selected) | {key}),
                "deselect_url": self._url(set(self.selected) - {key})}

    def data(self, products) -> dict:
        """Oscar's facet_data for `products` before the filters are applied (one query): a type's
        count is what choosing it would show with the chosen price bands, and the other way round."""
        cells = listing.cached_figure("facets", products, lambda: listing.facet_counts(products, self.bands))
        names = {cell.type_slug: cell.type_name for cell in cells if cell.type_slug}
        types, bands = Counter(), Counter()
        for cell in cells:
            if cell.type_slug and (not self.band_indexes or cell.band in self.band_indexes):
                types[cell.type_slug] += cell.count
            if not self.types or cell.type_slug in self.types:
                bands[cell.band] += cell.count
        # A chosen type stays listed (to be unchosen) when no product is left in it.
        shown = sorted((slug for slug in names if types[slug] or slug in self.types), key=names.get)
        return {
            TYPE: {"name": _("Type"), "results": [self._item(f"{TYPE}:{slug}", names[slug], types[slug])
                                                  for slug in shown]},
            PRICE: {"name": _("Price range"), "results": [self._item(f"{PRICE}:{b.index}", b.label, bands[b.index])
                                                          for b in self.bands]},
        }
