"""The cadre's own pages (帮扶工作台): paired households by risk, a household's income, warnings
and visits. Phone first, in a layout of their own (no shop header, no basket)."""

import mimetypes

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import generic

from households import charts, ledger, monitoring
from households.access import households_with_private_view, paired_households, roles_of
from households.forms import MonitoringStateForm, VisitForm, WarningReviewForm
from households.models import Household, IncomeSource, PrivateDataReveal, Visit
from households.naming import masked_id_number
from households.queries import last_visit, open_warning_count, open_warnings_prefetch
from households.templatetags.workbench import rollup_url

# Years a cadre can look at: the ledger's dates must stay within what every database stores.
FIRST_YEAR, LAST_YEAR = 2000, 2100
LEDGER_PAGE_SIZE = 50


class YearMixin:
    year_error = ""

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

    def year_choices(self, households):
        return sorted({timezone.localdate().year, self.year, *ledger.entry_years(households)}, reverse=True)


class CadreMixin(LoginRequiredMixin, YearMixin):
    """Pages for paired cadres (and the admin). To anyone else the list is forbidden, and a
    household's pages do not exist."""

    refuse: type[Exception] = Http404

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.roles = roles_of(request.user)
            if self.roles.cadre is None and not self.roles.is_admin:
                raise self.refuse
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("nav_cadre", self.roles.cadre is not None)
        kwargs.setdefault("nav_rollup", self.roles.scope is not None)
        kwargs.setdefault("has_charts", True)
        return super().get_context_data(**kwargs)


class PairedHouseholdListView(CadreMixin, generic.ListView):
    """The cadre's paired households, those most at risk first."""

    template_name = "households/cadre/household_list.html"
    context_object_name = "households"
    refuse = PermissionDenied

    def get(self, request, *args, **kwargs):
        if self.roles.cadre is None:
            # The admin has no pairing of their own: the county's figures are their start page.
            url = rollup_url()
            if not url:
                raise PermissionDenied
            return redirect(url)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        self.year = self.get_year()
        return (ledger.with_income(paired_households(self.request.user), self.year).select_related("village")
                .annotate(open_warnings=open_warning_count(), last_visit=last_visit())
                .prefetch_related(open_warnings_prefetch())
                .order_by("-open_warnings", "income_per_person", "pk"))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        households = list(ctx["households"])
        months = ledger.monthly_by_source([h.pk for h in households], self.year)
        is_current = self.year == timezone.localdate().year
        projection = (monitoring.projected_income(Household.objects.filter(pk__in=[h.pk for h in households]),
                                                  today=timezone.localdate()) if is_current and households else {})
        ctx.update(
            year=self.year, year_error=self.year_error, lines=monitoring.lines_for(self.year),
            years=self.year_choices([h.pk for h in households]),
            cards=[{"household": h, "chart": charts.income_by_source_chart(months.get(h.pk, {})),
                    "chart_id": f"chart-{h.pk}", "projected": projection.get(h.pk, {}).get("per_person")}
                   for h in households],
        )
        return ctx


class HouseholdDetailView(CadreMixin, generic.DetailView):
    """One household as its paired cadre (and the admin) see it; the warnings are decided here."""

    template_name = "households/cadre/household_detail.html"
    context_object_name = "household"

    def get_object(self, queryset=None):
        self.year = self.get_year()
        # A household outside the cadre's pairing does not exist for them: 404, not 403.
        households = households_with_private_view(self.request.user).select_related("village__town",
                                                                                       "monitoring_set_by")
        return get_object_or_404(ledger.with_income(households, self.year), pk=self.kwargs["pk"])

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        action = request.POST.get("action")
        if action == "review":
            return self.review_warning()
        if action == "monitoring":
            return self.change_monitoring_state()
        if action == "reveal_id":
            # Shown on this answer only, and logged; the next page masks it again.
            PrivateDataReveal.objects.create(household=self.object, field=PrivateDataReveal.Field.ID_NUMBER,
                                             revealed_by=request.user)
            return self.render_to_response(self.get_context_data(id_revealed=True))
        messages.error(request, _("Nothing was changed: the form sent was not understood. Please try again."))
        return redirect(request.path)

    def review_warning(self):
        raw = self.request.POST.get("warning", "").strip()
        if not (raw.isascii() and raw.isdigit() and len(raw) <= 18):
            raise Http404
        warning = get_object_or_404(self.object.warnings, pk=int(raw))
        decided = _("This warning was decided already or has cleared itself; nothing was changed.")
        if not warning.is_open:
            messages.info(self.request, decided)
            return redirect(self.request.path)
        form = WarningReviewForm(self.request.POST, warning=warning)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(review_forms={warning.pk: form}))
        confirm = form.cleaned_data["decision"] == form.CONFIRM
        try:
            monitoring.review_warning(warning=warning, by=self.request.user, confirm=confirm,
                                      note=form.cleaned_data["note"], category=form.cleaned_data["category"])
        except monitoring.NotOpen:
            messages.info(self.request, decided)  # decided or cleared in another tab meanwhile
        else:
            messages.success(self.request,
                             _("The warning is confirmed.") if confirm else _("The warning is dismissed."))
        return redirect(self.request.path)

    def change_monitoring_state(self):
        form = MonitoringStateForm(self.request.POST, prefix="monitoring")
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(monitoring_form=form))
        monitoring.set_category(household=self.object, category=form.cleaned_data["category"],
                                reason=form.cleaned_data["reason"], by=self.request.user)
        messages.success(self.request, _("The monitoring state is saved."))
        return redirect(self.request.path)

    def get_context_data(self, review_forms=None, monitoring_form=None, id_revealed=False, **kwargs):
        ctx = super().get_context_data(**kwargs)
        household, user = self.object, self.request.user
        ctx["id_number"] = household.head_id_number if id_revealed else masked_id_number(household.head_id_number)
        ctx["id_revealed"] = id_revealed
        by_source = ledger.income_by_source(household, self.year)
        warnings = list(household.warnings.select_related("reviewed_by").order_by("-opened_on", "-pk")[:30])
        review_forms = review_forms or {}
        entries = Paginator(household.income_entries.filter(date__year=self.year), LEDGER_PAGE_SIZE)
        is_current = self.year == timezone.localdate().year
        ctx.update(
            year=self.year, year_error=self.year_error, lines=monitoring.lines_for(self.year),
            years=self.year_choices([household.pk]),
            by_source=[(label, by_source.get(value, ledger.ZERO)) for value, label in IncomeSource.choices],
            chart=charts.income_by_source_chart(
                ledger.monthly_by_source([household.pk], self.year).get(household.pk, {})),
            projected=(monitoring.projected_income(Household.objects.filter(pk=household.pk),
                                                   today=timezone.localdate())[household.pk]["per_person"]
                       if is_current else None),
            open_warnings=[(w, review_forms.get(w.pk) or WarningReviewForm(warning=w)) for w in warnings if w.is_open],
            decided_warnings=[w for w in warnings if not w.is_open],
            entries=entries.get_page(self.request.GET.get("page")),
            visits=household.visits.select_related("cadre__user")[:20],
            monitoring_changes=household.monitoring_changes.select_related("changed_by")[:10],
            visit_count=household.visits.count(),
            can_visit=paired_households(user).filter(pk=household.pk).exists(),
            monitoring_form=monitoring_form or MonitoringStateForm(prefix="monitoring", initial={
                "category": household.monitoring_category, "reason": household.monitoring_reason}),
        )
        return ctx


class VisitCreateView(CadreMixin, generic.CreateView):
    """The paired cadre logs a visit from the phone (帮扶记录)."""

    form_class = VisitForm
    template_name = "households/cadre/visit_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.household = get_object_or_404(paired_households(request.user).select_related("village"),
                                               pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(household=self.household, has_charts=False, **kwargs)

    def form_valid(self, form):
        form.instance.household = self.household
        form.instance.cadre = self.request.user.cadre
        response = super().form_valid(form)
        messages.success(self.request, _("The visit is recorded."))
        return response

    def get_success_url(self):
        return reverse("cadre:household-detail", kwargs={"pk": self.household.pk})


class VisitPhotoView(CadreMixin, generic.View):
    """A visit's photo, for those who may open the household's own page (the file has no URL)."""

    def get(self, request, pk):
        visit = get_object_or_404(Visit.objects.filter(household__in=households_with_private_view(request.user))
                                  .exclude(photo=""), pk=pk)
        try:
            photo = visit.photo.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(photo, content_type=mimetypes.guess_type(visit.photo.name)[0])
        response["Cache-Control"] = "private, max-age=3600"
        response["X-Content-Type-Options"] = "nosniff"
        return response
