"""Branch, town and county pages: roll-ups with drill-down county → town → village → household,
and the monthly report. Each user sees their own scope (households.access.rollup_scope); a
household, village or town outside it is 404. Outside the user's own pairing households are
named "于某", and no registry, ID or phone number appears on these pages."""

import datetime

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views import generic

from county import exports, rollup
from county.report import monthly_report
from households import charts, ledger, monitoring
from households.access import Scope, households_with_private_view, paired_households, rollup_scope
from households.models import Household, IncomeWarning, Visit
from households.naming import anonymised_name
from households.queries import last_visit, open_warnings_prefetch
from households.views import FIRST_YEAR, LAST_YEAR, YearMixin


def last_month() -> datetime.date:
    return timezone.localdate().replace(day=1) - datetime.timedelta(days=1)


def year_choices(year: int) -> list[int]:
    """The last ten years and the one shown (no query: a year without income shows zeros)."""
    today = timezone.localdate()
    return sorted({*range(today.year, today.year - 10, -1), year}, reverse=True)


class ScopeMixin(LoginRequiredMixin, YearMixin):
    """The user's roll-up scope; users without one have no business here."""

    scope: Scope
    # The overview and the report are forbidden without a scope; a town, village or household
    # outside it does not exist.
    refuse = PermissionDenied

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            scope = rollup_scope(request.user)
            if scope is None:
                raise self.refuse
            self.scope = scope
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("nav_rollup", True)
        kwargs.setdefault("nav_cadre", self.scope.level == Scope.BRANCH)
        kwargs.setdefault("has_charts", True)
        kwargs.setdefault("scope", self.scope)
        return super().get_context_data(**kwargs)


class AreaView(ScopeMixin, generic.TemplateView):
    """The figures of an area and its parts; subclasses say which area."""

    template_name = "county/area.html"
    parts = "village"

    def get_area(self):
        """(name, households, villages, crumbs) of the area."""
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        self.year = self.get_year()
        name, households, villages, crumbs = self.get_area()
        figures = rollup.area_figures(households=households, villages=villages, parts=self.parts, year=self.year,
                                      viewer=self.request.user)
        months = [str(m) for m in range(1, 13)]
        chart = charts.sales_by_month_chart(months, [(p.label, {str(m): v for m, v in p.months.items()})
                                                     for p in figures.parts if p.months])
        return super().get_context_data(
            area_name=name, figures=figures, parts=self.parts, crumbs=crumbs, chart=chart, year=self.year,
            years=year_choices(self.year), year_error=self.year_error,
            report_month=f"{last_month():%Y-%m}",
            warning_kinds=[(label, figures.warnings_by_kind.get(kind, 0))
                           for kind, label in IncomeWarning.Kind.choices],
            statuses=[(label, figures.by_status.get(value, 0)) for value, label in Household.Status.choices],
            categories=[(label, figures.by_category.get(value, 0)) for value, label in rollup.CATEGORY_LABELS.items()],
            **kwargs)


class OverviewView(AreaView):
    def get_area(self):
        self.parts = "town" if self.scope.level == Scope.COUNTY else "village"
        return self.scope.name, self.scope.households(), self.scope.sales_villages(), []


class TownView(AreaView):
    parts = "village"
    refuse = Http404

    def get_area(self):
        town = get_object_or_404(self.scope.towns(), pk=self.kwargs["pk"])
        return (town.name, self.scope.households().filter(village__town=town),
                self.scope.sales_villages().filter(town=town), [(self.scope.name, reverse("county:overview"))])


class VillageView(AreaView):
    parts = "household"
    refuse = Http404

    def get_area(self):
        village = get_object_or_404(self.scope.villages().select_related("town"), pk=self.kwargs["pk"])
        crumbs = [(self.scope.name, reverse("county:overview"))]
        if self.scope.level == Scope.COUNTY:
            crumbs.append((village.town.name, reverse("county:town", kwargs={"pk": village.town_id})))
        return (f"{village.town.name} {village.name}", self.scope.households().filter(village=village),
                self.scope.sales_villages().filter(pk=village.pk), crumbs)



class HouseholdView(ScopeMixin, generic.TemplateView):
    """A household as a leader sees it: figures and warnings, named "于某" unless it is their own
    pairing (then the cadre page, with names and numbers, is one link away)."""

    template_name = "county/household.html"
    refuse = Http404

    def get_context_data(self, **kwargs):
        self.year = self.get_year()
        household = get_object_or_404(
            ledger.with_income(self.scope.households(), self.year)
            .select_related("village__town").annotate(last_visit=last_visit())
            .prefetch_related(open_warnings_prefetch()), pk=self.kwargs["pk"])
        private = households_with_private_view(self.request.user).filter(pk=household.pk).exists()
        own = paired_households(self.request.user).filter(pk=household.pk).exists()
        crumbs = [(self.scope.name, reverse("county:overview"))]
        if self.scope.level == Scope.COUNTY:
            town = household.village.town
            crumbs.append((town.name, reverse("county:town", kwargs={"pk": town.pk})))
        crumbs.append((household.village.name, reverse("county:village", kwargs={"pk": household.village_id})))
        months = ledger.monthly_by_source([household.pk], self.year).get(household.pk, {})
        return super().get_context_data(
            household=household, name=household.head_name if own else anonymised_name(household.head_name),
            private=private, crumbs=crumbs, year=self.year, year_error=self.year_error,
            years=year_choices(self.year), lines=monitoring.lines_for(self.year),
            chart=charts.income_by_source_chart(months),
            visits_this_year=Visit.objects.filter(household=household, visited_on__year=self.year).count(),
            **kwargs)


class ReportView(ScopeMixin, generic.TemplateView):
    """The monthly report of the user's scope: HTML (printable on A4), ?format=xlsx or csv."""

    template_name = "county/report.html"

    def get(self, request, *args, **kwargs):
        if "month" not in kwargs and "month" not in request.GET:
            # /county/report/ opens last month's report.
            return redirect("county:report", month=f"{last_month():%Y-%m}")
        month = self.parse_month(kwargs.get("month") or request.GET.get("month", ""))
        if month is None:
            return self.render_to_response(self.get_context_data(month_error=True, has_charts=False), status=404)
        if "month" not in kwargs:
            return redirect("county:report", month=f"{month:%Y-%m}")
        report = monthly_report(households=self.scope.households(), villages=self.scope.villages(),
                                sales_villages=self.scope.sales_villages(), month=month, area=self.scope.name)
        wanted = request.GET.get("format", "")
        if wanted == "xlsx":
            return exports.as_xlsx(report)
        if wanted == "csv":
            return exports.as_csv(report)
        return self.render_to_response(self.get_context_data(
            report=report, columns=exports.columns(), format_error=wanted not in ("", "html"), has_charts=False,
            # The totals first, as figures: the month at a glance on a phone.
            summary=[(heading, getattr(report.totals, name), money) for name, heading, money in exports.columns()[2:]],
            previous=f"{(month - datetime.timedelta(days=1)):%Y-%m}",
            next=f"{(month + datetime.timedelta(days=32)):%Y-%m}" if month < timezone.localdate().replace(day=1)
            else None))

    @staticmethod
    def parse_month(raw: str) -> datetime.date | None:
        raw = (raw or "").strip()
        if len(raw) != 7 or raw[4] != "-" or not (raw[:4].isdigit() and raw[5:].isdigit()) or not raw.isascii():
            return None
        year, month = int(raw[:4]), int(raw[5:])
        if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12):
            return None
        return datetime.date(year, month, 1)

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        kwargs.setdefault("this_month", f"{today:%Y-%m}")
        return super().get_context_data(**kwargs)

