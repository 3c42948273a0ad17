from django import forms
from django.utils.translation import gettext_lazy as _
from oscar.apps.dashboard.orders import forms as oscar_forms
from oscar.apps.dashboard.orders.forms import *  # noqa: F403 (Oscar fork pattern)
from oscar.core.loading import get_class

from shop.order.lifecycle import requestable_statuses, status_label


class OrderStatusForm(oscar_forms.OrderStatusForm):
    """Offers only what the order's lifecycle allows this user: cancel before loading, refund after
    delivery. Transit statuses follow the parcels and are never offered."""

    new_status = forms.ChoiceField(label=_("New order status"), choices=())

    def __init__(self, order, *args, user=None, **kwargs):
        super().__init__(order, *args, **kwargs)
        statuses = requestable_statuses(order, user) if user is not None else []
        self.fields["new_status"].choices = [(status, status_label(status)) for status in statuses]


class ShippingAddressForm(get_class("checkout.forms", "ShippingAddressForm")):
    """Staff correct an order's address with the checkout's own form: province, city and county
    from the national list (the post's days and the freshness rule read the province), a
    mainland mobile for the post's text message."""
