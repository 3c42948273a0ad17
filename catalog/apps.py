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
