"""Monitoring against a return to poverty (防止返贫动态监测), computed from the income ledger.

Each rule looks at a set of households and returns :class:`Finding`s: a household, the kind of
warning, its cause (``topic``: the year and how far under the line, the refunds of the last 90
days) and the figures behind it. :func:`recompute` turns the findings into
:class:`~households.models.IncomeWarning` rows, one per episode: a cause found for the first
time opens a warning; while it lasts, the same row keeps its latest figures (and a cadre's
decision holds); when the cause goes away the episode ends (an open warning clears itself), and
if it comes back later that is a new warning.

This app sees only the ledger. Rules that need other apps' data (the catalogue's supply lots)
are registered by those apps with :func:`register_rule` when they start.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max, Q, QuerySet, Sum
from django.utils import timezone

from core.money import round_to_fen
from households.models import (
    Household,
    IncomeEntry,
    IncomeSource,
    IncomeWarning,
    MonitoringCategory,
    MonitoringChange,
    PovertyLine,
)
from households.wording import warning_sentence

CENT = Decimal("0.01")
# A household is warned about when projected within this share above the monitoring line.
NEAR_LINE = Decimal("0.10")
SALES_WINDOW_DAYS = 90
REVERSAL_WINDOW_DAYS = 90


@dataclass(frozen=True)
class Finding:
    household_id: int
    kind: str
    topic: str
    figures: dict[str, Any]


Rule = Callable[..., Iterable[Finding]]
_registered_rules: list[Rule] = []


def register_rule(rule: Rule) -> Rule:
    """Add a rule ``rule(households, *, today)``; apps above this one register theirs in ready()."""
    if rule not in _registered_rules:
        _registered_rules.append(rule)
    return rule


def money(value: Decimal | None) -> str:
    return str(round_to_fen(value))


def one_year_before(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


# --- the lines -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Lines:
    poverty: Decimal | None
    monitoring: Decimal | None

    @property
    def watch(self) -> Decimal | None:
        """The line warnings are measured against: the monitoring line, else the poverty line."""
        return self.monitoring if self.monitoring is not None else self.poverty

    @property
    def watch_is_monitoring(self) -> bool:
        return self.monitoring is not None

    @property
    def near(self) -> Decimal | None:
        """10 % above the watched line: under this a household is warned about."""
        return round_to_fen(self.watch * (1 + NEAR_LINE)) if self.watch is not None else None

    def band(self, per_person: Decimal | None) -> str:
        """"low" under the watched line, "near" less than 10 % above it, else "ok"."""
        if per_person is None or self.watch is None or self.near is None:
            return ""
        if per_person < self.watch:
            return "low"
        return "near" if per_person < self.near else "ok"


def lines_for(year: int) -> Lines:
    """The lines in force for the year (the latest set, if the year has none of its own)."""
    line = PovertyLine.objects.filter(year__lte=year).order_by("-year").first()
    if line is None:
        return Lines(None, None)
    return Lines(line.per_person_income, line.monitoring_income)


# --- rules on the ledger ---------------------------------------------------------------------

def projected_income(households: QuerySet[Household], *, today: datetime.date) -> dict[int, dict[str, Any]]:
    """Per household: income this year so far, last year's income in the months still to come,
    and the projection per person (the two added up, over the members). Two queries."""
    year_start = datetime.date(today.year, 1, 1)
    rows = (IncomeEntry.objects
            .filter(household__in=households, date__gt=one_year_before(today), date__lte=today)
            .values("household")
            .annotate(so_far=Sum("amount", filter=Q(date__gte=year_start)),
                      rest=Sum("amount", filter=Q(date__lt=year_start)))
            .order_by())
    sums = {row["household"]: row for row in rows}
    result = {}
    for pk, members in households.values_list("pk", "members"):
        row: Any = sums.get(pk, {})
        so_far, rest = round_to_fen(row.get("so_far")), round_to_fen(row.get("rest"))
        result[pk] = {"so_far": so_far, "rest": rest, "members": members,
                      "per_person": ((so_far + rest) / members).quantize(CENT, rounding=ROUND_HALF_UP)}
    return result


def projected_low_rule(households: QuerySet[Household], *, today: datetime.date) -> Iterable[Finding]:
    lines = lines_for(today.year)
    if lines.watch is None:
        return
    for pk, p in projected_income(households, today=today).items():
        band = lines.band(p["per_person"])
        if band in ("low", "near"):
            # Falling from "near" to "under" is a new cause: a dismissed "near" does not hide it.
            yield Finding(pk, IncomeWarning.Kind.PROJECTED_LOW, f"{today.year}-{band}", {
                "year": today.year, "so_far": money(p["so_far"]), "rest": money(p["rest"]),
                "per_person": money(p["per_person"]), "line": money(lines.watch),
                "monitoring_line": lines.watch_is_monitoring, "under": band == "low"})


def sales_drop_rule(households: QuerySet[Household], *, today: datetime.date) -> Iterable[Finding]:
    """E-commerce income of the last 90 days at most half of the same 90 days a year before."""
    start = today - datetime.timedelta(days=SALES_WINDOW_DAYS - 1)
    before_start, before_end = one_year_before(start), one_year_before(today)
    rows = (IncomeEntry.objects
            .filter(household__in=households, source=IncomeSource.ECOMMERCE)
            .filter(Q(date__gte=start, date__lte=today) | Q(date__gte=before_start, date__lte=before_end))
            .values("household")
            .annotate(now=Sum("amount", filter=Q(date__gte=start)),
                      before=Sum("amount", filter=Q(date__lte=before_end)))
            .order_by())
    for row in rows:
        now, before = round_to_fen(row["now"]), round_to_fen(row["before"])
        if before > 0 and now * 2 <= before:
            fall = ((before - now) / before * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
            yield Finding(row["household"], IncomeWarning.Kind.SALES_DROP, "sales", {
                "now": money(now), "before": money(before), "fall": str(fall),
                "start": start.isoformat(), "end": today.isoformat()})


def large_reversal_threshold() -> Decimal:
    return Decimal(str(getattr(settings, "MONITORING_LARGE_REVERSAL_YUAN", "200.00")))


def large_reversal_rule(households: QuerySet[Household], *, today: datetime.date) -> Iterable[Finding]:
    """Refunds and quality claims that took back at least the threshold from a household within
    90 days, in one go or in several."""
    since = today - datetime.timedelta(days=REVERSAL_WINDOW_DAYS)
    rows = (IncomeEntry.objects
            .filter(household__in=households, source=IncomeSource.ECOMMERCE, reverses__isnull=False,
                    date__gt=since, date__lte=today)
            .values("household")
            .annotate(total=Sum("amount"), count=Count("pk"), last=Max("date"), last_id=Max("pk"))
            .order_by())
    threshold = large_reversal_threshold()
    for row in rows:
        taken = -round_to_fen(row["total"])
        if taken >= threshold:
            yield Finding(row["household"], IncomeWarning.Kind.LARGE_REVERSAL, "reversals", {
                "amount": money(taken), "count": row["count"], "date": row["last"].isoformat()})


LEDGER_RULES: tuple[Rule, ...] = (projected_low_rule, sales_drop_rule, large_reversal_rule)


def rules() -> list[Rule]:
    return [*LEDGER_RULES, *_registered_rules]


# --- from findings to warnings ---------------------------------------------------------------

def _scope(households: QuerySet[Household] | Iterable[int] | None) -> QuerySet[Household]:
    if households is None:
        return Household.objects.all()
    if isinstance(households, QuerySet):
        return households
    return Household.objects.filter(pk__in=list(households))


@transaction.atomic
def recompute(*, households: QuerySet[Household] | Iterable[int] | None = None,
              today: datetime.date | None = None) -> dict[str, int]:
    """Bring the warnings of the households (default: all) in line with what the rules find now.

    Returns how many warnings were opened, updated and cleared (or ended while decided).
    """
    today = today or timezone.localdate()
    scope = _scope(households)
    # Two recomputes of the same households (a booking's and the nightly one) wait for each other
    # here instead of both opening the same warning.
    list(Household.objects.select_for_update().filter(pk__in=scope.values("pk")).values_list("pk", flat=True))
    findings = {(f.household_id, f.kind, f.topic): f for rule in rules() for f in rule(scope, today=today)}
    running: dict[tuple[int, str, str], IncomeWarning] = {}
    ended_today: dict[tuple[int, str, str], IncomeWarning] = {}
    for kept in IncomeWarning.objects.filter(household__in=scope).filter(
            Q(ended_on__isnull=True) | Q(opened_on=today, ended_on=today)):
        ident = (kept.household_id, kept.kind, kept.key.rsplit("@", 1)[0])
        (running if kept.ended_on is None else ended_today)[ident] = kept
    opened: list[IncomeWarning] = []
    changed: list[IncomeWarning] = []
    for ident, finding in findings.items():
        warning = running.get(ident)
        if warning is None and ident in ended_today:
            # A cause that went and came back on the same day continues that day's episode.
            warning = ended_today[ident]
            warning.ended_on, warning.figures = None, finding.figures
            if warning.state == IncomeWarning.State.CLEARED:
                warning.state, warning.closed_on = IncomeWarning.State.OPEN, None
            changed.append(warning)
        elif warning is None:
            opened.append(IncomeWarning(household_id=finding.household_id, kind=finding.kind,
                                        key=f"{finding.topic}@{today:%Y-%m-%d}", figures=finding.figures,
                                        opened_on=today))
        elif warning.is_open and warning.figures != finding.figures:
            warning.figures = finding.figures
            changed.append(warning)
    ended = 0
    for ident, warning in running.items():
        if ident not in findings:
            # The cause went away: the episode ends; an undecided warning clears itself.
            warning.ended_on = today
            if warning.is_open:
                warning.state, warning.closed_on = IncomeWarning.State.CLEARED, today
            changed.append(warning)
            ended += 1
    IncomeWarning.objects.bulk_create(opened)
    IncomeWarning.objects.bulk_update(changed, ["state", "closed_on", "ended_on", "figures"])
    return {"opened": len(opened), "updated": len(changed) - ended, "cleared": ended}


# --- the cadre's decisions -------------------------------------------------------------------

@transaction.atomic
def set_category(*, household: Household, category: str, reason: str, by: Any,
                 on: datetime.date | None = None) -> MonitoringChange:
    """Put the household under monitoring in a category, or take it out (category ""); the
    change is kept with its reason and who made it."""
    if category and category not in MonitoringCategory.values:
        raise ValueError(f"unknown monitoring category {category!r}")
    reason = reason.strip()[:300]
    if not reason:
        raise ValueError("a change of monitoring state needs a reason")
    on = on or timezone.localdate()
    household.monitoring_category = category
    household.monitoring_since = on if category else None
    household.monitoring_reason = reason if category else ""
    household.monitoring_set_by = by if category else None
    household.save(update_fields=["monitoring_category", "monitoring_since", "monitoring_reason",
                                  "monitoring_set_by"])
    return MonitoringChange.objects.create(household=household, category=category, reason=reason,
                                           changed_by=by, changed_on=on)


class NotOpen(Exception):
    """The warning was decided, or cleared itself, before this decision reached it."""


@transaction.atomic
def review_warning(*, warning: IncomeWarning, by: Any, confirm: bool, note: str, category: str = "",
                   on: datetime.date | None = None) -> IncomeWarning:
    """The cadre confirms the warning (optionally putting the household under monitoring) or
    dismisses it; either way with a note, and only while it is open."""
    on = on or timezone.localdate()
    warning = IncomeWarning.objects.select_for_update().get(pk=warning.pk)
    if not warning.is_open:
        raise NotOpen(warning.pk)
    warning.state = IncomeWarning.State.CONFIRMED if confirm else IncomeWarning.State.DISMISSED
    warning.closed_on, warning.reviewed_by, warning.review_note = on, by, note.strip()[:500]
    warning.save(update_fields=["state", "closed_on", "reviewed_by", "review_note"])
    if confirm and category:
        set_category(household=warning.household, category=category, reason=note.strip() or warning_sentence(warning),
                     by=by, on=on)
    return warning
