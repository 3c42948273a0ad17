import oscar.apps.order.apps as apps


class OrderConfig(apps.OrderConfig):
    # Forked so that get_class("order.processing", "EventHandler") finds the platform's order
    # lifecycle (shop/order/processing.py): Oscar's own screens change orders through it.
    name = "shop.order"

    def ready(self):
        super().ready()
        from shop.order import receivers  # noqa: F401 (the order follows logistics' signals)
