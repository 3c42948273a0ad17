from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views import generic

from households import ledger
from households.access import paired_households
from households.models import IncomeSource


class CadreMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not hasattr(request.user, "cadre"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_year(self):
        try:
            return int(self.request.GET.get("year", ""))
        except ValueError:
            return timezone.localdate().year


class PairedHouseholdListView(CadreMixin, generic.ListView):
    template_name = "households/cadre/household_list.html"
    context_object_name = "households"

    def get_queryset(self):
        self.year = self.get_year()
        return ledger.with_income(paired_households(self.request.user).select_related("village"), self.year)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        line = ledger.poverty_line(self.year)
        ctx.update(year=self.year, poverty_line=line)
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
            poverty_line=ledger.poverty_line(self.year),
            by_source=[(label, by_source.get(value, ledger.ZERO)) for value, label in IncomeSource.choices],
            entries=household.income_entries.filter(date__year=self.year)[:50],
        )
        return ctx
