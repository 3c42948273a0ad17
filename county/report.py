"""The monthly report of a branch, town or the county (月度帮扶报告), village by village.

One ``GROUP BY`` query per figure: households, supply lots, goods sold, e-commerce income booked
and reversed, warnings opened and closed, visits made. Its money columns are the ledger's and
the order lines' own sums for the month, to the fen.
"""

import datetime
from dataclasses import dataclass, fields
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils import timezone
from oscar.core.loading import get_model

from catalog.models import SupplyLot
from core.money import ZERO, round_to_fen
from households.models import IncomeEntry, IncomeSource, IncomeWarning, Visit
from shop.order.status import CANCELLED

Line = get_model("order", "Line")


@dataclass
class ReportRow:
    village_id: int | None
    town: str
    village: str
    households: int = 0
    supply_lots: int = 0
    supplied_units: int = 0
    units_sold: int = 0
    sales: Decimal = ZERO
    income_booked: Decimal = ZERO
    reversals: Decimal = ZERO
    warnings_opened: int = 0
    warnings_closed: int = 0
    visits: int = 0

    @property
    def net_income(self) -> Decimal:
        return self.income_booked + self.reversals

    def add(self, other: "ReportRow") -> None:
        for f in fields(self):
            if f.name not in ("village_id", "town", "village"):
                setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))


@dataclass
class MonthlyReport:
    month: datetime.date
    area: str
    rows: list[ReportRow]
    totals: ReportRow

    @property
    def slug(self) -> str:
        return f"{self.month:%Y-%m}"


def month_bounds(month: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first day of the month and the first day of the next."""
    first = month.replace(day=1)
    return first, (first + datetime.timedelta(days=32)).replace(day=1)


def monthly_report(*, households: QuerySet, villages: QuerySet, sales_villages: QuerySet, month: datetime.date,
                   area: str) -> MonthlyReport:
    """`villages` are the report's rows; `sales_villages` those whose stations' sales count."""
    first, after = month_bounds(month)
    in_month = {"gte": first, "lt": after}
    rows = {v["pk"]: ReportRow(village_id=v["pk"], town=v["town__name"], village=v["name"], households=v["n"])
            for v in villages.annotate(n=Count("households", filter=Q(households__in=households.values("pk"))))
            .values("pk", "name", "town__name", "n").order_by("town__name", "code")}

    def file(queryset, village_field, **figures):
        for row in queryset.values(village=F(village_field)).annotate(**figures).order_by():
            target = rows.get(row["village"])
            if target is not None:
                for name in figures:
                    value = row[name]
                    if isinstance(value, Decimal):
                        value = round_to_fen(value)
                    setattr(target, name, value or getattr(target, name))

    file(SupplyLot.objects.filter(household__in=households, supplied_on__gte=first, supplied_on__lt=after),
         "household__village", supply_lots=Count("pk"), supplied_units=Sum("quantity"))
    tz = timezone.get_current_timezone()
    placed = {"order__date_placed__gte": datetime.datetime.combine(first, datetime.time(), tzinfo=tz),
              "order__date_placed__lt": datetime.datetime.combine(after, datetime.time(), tzinfo=tz)}
    file(Line.objects.filter(partner__village__in=sales_villages, **placed).exclude(order__status=CANCELLED),
         "partner__village", units_sold=Sum("quantity"), sales=Sum("line_price_incl_tax"))
    file(IncomeEntry.objects.filter(household__in=households, source=IncomeSource.ECOMMERCE,
                                    date__gte=first, date__lt=after),
         "household__village", income_booked=Sum("amount", filter=Q(reverses__isnull=True)),
         reversals=Sum("amount", filter=Q(reverses__isnull=False)))
    file(IncomeWarning.objects.filter(household__in=households).filter(
        Q(opened_on__gte=first, opened_on__lt=after) | Q(closed_on__gte=first, closed_on__lt=after)),
        "household__village",
        warnings_opened=Count("pk", filter=Q(**{f"opened_on__{k}": v for k, v in in_month.items()})),
        warnings_closed=Count("pk", filter=Q(**{f"closed_on__{k}": v for k, v in in_month.items()})))
    file(Visit.objects.filter(household__in=households, visited_on__gte=first, visited_on__lt=after),
         "household__village", visits=Count("pk"))

    totals = ReportRow(village_id=None, town="", village="")
    for row in rows.values():
        totals.add(row)
    return MonthlyReport(month=first, area=area, rows=list(rows.values()), totals=totals)
