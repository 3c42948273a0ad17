import oscar.apps.order.apps as apps


class OrderConfig(apps.OrderConfig):
    # Forked so that get_class("order.processing", "EventHandler") finds the platform's order
    # lifecycle (shop/order/processing.py): Oscar's own screens change orders through it.
    name = "shop.order"

    def ready(self):
        super().ready()
        from oscar.apps.analytics import receivers as analytics
        from oscar.apps.order.signals import order_placed

        from shop.order import receivers  # noqa: F401 (connects the lifecycle to logistics' signals)

        # Oscar counts a purchase (its reports' best sellers, a customer's spending) inside the
        # checkout's transaction, while the stock rows are locked; on PostgreSQL the counter row's
        # first-insert race there aborts the whole order. shop.order.receivers counts it by a task
        # once the order has committed.
        order_placed.disconnect(analytics.receive_order_placed)
