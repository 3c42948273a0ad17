from django.urls import path
from django.utils.translation import gettext_lazy as _
from oscar.core.application import OscarConfig
from oscar.core.loading import get_class


class SearchConfig(OscarConfig):
    """Oscar's search app, forked to search the database (catalog.searching) instead of Haystack:
    every app server sees the same index, and the catalogue lists come from one queryset."""

    label = "search"
    name = "shop.search"
    verbose_name = _("Search")
    namespace = "search"

    def ready(self):
        self.search_view = get_class("search.views", "FacetedSearchView")

    def get_urls(self):
        return self.post_process_urls([path("", self.search_view.as_view(), name="search")])
