from django.contrib import admin

from logistics import models


@admin.register(models.Station)
class StationAdmin(admin.ModelAdmin):
    list_display = ["name", "village", "is_hub"]
    search_fields = ["name"]


class StopInline(admin.TabularInline):
    model = models.Stop
    autocomplete_fields = ["station"]
    extra = 0


class DepartureInline(admin.TabularInline):
    model = models.Departure
    extra = 0


@admin.register(models.BusLine)
class BusLineAdmin(admin.ModelAdmin):
    list_display = ["name", "capacity_kg", "cooler_capacity_kg"]
    inlines = [StopInline, DepartureInline]


@admin.register(models.PickupRun)
class PickupRunAdmin(admin.ModelAdmin):
    """An extra departure may be added here (planning then uses it); a run once made is moved only
    by the hub's steps, which track, settle and replan as they go: moving its time or line here
    would carry parcels past their shelf life unseen."""

    list_display = ["line", "departs_at", "status", "cancel_reason"]
    list_filter = ["status", "line"]
    readonly_fields = ["status", "cancel_reason"]

    def get_readonly_fields(self, request, obj=None):
        return ["line", "departs_at", *self.readonly_fields] if obj is not None else self.readonly_fields


class TrackingEventInline(admin.TabularInline):
    model = models.TrackingEvent
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "happened_at", "note"]


@admin.register(models.Consignment)
class ConsignmentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "run", "weight_kg", "cold_chain"]
    list_filter = ["status", "cold_chain"]
    list_select_related = ["order", "village", "run__line"]
    readonly_fields = ["order", "village", "station", "run", "status", "tracking_number", "weight_kg", "cold_chain"]
    inlines = [TrackingEventInline]

    def has_add_permission(self, request):
        return False  # every field is read-only: consignments are made by checkout
