"""Django admin pages of Oscar's models: those that could not work and answered 500, and the
records of placed orders, which the admin only shows.

This app comes after Oscar's in INSTALLED_APPS, so its admin module runs after theirs.
Found by tests/security/test_no_server_errors.py.
"""

from django.contrib import admin
from oscar.core.loading import get_model

# Rows the shop itself makes, whose admin add form fails (a required field is left out or
# read-only, or the model's validation needs a related row the form may not have):
# a voucher application (made by an order), a review vote (by a customer), a customer's
# address (by the customer), a basket line (by the basket).
MADE_BY_THE_SHOP = [
    get_model("voucher", "VoucherApplication"),
    get_model("reviews", "Vote"),
    get_model("address", "UserAddress"),
    get_model("basket", "Line"),
]


def _without_add(model_admin_class):
    return type(model_admin_class.__name__, (model_admin_class,), {
        "__module__": __name__,
        "has_add_permission": lambda self, request: False,
    })


for model in MADE_BY_THE_SHOP:
    if admin.site.is_registered(model):
        model_admin = type(admin.site.get_model_admin(model))
        admin.site.unregister(model)
        admin.site.register(model, _without_add(model_admin))


# What a placed order and its payment are: history, written by checkout, the hub's steps, the
# settlement and the payment flow, and changed only through the dashboard's order page (status,
# cancellation, refund, address), which keep the parcels, the stock and the ledger in step.
# Typed here, a line's quantity stopped a whole bus from loading. Read here, not edited.
ORDER_RECORDS = [get_model("order", name) for name in (
    "Order", "Line", "LinePrice", "LineAttribute", "ShippingAddress", "BillingAddress", "PaymentEvent",
    "ShippingEvent", "OrderStatusChange", "OrderDiscount", "CommunicationEvent", "Surcharge")] + [
    get_model("payment", "Source"), get_model("payment", "Transaction")]


def _view_only(model_admin_class):
    return type(model_admin_class.__name__, (model_admin_class,), {
        "__module__": __name__,
        "has_add_permission": lambda self, request, obj=None: False,
        "has_change_permission": lambda self, request, obj=None: False,
        "has_delete_permission": lambda self, request, obj=None: False,
    })


for model in ORDER_RECORDS:
    if admin.site.is_registered(model):
        model_admin = type(admin.site.get_model_admin(model))
        admin.site.unregister(model)
        admin.site.register(model, _view_only(model_admin))
