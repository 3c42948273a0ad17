"""The catalogue, category and search pages as lists from the database (Oscar's were Haystack's)."""

from urllib.parse import unquote

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView
from oscar.core.loading import get_model

from catalog import listing, searching
from shop.search.facets import Facets
from shop.search.forms import BrowseCategoryForm, CategoryForm, SearchForm
from shop.search.templatetags.card_tags import storefront_version

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")


class CountedPaginator(Paginator):
    """Django's paginator, the list's length kept with the catalogue's other figures."""

    @property
    def count(self):
        if not hasattr(self, "_count"):
            if isinstance(self.object_list, QuerySet):
                self._count = listing.cached_figure("count", self.object_list, self.object_list.count)
            else:
                self._count = len(self.object_list)
        return self._count


class RankedProducts:
    """Search results in order of relevance, for the paginator: `products` in the order of
    `ranked_ids`. When filters narrow the list, which of the ids pass them
    is one narrow query, kept with the list's other figures; a page is a queryset of its own ids
    (they passed the filters already: no need to send them all again)."""

    ordered = True

    def __init__(self, products: QuerySet, ranked_ids: list[int], *, filtered: bool):
        self.products, self.ranked_ids, self.filtered = products, ranked_ids, filtered

    @cached_property
    def ids(self) -> list[int]:
        if not self.filtered:
            return self.ranked_ids

        def passing():
            kept = set(self.products.order_by().values_list("pk", flat=True))
            return [pk for pk in self.ranked_ids if pk in kept]

        return listing.cached_figure("ranked", self.products, passing)

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index: slice) -> QuerySet:
        ids = self.ids[index]
        if not ids:
            return Product.objects.none()
        position = Case(*[When(pk=pk, then=Value(n)) for n, pk in enumerate(ids)], output_field=IntegerField())
        return Product.objects.filter(pk__in=ids).order_by(position)


class ProductListView(ListView):
    """A page of product cards with Oscar's filters and sorts; its templates read what Oscar's
    Haystack views gave them (products, paginator, page_obj, facet_data, selected_facets, form)."""

    form_class = BrowseCategoryForm
    context_object_name = "products"
    paginate_by = settings.OSCAR_PRODUCTS_PER_PAGE
    paginator_class = CountedPaginator
    invalid_page_url = "catalogue:index"

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            messages.error(request, _("The given page number was invalid."))
            return redirect(self.invalid_page_url)

    def get_form(self):
        return self.form_class(self.request.GET)

    def get_products(self):
        return Product.objects.browsable()

    def get_queryset(self):
        self.form = self.get_form()
        self.facets = Facets(selected=self.request.GET.getlist("selected_facets"), params=self.request.GET)
        self.matching = listing.with_card_price(self.get_products())
        # A page is read as ids only: its cards load what they show (shop.search card_tags).
        return listing.sorted_by(self.facets.apply(self.matching), self.form.sort)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        facet_data = self.facets.data(self.matching)
        ctx.update(form=self.form, facet_data=facet_data, selected_facets=self.facets.selected,
                   has_facets=any(data["results"] for data in facet_data.values()),
                   list_version=storefront_version(self.request))
        return ctx


class CatalogueView(ProductListView):
    template_name = "oscar/catalogue/browse.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "summary": _("All products")}


class ProductCategoryView(ProductListView):
    form_class = CategoryForm
    template_name = "oscar/catalogue/category.html"

    def get(self, request, *args, **kwargs):
        self.category = get_object_or_404(Category, pk=self.kwargs["pk"])
        if not (self.category.is_public or request.user.is_staff):
            raise Http404()
        # Categories are found by primary key so that slugs may change: send old paths on.
        expected = self.category.get_absolute_url()
        if unquote(expected) != unquote(request.path):
            return HttpResponsePermanentRedirect(expected)
        self.invalid_page_url = expected
        return super().get(request, *args, **kwargs)

    def get_products(self):
        return listing.in_category(super().get_products(), self.category)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "category": self.category}


class FacetedSearchView(ProductListView):
    form_class = SearchForm
    template_name = "oscar/search/results.html"
    invalid_page_url = "search:search"

    def get_products(self):
        query, products = self.form.query, super().get_products()
        # One full-text match per query and catalogue version, among the goods on sale; the
        # count, filters and pages work from its ids.
        self.ranked_ids = listing.kept_figure("search", f"{query}\n{products.query}",
                                              lambda: searching.ranked_ids(query, among=products))
        return searching.within(products, self.ranked_ids)

    def get_queryset(self):
        products = super().get_queryset()
        # A sort the buyer chose is SQL's; relevance is the full-text match's own order.
        if self.form.sort or not self.ranked_ids:
            return products
        return RankedProducts(products, self.ranked_ids, filtered=bool(self.facets.selected))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        # Oscar's search template names the page "page" and the form "search_form".
        ctx.update(query=self.form.query, search_form=self.form, page=ctx["page_obj"])
        return ctx
