import oscar.apps.customer.apps as apps


class CustomerConfig(apps.CustomerConfig):
    # Forked for its views (shop/customer/views.py): the buyer's order pages load what they show
    # in a fixed number of queries.
    name = "shop.customer"
