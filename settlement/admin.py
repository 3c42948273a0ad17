import datetime

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from core.ledgers import ReadOnlyAdmin
from settlement.access import can_view_reconciliation
from settlement.models import LineIncome, PlatformEntry
from settlement.reconciliation import reconcile


@admin.register(PlatformEntry)
class PlatformEntryAdmin(ReadOnlyAdmin):
    list_display = ["date", "account", "amount", "order", "reference"]
    list_filter = ["account", "date"]
    list_select_related = ["order"]
    search_fields = ["reference", "order__number"]
    date_hierarchy = "date"

    def get_urls(self):
        view = self.admin_site.admin_view(self.reconciliation_view)
        return [path("reconciliation/", view, name="settlement-reconciliation")] + super().get_urls()

    def reconciliation_view(self, request):
        if not can_view_reconciliation(request.user):
            raise PermissionDenied
        today = timezone.localdate()
        month, error = today.replace(day=1), None
        raw = request.GET.get("month", "")
        if raw:
            try:
                month = datetime.datetime.strptime(raw, "%Y-%m").date()
                if not 2000 <= month.year <= 2100:
                    raise ValueError
            except ValueError:
                error = _("Choose a month between 2000-01 and 2100-12, like %(example)s.") % {
                    "example": f"{today:%Y-%m}"}
                month = today.replace(day=1)
        report = reconcile(month=month)
        context = {**self.admin_site.each_context(request), "title": _("Money reconciliation"), "report": report,
                   "month_value": f"{month:%Y-%m}", "error": error, "opts": self.model._meta}
        return TemplateResponse(request, "settlement/admin/reconciliation.html", context)


@admin.register(LineIncome)
class LineIncomeAdmin(ReadOnlyAdmin):
    list_display = ["entry", "order", "line"]
    list_select_related = ["entry", "order", "line"]
