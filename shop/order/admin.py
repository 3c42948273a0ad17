from django.contrib import admin
from oscar.apps.order import admin as oscar_admin
from oscar.apps.order.admin import *  # noqa: F403 (Oscar fork pattern)
from oscar.core.loading import get_model

Order = get_model("order", "Order")
Line = get_model("order", "Line")


class ReadOnlyLineInline(oscar_admin.LineInline):
    """Lines of a placed order are what the buyer paid for: not editable here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class OrderAdmin(oscar_admin.OrderAdmin):
    # The status follows the parcels (shop.order.lifecycle); cancelling and refunding go through the
    # dashboard's order page, so the admin cannot type a status or delete an order around them.
    readonly_fields = (*oscar_admin.OrderAdmin.readonly_fields, "status")
    inlines = [ReadOnlyLineInline]

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.unregister(Order)
admin.site.register(Order, OrderAdmin)

