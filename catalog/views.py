from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch
from django.utils.functional import SimpleLazyObject
from oscar.apps.catalogue import views as oscar_views
from oscar.apps.catalogue.views import *  # noqa: F403 (Oscar fork pattern)
from oscar.core.loading import get_model

from catalog import listing
from catalog.browsing import oldest_supply_in_stock, public_producers
from catalog.listing import StockRecord

Option = get_model("catalogue", "Option")


class ProductDetailView(oscar_views.ProductDetailView):
    """Oscar's product page, plus where the goods come from and who supplies them."""

    def get_queryset(self):
        # The product with its class, village and town, and its stock records, in two queries; the
        # photos are read only when the page's body is rendered anew (it is kept: {% cache %}).
        # Whether it has options (the buy bar's form asks) comes with it, as in Oscar's lists.
        return (super().get_queryset().select_related("product_class", "origin_village__town")
                .annotate(has_product_class_options=Exists(Option.objects.filter(productclass=OuterRef("product_class"))),
                          has_product_options=Exists(Option.objects.filter(product=OuterRef("pk"))))
                .prefetch_related(Prefetch("stockrecords", queryset=StockRecord.objects.order_by("pk"))))

    def get_object(self, queryset=None):
        # Kept with its stock records until the catalogue changes (catalog.listing: a product or
        # stock record saved moves the version), so that a kept page reads no row at all.
        if not hasattr(self, "object"):
            self.object = listing.kept_figure("product", str(self.kwargs.get("pk")),
                                              lambda: super(ProductDetailView, self).get_object(queryset))
        return self.object

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        product = self.object
        ctx["origin_village"] = product.origin_village
        # Read only when the page is rendered anew (its body is kept: templates' {% cache %}).
        ctx["producers"] = SimpleLazyObject(lambda: public_producers(product))
        ctx["oldest_supply"] = SimpleLazyObject(lambda: oldest_supply_in_stock(product))
        ctx["claim_hours"] = settings.AFTERSALES_CLAIM_HOURS
        return ctx
