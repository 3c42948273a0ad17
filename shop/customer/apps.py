import oscar.apps.customer.apps as apps


class CustomerConfig(apps.CustomerConfig):
    # Forked for its views (shop/customer/views.py): the buyer's order pages load what they show
    # in a fixed number of queries.
    name = "shop.customer"

    def ready(self):
        super().ready()
        from shop.customer import receivers  # noqa: F401 (keeps the Sites row's domain in step)
