"""Annotations the cadres' and leaders' lists share: one subquery each, never a query per row."""

from django.db.models import Count, IntegerField, Max, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from households.models import IncomeWarning, Visit


def open_warning_count() -> Coalesce:
    counts = (IncomeWarning.objects.filter(household=OuterRef("pk"), state=IncomeWarning.State.OPEN)
              .values("household").annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))


def last_visit() -> Subquery:
    return Subquery(Visit.objects.filter(household=OuterRef("pk")).values("household")
                    .annotate(last=Max("visited_on")).values("last"))


def open_warnings_prefetch() -> Prefetch[str, QuerySet[IncomeWarning], str]:
    return Prefetch("warnings", to_attr="open_warnings_list",
                    queryset=IncomeWarning.objects.filter(state=IncomeWarning.State.OPEN).order_by("kind"))
