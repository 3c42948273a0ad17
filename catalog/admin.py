from django.contrib import admin
from oscar.apps.catalogue.admin import *  # noqa: F403 (Oscar fork pattern)

from catalog.models import LotAllocation, SupplyLot


@admin.register(SupplyLot)
class SupplyLotAdmin(admin.ModelAdmin):
    list_display = ["product", "household", "quantity", "unit_price", "supplied_on"]
    list_select_related = ["product", "household"]
    # Lots change stock; record them through the supply page, which keeps both in step.
    readonly_fields = ["household", "product", "stockrecord", "quantity", "unit_price", "supplied_on", "recorded_by"]

    def has_add_permission(self, request):
        return False


@admin.register(LotAllocation)
class LotAllocationAdmin(admin.ModelAdmin):
    list_display = ["lot", "order_line", "quantity", "allocated_at"]
    list_select_related = ["lot__product", "lot__household", "order_line"]
    readonly_fields = ["lot", "order_line", "quantity"]

    def has_add_permission(self, request):
        return False  # allocations are made when a run is loaded (catalog.allocation)
