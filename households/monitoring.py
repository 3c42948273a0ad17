"""Monitoring against a return to poverty (防止返贫动态监测), computed from the income ledger.

Each rule looks at a set of households and returns :class:`Finding`s: a household, the kind of
warning, which occurrence it is (``key``) and the figures behind it. :func:`recompute` turns the
findings into :class:`~households.models.IncomeWarning` rows: a new finding opens a warning, a
finding that is still there updates its figures, an open warning whose finding went away clears
itself. A warning the cadre confirmed or dismissed stays decided for that occurrence.

This app sees only the ledger. Rules that need other apps' data (the catalogue's supply lots)
are registered by those apps with :func:`register_rule` when they start.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from households.models import Household, IncomeEntry, IncomeSource, IncomeWarning, MonitoringCategory, PovertyLine

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
# A household is warned about when projected within this share above the monitoring line.
NEAR_LINE = Decimal("0.10")
SALES_WINDOW_DAYS = 90
REVERSAL_WINDOW_DAYS = 90


@dataclass(frozen=True)
class Finding:
    household_id: int
    kind: str
    key: str
    figures: dict


Rule = Callable[..., Iterable[Finding]]
_registered_rules: list[Rule] = []


def register_rule(rule: Rule) -> Rule:
    """Add a rule ``rule(households, *, today)``; apps above this one register theirs in ready()."""
    if rule not in _registered_rules:
        _registered_rules.append(rule)
    return rule


def money(value) -> str:
    return str(Decimal(value or 0).quantize(CENT))


def yuan(value) -> str:
    return f"¥{Decimal(value):,.2f}"


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


def lines_for(year: int) -> Lines:
    """The lines in force for the year (the latest set, if the year has none of its own)."""
    line = PovertyLine.objects.filter(year__lte=year).order_by("-year").first()
    if line is None:
        return Lines(None, None)
    return Lines(line.per_person_income, line.monitoring_income)


# --- rules on the ledger ---------------------------------------------------------------------

def projected_income(households: QuerySet, *, today: datetime.date) -> dict[int, dict]:
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
        row = sums.get(pk, {})
        so_far, rest = row.get("so_far") or ZERO, row.get("rest") or ZERO
        result[pk] = {"so_far": so_far, "rest": rest,
                      "per_person": ((so_far + rest) / members).quantize(CENT), "members": members}
    return result


def projected_low_rule(households: QuerySet, *, today: datetime.date) -> Iterable[Finding]:
    lines = lines_for(today.year)
    if lines.watch is None:
        return
    near = (lines.watch * (1 + NEAR_LINE)).quantize(CENT)
    for pk, p in projected_income(households, today=today).items():
        if p["per_person"] < near:
            yield Finding(pk, IncomeWarning.Kind.PROJECTED_LOW, str(today.year), {
                "year": today.year, "so_far": money(p["so_far"]), "rest": money(p["rest"]),
                "per_person": money(p["per_person"]), "line": money(lines.watch),
                "under": p["per_person"] < lines.watch})


def sales_drop_rule(households: QuerySet, *, today: datetime.date) -> Iterable[Finding]:
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
        now, before = row["now"] or ZERO, row["before"] or ZERO
        if before > 0 and now * 2 <= before:
            fall = ((before - now) / before * 100).quantize(Decimal("1"))
            yield Finding(row["household"], IncomeWarning.Kind.SALES_DROP, f"{today:%Y-%m}", {
                "now": money(now), "before": money(before), "fall": str(fall),
                "start": start.isoformat(), "end": today.isoformat()})


def large_reversal_threshold() -> Decimal:
    return Decimal(str(getattr(settings, "MONITORING_LARGE_REVERSAL_YUAN", "200.00")))


def large_reversal_rule(households: QuerySet, *, today: datetime.date) -> Iterable[Finding]:
    """A refund or quality claim that took back at least the threshold from a household."""
    since = today - datetime.timedelta(days=REVERSAL_WINDOW_DAYS)
    entries = (IncomeEntry.objects
               .filter(household__in=households, source=IncomeSource.ECOMMERCE, reverses__isnull=False,
                       amount__lte=-large_reversal_threshold(), date__gt=since, date__lte=today)
               .values("pk", "household", "amount", "date", "description"))
    for e in entries:
        yield Finding(e["household"], IncomeWarning.Kind.LARGE_REVERSAL, f"entry-{e['pk']}", {
            "amount": money(-e["amount"]), "date": e["date"].isoformat(), "description": e["description"]})


LEDGER_RULES: tuple[Rule, ...] = (projected_low_rule, sales_drop_rule, large_reversal_rule)


def rules() -> list[Rule]:
    return [*LEDGER_RULES, *_registered_rules]


# --- from findings to warnings ---------------------------------------------------------------

@transaction.atomic
def recompute(*, households: QuerySet | Iterable[int] | None = None, today: datetime.date | None = None) -> dict:
    """Bring the warnings of the households (default: all) in line with what the rules find now.

    Returns how many warnings were opened, updated and cleared.
    """
    today = today or timezone.localdate()
    if households is None:
        scope = Household.objects.all()
    elif isinstance(households, QuerySet):
        scope = households
    else:
        scope = Household.objects.filter(pk__in=list(households))
    findings = {(f.household_id, f.kind, f.key): f for rule in rules() for f in rule(scope, today=today)}
    keys = {key for _h, _k, key in findings}
    existing = {(w.household_id, w.kind, w.key): w for w in IncomeWarning.objects.select_for_update()
                .filter(household__in=scope).filter(Q(state=IncomeWarning.State.OPEN) | Q(key__in=keys))}
    opened, updated, cleared = [], [], []
    for ident, finding in findings.items():
        warning = existing.get(ident)
        if warning is None:
            opened.append(IncomeWarning(household_id=finding.household_id, kind=finding.kind, key=finding.key,
                                        figures=finding.figures, opened_on=today))
        elif warning.state == IncomeWarning.State.CLEARED or (warning.is_open and warning.figures != finding.figures):
            # A cleared warning whose cause came back opens again; a decided one stays decided.
            warning.state, warning.closed_on, warning.figures = IncomeWarning.State.OPEN, None, finding.figures
            updated.append(warning)
    for ident, warning in existing.items():
        if warning.is_open and ident not in findings:
            warning.state, warning.closed_on = IncomeWarning.State.CLEARED, today
            cleared.append(warning)
    IncomeWarning.objects.bulk_create(opened)
    IncomeWarning.objects.bulk_update(updated + cleared, ["state", "closed_on", "figures"])
    return {"opened": len(opened), "updated": len(updated), "cleared": len(cleared)}


def recompute_after_commit(household_ids: Iterable[int]) -> None:
    """Recompute once the booking that changed these households has committed."""
    ids = sorted(set(household_ids))
    transaction.on_commit(lambda: recompute(households=ids), robust=True)


# --- the cadre's decisions -------------------------------------------------------------------

def set_category(*, household: Household, category: str, reason: str, by, on: datetime.date | None = None) -> None:
    """Put the household under monitoring in a category (or take it out with category "")."""
    if category and category not in MonitoringCategory.values:
        raise ValueError(f"unknown monitoring category {category!r}")
    household.monitoring_category = category
    household.monitoring_since = (on or timezone.localdate()) if category else None
    household.monitoring_reason = reason[:300] if category else ""
    household.monitoring_set_by = by if category else None
    household.save(update_fields=["monitoring_category", "monitoring_since", "monitoring_reason",
                                  "monitoring_set_by"])


@transaction.atomic
def review_warning(*, warning: IncomeWarning, by, confirm: bool, note: str, category: str = "",
                   on: datetime.date | None = None) -> IncomeWarning:
    """The cadre confirms the warning (optionally putting the household under monitoring) or
    dismisses it; either way with a note, and only while it is open."""
    on = on or timezone.localdate()
    warning = IncomeWarning.objects.select_for_update().get(pk=warning.pk)
    if not warning.is_open:
        raise ValueError("only an open warning can be reviewed")
    warning.state = IncomeWarning.State.CONFIRMED if confirm else IncomeWarning.State.DISMISSED
    warning.closed_on, warning.reviewed_by, warning.review_note = on, by, note.strip()[:500]
    warning.save(update_fields=["state", "closed_on", "reviewed_by", "review_note"])
    if confirm and category:
        set_category(household=warning.household, category=category, reason=note.strip() or warning.sentence,
                     by=by, on=on)
    return warning


# --- saying it -------------------------------------------------------------------------------

def _day(iso: str) -> str:
    return date_format(datetime.date.fromisoformat(iso), "Y-m-d")


def warning_sentence(warning: IncomeWarning) -> str:
    f, kind = warning.figures, warning.kind
    if kind == IncomeWarning.Kind.PROJECTED_LOW:
        text = (_("Projected income per person for %(year)s is %(pp)s (%(so_far)s so far plus %(rest)s that last "
                  "year brought in the months still to come), under the monitoring line of %(line)s.")
                if f["under"] else
                _("Projected income per person for %(year)s is %(pp)s (%(so_far)s so far plus %(rest)s that last "
                  "year brought in the months still to come), less than 10 %% above the monitoring line of "
                  "%(line)s."))
        return text % {"year": f["year"], "pp": yuan(f["per_person"]), "so_far": yuan(f["so_far"]),
                       "rest": yuan(f["rest"]), "line": yuan(f["line"])}
    if kind == IncomeWarning.Kind.SALES_DROP:
        return _("E-commerce income from %(start)s to %(end)s was %(now)s, %(fall)s%% less than the %(before)s "
                 "of the same 90 days last year.") % {
            "start": _day(f["start"]), "end": _day(f["end"]), "now": yuan(f["now"]), "fall": f["fall"],
            "before": yuan(f["before"])}
    if kind == IncomeWarning.Kind.NO_SUPPLY:
        return _("The household has brought no supply to the station for %(days)s days (last on %(last)s).") % {
            "days": f["days"], "last": _day(f["last"])}
    if kind == IncomeWarning.Kind.LARGE_REVERSAL:
        figures = {"amount": yuan(f["amount"]), "date": _day(f["date"]), "what": f.get("description") or ""}
        if figures["what"]:
            return _("%(amount)s of e-commerce income was taken back on %(date)s: %(what)s.") % figures
        return _("%(amount)s of e-commerce income was taken back on %(date)s by a refund or claim.") % figures
    return warning.get_kind_display()
