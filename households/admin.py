from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.ledgers import ReadOnlyAdmin
from households import ledger, models


@admin.register(models.Town)
class TownAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(models.Village)
class VillageAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "town"]
    list_filter = ["town"]
    search_fields = ["name", "code"]


@admin.register(models.PartyBranch)
class PartyBranchAdmin(admin.ModelAdmin):
    list_display = ["name", "village"]
    search_fields = ["name"]
    autocomplete_fields = ["village"]


class PairingInline(admin.TabularInline):
    model = models.Pairing
    autocomplete_fields = ["cadre"]
    extra = 0


@admin.register(models.Household)
class HouseholdAdmin(admin.ModelAdmin):
    list_display = ["registry_number", "village", "members", "status", "monitoring_category"]
    list_filter = ["status", "monitoring_category", "poverty_cause", "village__town"]
    # The monitoring state changes only through the cadre's page (households.monitoring.set_category),
    # which keeps who changed it and why.
    readonly_fields = ["monitoring_category", "monitoring_since", "monitoring_reason", "monitoring_set_by"]
    search_fields = ["registry_number"]
    list_select_related = ["village"]
    autocomplete_fields = ["village"]
    inlines = [PairingInline]


@admin.register(models.Cadre)
class CadreAdmin(admin.ModelAdmin):
    list_display = ["__str__", "branch", "is_secretary"]
    list_filter = ["is_secretary"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    list_select_related = ["user", "branch"]
    autocomplete_fields = ["user", "branch"]


@admin.register(models.Official)
class OfficialAdmin(admin.ModelAdmin):
    list_display = ["__str__", "town"]
    list_select_related = ["user", "town"]
    autocomplete_fields = ["user"]


@admin.register(models.PovertyLine)
class PovertyLineAdmin(admin.ModelAdmin):
    """Admins set each year's poverty line and the province's monitoring line beside it."""

    list_display = ["year", "per_person_income", "monitoring_income"]
    list_editable = ["per_person_income", "monitoring_income"]


@admin.register(models.IncomeWarning)
class IncomeWarningAdmin(ReadOnlyAdmin):
    """Warnings are computed and decided by cadres on their pages; here they are only read (the
    cadres' decisions are kept)."""

    list_display = ["household", "kind", "state", "opened_on", "closed_on", "reviewed_by"]
    list_filter = ["kind", "state"]
    search_fields = ["household__registry_number"]
    list_select_related = ["household", "reviewed_by"]


@admin.register(models.MonitoringChange)
class MonitoringChangeAdmin(ReadOnlyAdmin):
    list_display = ["changed_on", "household", "category", "changed_by"]
    list_filter = ["category"]
    search_fields = ["household__registry_number"]
    list_select_related = ["household", "changed_by"]


@admin.register(models.Visit)
class VisitAdmin(admin.ModelAdmin):
    list_display = ["visited_on", "household", "cadre"]
    search_fields = ["household__registry_number"]
    list_select_related = ["household", "cadre__user"]
    autocomplete_fields = ["household", "cadre"]
    date_hierarchy = "visited_on"
    # The photo has no URL of its own (private storage): it is shown through the cadre's view.
    exclude = ["photo"]
    readonly_fields = ["photo_link"]

    @admin.display(description=_("photo"))
    def photo_link(self, visit):
        if not visit.photo:
            return "-"
        return format_html('<a href="{}">{}</a>', reverse("cadre:visit-photo", kwargs={"pk": visit.pk}), _("Photo"))


class IncomeEntryForm(forms.ModelForm):
    """An entry typed by the county office: income the platform does not see (wages, farming, transfers
    and the like), or the reversal of such an entry. E-commerce income is booked by the settlement
    from delivered sales, and corrected by its refunds, never typed."""

    class Meta:
        model = models.IncomeEntry
        fields = ["household", "date", "source", "amount", "reference", "description", "reverses"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "source" not in self.fields:  # an entry shown, not added: every field is read-only
            return
        self.fields["source"].choices = [choice for choice in self.fields["source"].choices
                                         if choice[0] != models.IncomeSource.ECOMMERCE]
        self.fields["reverses"].help_text = _("To correct an entry: the entry it takes back, with a negative "
                                              "amount of at most what is left of it.")

    def clean(self):
        data = super().clean()
        amount, reverses = data.get("amount"), data.get("reverses")
        if amount is not None and amount == 0:
            self.add_error("amount", _("An entry of ¥0 books nothing."))
        if reverses is None:
            return data
        if reverses.source == models.IncomeSource.ECOMMERCE:
            self.add_error("reverses", _("E-commerce income is corrected by its order's refund, not here."))
        if data.get("household") and data["household"] != reverses.household:
            self.add_error("household", _("A reversal belongs to the household of the entry it takes back."))
        if data.get("source") and data["source"] != reverses.source:
            self.add_error("source", _("A reversal keeps the source of the entry it takes back."))
        if amount is not None and (amount > 0) == (reverses.amount > 0):
            self.add_error("amount", _("A reversal has the opposite sign of the entry it takes back."))
        elif amount is not None and abs(amount) > abs(ledger.left_to_reverse(reverses)):
            self.add_error("amount", _("Only ¥%(left)s of that entry is left to take back.")
                           % {"left": abs(ledger.left_to_reverse(reverses))})
        return data


@admin.register(models.IncomeEntry)
class IncomeEntryAdmin(admin.ModelAdmin):
    """Append-only: entries can be added (corrections are reversing entries), never changed. Added
    through the ledger's own functions, with their checks."""

    form = IncomeEntryForm
    list_display = ["date", "household", "source", "amount", "reference"]
    list_filter = ["source"]
    search_fields = ["reference", "household__registry_number"]
    list_select_related = ["household"]
    autocomplete_fields = ["household", "reverses"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if data["reverses"] is not None:
            try:
                entry, _created = ledger.reverse_entry(data["reverses"], date=data["date"],
                                                       reference=data["reference"], amount=-data["amount"],
                                                       description=data["description"])
            except ValidationError as exc:
                # Reached only if another reversal took the rest meanwhile: nothing was booked.
                raise PermissionDenied(exc.messages[0]) from exc
        else:
            entry, _created = ledger.book_income(household=data["household"], date=data["date"],
                                                 source=data["source"], amount=data["amount"],
                                                 reference=data["reference"], description=data["description"])
        obj.pk = entry.pk


@admin.register(models.PrivateDataReveal)
class PrivateDataRevealAdmin(ReadOnlyAdmin):
    """Who was shown a household's masked private data, and when (the cadre's page logs it)."""

    list_display = ["household", "field", "revealed_by", "revealed_at"]
    list_filter = ["field"]
    list_select_related = ["household", "revealed_by"]
    readonly_fields = ["household", "field", "revealed_by", "revealed_at"]
