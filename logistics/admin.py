from django import forms
from django.contrib import admin
from django.db import transaction
from django.utils.translation import gettext as _

from logistics import models
from logistics.planning import replan
from logistics.timetable import run_loads


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


class BusLineForm(forms.ModelForm):
    class Meta:
        model = models.BusLine
        fields = ["name", "capacity_kg", "cooler_capacity_kg"]

    def clean(self):
        data = super().clean()
        if self.instance.pk is None:
            return data
        # Not less than a bus that has not left already carries: those parcels cannot be unloaded here.
        loads = run_loads(models.PickupRun.objects.filter(line=self.instance, status=models.PickupRun.Status.PLANNED))
        heaviest = max((run.load_kg for run in loads), default=0)
        coldest = max((run.cold_load_kg for run in loads), default=0)
        if data.get("capacity_kg") is not None and data["capacity_kg"] < heaviest:
            self.add_error("capacity_kg", _("A coming run already carries %(kg)s kg.") % {"kg": f"{heaviest:.1f}"})
        if data.get("cooler_capacity_kg") is not None and data["cooler_capacity_kg"] < coldest:
            self.add_error("cooler_capacity_kg", _("A coming run already carries %(kg)s kg in its cooler.")
                           % {"kg": f"{coldest:.1f}"})
        return data


@admin.register(models.BusLine)
class BusLineAdmin(admin.ModelAdmin):
    """A line's capacity, stops and timetable: planning follows a change at once."""

    form = BusLineForm
    list_display = ["name", "capacity_kg", "cooler_capacity_kg"]
    inlines = [StopInline, DepartureInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Stops and departures are saved now: plan the open parcels on the new timetable.
        transaction.on_commit(lambda: replan())


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

    def has_delete_permission(self, request, obj=None):
        # A cancelled run remembers that the bus does not run; one with parcels carries them.
        if obj is not None and (obj.status != models.PickupRun.Status.PLANNED or obj.consignments.exists()):
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        # The list's bulk delete would not ask has_delete_permission run by run.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


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
    readonly_fields = ["order", "village", "station", "run", "status", "tracking_number", "weight_kg", "cold_chain",
                       "latest_hub_arrival", "late_since", "waiting_reason"]
    inlines = [TrackingEventInline]

    def has_add_permission(self, request):
        return False  # every field is read-only: consignments are made by checkout

    def has_delete_permission(self, request, obj=None):
        return False  # a parcel is cancelled with its order, never deleted
