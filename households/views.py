from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import generic

from households import ledger
from households.access import paired_households
from households.models import IncomeSource

# Years a cadre can look at: the ledger's dates must stay within what every database stores.
FIRST_YEAR, LAST_YEAR = 2000, 2100


class CadreMixin(LoginRequiredMixin):
    year_error = ""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not hasattr(request.user, "cadre"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_year(self):
        """?year= between 2000 and 2100; anything else shows the current year and says why."""
        current = timezone.localdate().year
        raw = self.request.GET.get("year", "").strip()
        if not raw:
            return current
        if raw.isascii() and raw.isdigit() and len(raw) <= 4 and FIRST_YEAR <= int(raw) <= LAST_YEAR:
            return int(raw)
        self.year_error = _("There is no income to show for the year “%(year)s”: choose a year from %(first)s "
                            "to %(last)s. Showing %(current)s.") % {
            "year": raw[:20], "first": FIRST_YEAR, "last": LAST_YEAR, "current": current}
        return current


class PairedHouseholdListView(CadreMixin, generic.ListView):
    template_name = "households/cadre/household_list.html"
    context_object_name = "households"

    def get_queryset(self):
        self.year = self.get_year()
        return ledger.with_income(paired_households(self.request.user).select_related("village"), self.year)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        line = ledger.poverty_line(self.year)
        ctx.update(year=self.year, poverty_line=line, year_error=self.year_error)
        return ctx


class PairedHouseholdDetailView(CadreMixin, generic.DetailView):
    template_name = "households/cadre/household_detail.html"
    context_object_name = "household"

    def get_object(self, queryset=None):
        self.year = self.get_year()
        # A household outside the cadre's pairing does not exist for them: 404, not 403.
        return get_object_or_404(
            ledger.with_income(paired_households(self.request.user).select_related("village__town"), self.year),
            pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        household = self.object
        by_source = ledger.income_by_source(household, self.year)
        ctx.update(
            year=self.year,
            year_error=self.year_error,
            poverty_line=ledger.poverty_line(self.year),
            by_source=[(label, by_source.get(value, ledger.ZERO)) for value, label in IncomeSource.choices],
            entries=household.income_entries.filter(date__year=self.year)[:50],
        )
        return ctx
