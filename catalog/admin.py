from django.contrib import admin
from oscar.apps.catalogue import admin as oscar_admin
from oscar.apps.catalogue.admin import *  # noqa: F403 (Oscar fork pattern)

from catalog.models import LotAllocation, LotWriteOff, ProductClass, SupplyLot
from core.ledgers import ReadOnlyAdmin


class ProductClassAdmin(oscar_admin.ProductClassAdmin):
    # As on the dashboard's form (shop.dashboard.catalogue.forms.ProductClassForm).
    readonly_fields = ["track_stock", "requires_shipping"]


admin.site.unregister(ProductClass)
admin.site.register(ProductClass, ProductClassAdmin)


@admin.register(SupplyLot)
class SupplyLotAdmin(admin.ModelAdmin):
    list_display = ["product", "household", "quantity", "unit_price", "supplied_on", "expires_on"]
    list_select_related = ["product", "household"]
    # Lots change stock; record them through the supply page, which keeps both in step.
    readonly_fields = ["household", "product", "stockrecord", "quantity", "unit_price", "supplied_on", "recorded_by"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # its units are stock, its label is on a jar, its sales paid a household


@admin.register(LotAllocation)
class LotAllocationAdmin(ReadOnlyAdmin):
    """Allocations are made when a run is loaded (catalog.allocation) and say which household's lot a
    sold unit came from, as the ledger booked it: read here, never added, changed or deleted."""

    list_display = ["lot", "order_line", "quantity", "allocated_at"]
    list_select_related = ["lot__product", "lot__household", "order_line"]
    readonly_fields = ["lot", "order_line", "quantity"]


@admin.register(LotWriteOff)
class LotWriteOffAdmin(ReadOnlyAdmin):
    """Lots written off at the end of their shelf life (catalog.expiry): who, when and why; the
    station confirms the goods left the shelf on its own page."""

    list_display = ["lot", "quantity", "reason", "written_off_by", "written_off_at", "taken_back_at"]
    list_filter = ["reason"]
    list_select_related = ["lot__product", "lot__household", "written_off_by"]
    readonly_fields = ["lot", "quantity", "reason", "written_off_by", "written_off_at", "taken_back_by",
                       "taken_back_at"]
