"""The figures of a branch, town, village or the whole county, for the leaders' pages.

Every figure is one SQL ``GROUP BY`` over the area's households, whatever their number: the
households with their year's income, open warnings by kind, e-commerce income by month and the
goods sold. Python only files the grouped rows under the area's parts (towns, villages or
households) and adds up those few rows; nothing is read household by household.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, QuerySet, Sum
from django.db.models.functions import ExtractMonth
from django.utils import timezone
from oscar.core.loading import get_model

from catalog.models import SupplyLot
from core.money import ZERO, round_to_fen
from households import ledger
from households.access import paired_households
from households.models import Household, IncomeEntry, IncomeSource, IncomeWarning, MonitoringCategory
from households.monitoring import Lines, lines_for
from households.naming import anonymised_name
from shop.order.status import CANCELLED

Line = get_model("order", "Line")
# A household that brought goods within this many days but sold nothing in them is listed.
RECENT_DAYS = 90
TOP_GOODS = 10
CATEGORY_LABELS = dict(MonitoringCategory.choices)
STATUS_LABELS = dict(Household.Status.choices)


def year_bounds(year: int) -> tuple[datetime.datetime, datetime.datetime]:
    tz = timezone.get_current_timezone()
    return (datetime.datetime(year, 1, 1, tzinfo=tz), datetime.datetime(year + 1, 1, 1, tzinfo=tz))


@dataclass
class Part:
    """One town, village or household of the area, with its figures."""

    pk: int
    name: str
    households: int = 0
    members: int = 0
    income: Decimal = ZERO
    under_poverty: int = 0
    under_monitoring: int = 0
    near_monitoring: int = 0
    warned: int = 0
    ecommerce: Decimal = ZERO
    sales: Decimal = ZERO
    units: int = 0
    months: dict = field(default_factory=dict)
    # For a household part only.
    household: dict | None = None
    # The name, told apart from others of the same name (a village of 于某s: 于某 1, 于某 2).
    label: str = ""

    @property
    def per_person(self) -> Decimal | None:
        return (self.income / self.members).quantize(Decimal("0.01")) if self.members else None


@dataclass
class AreaFigures:
    year: int
    lines: Lines
    parts: list[Part]
    by_status: dict
    by_category: dict
    warnings_by_kind: dict
    households: int
    members: int
    income: Decimal
    ecommerce: Decimal
    under_poverty: int
    under_monitoring: int
    near_monitoring: int
    goods: list[dict]
    idle_sellers: list[dict]
    best_villages: list[tuple[str, Decimal]]

    @property
    def per_person(self) -> Decimal | None:
        return (self.income / self.members).quantize(Decimal("0.01")) if self.members else None

    @property
    def best_parts(self) -> list[Part]:
        return sorted((p for p in self.parts if p.ecommerce), key=lambda p: -p.ecommerce)[:TOP_GOODS]


# What an area's parts are, as paths from a household (and from an order line).
PART_FIELDS = {
    "town": ("village__town_id", "village__town__name", "household__village__town_id",
             "partner__village__town_id"),
    "village": ("village_id", "village__name", "household__village_id", "partner__village_id"),
    "household": ("pk", "head_name", "household_id", None),
}


def area_figures(*, households: QuerySet, villages: QuerySet, parts: str, year: int,
                 viewer, today: datetime.date | None = None) -> AreaFigures:
    """The figures of the area whose households and villages are given, split into `parts`
    ("town", "village" or "household"). Households outside the `viewer`'s own pairing are
    named "于某" (the admin's too: these are roll-up pages)."""
    today = today or timezone.localdate()
    part_field, name_field, entry_part, line_part = PART_FIELDS[parts]
    lines = lines_for(year)
    recent = today - datetime.timedelta(days=RECENT_DAYS)

    rows = (ledger.with_income(households, year)
            .annotate(recent_lot=Exists(SupplyLot.objects.filter(household=OuterRef("pk"), supplied_on__gt=recent)),
                      recent_sale=Exists(IncomeEntry.objects.filter(household=OuterRef("pk"), date__gt=recent,
                                                                    source=IncomeSource.ECOMMERCE, amount__gt=0)),
                      own=Exists(paired_households(viewer).filter(pk=OuterRef("pk"))))
            .values("own", "pk", "members", "status", "monitoring_category", "head_name", "village_id", "village__name",
                    "income", "recent_lot", "recent_sale", part=F(part_field), part_name=F(name_field))
            .order_by())
    by_part: dict[int, Part] = {}
    by_status: dict[str, int] = defaultdict(int)
    by_category: dict[str, int] = defaultdict(int)
    idle = []
    village_part: dict[int, int] = {}
    village_names: dict[int, str] = {}
    for row in rows:
        name = row["part_name"]
        if parts == "household":
            name = row["head_name"] if row["own"] else anonymised_name(row["head_name"])
        part = by_part.get(row["part"])
        if part is None:
            part = by_part[row["part"]] = Part(pk=row["part"], name=name)
        village_part[row["village_id"]] = row["part"]
        village_names[row["village_id"]] = row["village__name"]
        part.households += 1
        part.members += row["members"]
        income = round_to_fen(row["income"])
        part.income += income
        per_person = income / row["members"]
        if lines.poverty is not None and per_person < lines.poverty:
            part.under_poverty += 1
        band = lines.band(per_person)
        if band == "low":
            part.under_monitoring += 1
        elif band == "near":
            part.near_monitoring += 1
        by_status[row["status"]] += 1
        by_category[row["monitoring_category"] or ""] += 1
        if parts == "household":
            part.household = {"status": STATUS_LABELS.get(row["status"], row["status"]),
                              "category": row["monitoring_category"], "village": row["village__name"],
                              "per_person": per_person.quantize(Decimal("0.01"))}
        if row["recent_lot"] and not row["recent_sale"]:
            idle.append({"pk": row["pk"], "village": row["village__name"],
                         "name": row["head_name"] if row["own"] else anonymised_name(row["head_name"])})

    open_warnings = IncomeWarning.objects.filter(household__in=households, state=IncomeWarning.State.OPEN)
    warnings_by_kind = {row["kind"]: row["n"] for row in open_warnings.values("kind")
                        .annotate(n=Count("household", distinct=True)).order_by()}
    # Households with any open warning, per part (a household warned twice counts once).
    for row in open_warnings.values(part=F(entry_part)).annotate(n=Count("household", distinct=True)).order_by():
        if row["part"] in by_part:
            by_part[row["part"]].warned = row["n"]

    # E-commerce income by month and village (households: by household), filed under the parts.
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    by_village: dict[int, Decimal] = defaultdict(lambda: ZERO)
    group = "household_id" if parts == "household" else "household__village_id"
    for row in (IncomeEntry.objects.filter(household__in=households, source=IncomeSource.ECOMMERCE,
                                           date__gte=start, date__lte=end)
                .annotate(month=ExtractMonth("date")).values("month", unit=F(group))
                .annotate(total=Sum("amount")).order_by()):
        part = by_part.get(row["unit"] if parts == "household" else village_part.get(row["unit"]))
        if part is not None:
            total = round_to_fen(row["total"])
            part.months[row["month"]] = part.months.get(row["month"], ZERO) + total
            part.ecommerce += total
        if parts != "household":
            by_village[row["unit"]] += round_to_fen(row["total"])
    best_villages = sorted(((village_names.get(pk, ""), total) for pk, total in by_village.items() if total),
                           key=lambda item: -item[1])[:TOP_GOODS]

    # Goods sold by the area's sales points, by product (and by town or village).
    goods: dict[int, dict] = {}
    placed_from, placed_to = year_bounds(year)
    by_line_part = {"part": F(line_part)} if line_part else {}
    for row in (Line.objects.filter(partner__village__in=villages, order__date_placed__gte=placed_from,
                                    order__date_placed__lt=placed_to)
                .exclude(order__status=CANCELLED)
                .values("product_id", "title", **by_line_part)
                .annotate(units=Sum("quantity"), sales=Sum("line_price_incl_tax")).order_by()):
        good = goods.setdefault(row["product_id"], {"title": row["title"], "units": 0, "sales": ZERO})
        sales = round_to_fen(row["sales"])
        good["units"] += row["units"]
        good["sales"] += sales
        part = by_part.get(row.get("part"))
        if part is not None:
            part.units += row["units"]
            part.sales += sales

    # By need: households those furthest under the lines first; towns and villages those with the
    # most households under the lines, then the most close above them, then the most warned, then
    # the lowest income per person (the name only breaks ties), not in the order of their codes.
    if parts == "household":
        def order(p: Part):
            return (p.per_person, p.pk)
    else:
        def order(p: Part):
            return (-p.under_monitoring, -p.near_monitoring, -p.warned,
                    p.per_person if p.per_person is not None else Decimal("Infinity"), p.name, p.pk)
    parts_list = sorted(by_part.values(), key=order)
    same_name = Counter(part.name for part in parts_list)
    numbered: Counter = Counter()
    for part in parts_list:
        numbered[part.name] += 1
        part.label = f"{part.name} {numbered[part.name]}" if same_name[part.name] > 1 else part.name
    return AreaFigures(
        year=year, lines=lines, parts=parts_list, by_status=dict(by_status), by_category=dict(by_category),
        warnings_by_kind=warnings_by_kind,
        households=sum(p.households for p in parts_list), members=sum(p.members for p in parts_list),
        income=sum((p.income for p in parts_list), ZERO), ecommerce=sum((p.ecommerce for p in parts_list), ZERO),
        under_poverty=sum(p.under_poverty for p in parts_list),
        under_monitoring=sum(p.under_monitoring for p in parts_list),
        near_monitoring=sum(p.near_monitoring for p in parts_list),
        goods=sorted(goods.values(), key=lambda g: -g["sales"])[:TOP_GOODS], best_villages=best_villages,
        idle_sellers=sorted(idle, key=lambda h: (h["village"], h["name"])),
    )
