import oscar.apps.catalogue.apps as apps
from django.db.models.signals import post_save


class CatalogueConfig(apps.CatalogueConfig):
    name = "catalog"

    def ready(self):
        super().ready()
        from catalog import monitoring
        from catalog.models import SupplyLot
        from households.monitoring import register_rule

        register_rule(monitoring.no_supply_rule)
        post_save.connect(monitoring.supply_recorded, sender=SupplyLot, dispatch_uid="supply-lot-monitoring")

        # Oscar's analytics write a counter row on every product page and every signed-in search:
        # a write on each GET, serialised on one hot row per product. Views and searches are not
        # counted; purchases and basket additions (POSTs) still are.
        from oscar.apps.analytics import receivers as analytics
        from oscar.apps.catalogue.signals import product_viewed
        from oscar.apps.search.signals import user_search

        product_viewed.disconnect(analytics.receive_product_view)
        user_search.disconnect(analytics.receive_product_search)
