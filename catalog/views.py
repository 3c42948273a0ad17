from django.conf import settings
from oscar.apps.catalogue import views as oscar_views
from oscar.apps.catalogue.views import *  # noqa: F403 (Oscar fork pattern)

from catalog.browsing import oldest_supply_in_stock, public_producers
from catalog.listing import for_cards


class ProductDetailView(oscar_views.ProductDetailView):
    """Oscar's product page, plus where the goods come from and who supplies them."""

    def get_queryset(self):
        # The product with its class, village and town, stock records and images in three queries.
        return for_cards(super().get_queryset()).select_related("origin_village__town")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        product = self.object
        ctx["origin_village"] = product.origin_village
        ctx["producers"] = public_producers(product)
        ctx["oldest_supply"] = oldest_supply_in_stock(product)
        ctx["claim_hours"] = settings.AFTERSALES_CLAIM_HOURS
        return ctx
