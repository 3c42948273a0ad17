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

        # Oscar's analytics write a counter row on every product page, and its history receiver sets
        # a recently-viewed cookie on it: a write on each GET (serialised on one hot row per
        # product) and a page no cache may share. Views are not counted; purchases and basket
        # additions (POSTs) still are.
        from oscar.apps.analytics import receivers as analytics
        from oscar.apps.catalogue.signals import product_viewed
        from oscar.apps.customer import receivers as history

        product_viewed.disconnect(analytics.receive_product_view)
        product_viewed.disconnect(history.receive_product_view)

        from django.db.models.signals import post_delete
        from oscar.core.loading import get_model

        from catalog import listing, navigation, search_signals, thumbnails
        from catalog.models import (
            Category,
            LotAllocation,
            Product,
            ProductCategory,
            ProductClass,
            ProductImage,
            SearchEntry,
            SearchSynonym,
        )
        from households.models import Town, Village

        post_save.connect(search_signals.product_saved, sender=Product, dispatch_uid="search-product")
        post_save.connect(search_signals.village_saved, sender=Village, dispatch_uid="search-village")
        post_save.connect(search_signals.town_saved, sender=Town, dispatch_uid="search-town")
        post_save.connect(search_signals.product_class_saved, sender=ProductClass, dispatch_uid="search-class")
        post_save.connect(thumbnails.image_saved, sender=ProductImage, dispatch_uid="product-image-thumbnails")
        post_save.connect(navigation.forget_categories, sender=Category, dispatch_uid="navigation-saved")
        post_delete.connect(navigation.forget_categories, sender=Category, dispatch_uid="navigation-deleted")
        # What the kept pages of goods show (shop.search card_tags): goods, prices, stock, categories,
        # search words and synonyms, and the supply behind "supplied by" and "brought on".
        for model in (Product, ProductCategory, ProductClass, ProductImage, Category, SearchEntry, SearchSynonym,
                      SupplyLot, LotAllocation, get_model("partner", "StockRecord")):
            post_save.connect(listing.listing_changed, sender=model, dispatch_uid=f"listing-saved-{model.__name__}")
            post_delete.connect(listing.listing_changed, sender=model, dispatch_uid=f"listing-deleted-{model.__name__}")
