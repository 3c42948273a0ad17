"""The household income ledger: booking, reversing and adding up, all sums in SQL."""

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, TypedDict

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, ExtractMonth
from django.utils.translation import gettext as _

from core.money import MONEY, ZERO, MoneyDivided, round_to_fen
from households.models import Household, IncomeEntry

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class Income(TypedDict):
    """What `with_income` adds to each household."""

    income: Decimal
    income_per_person: Decimal


def book_income(*, household: Household, date: datetime.date, source: str, amount: Decimal, reference: str,
                description: str = "") -> tuple[IncomeEntry, bool]:
    """Book one income event; booking the same reference again books nothing.

    Returns (entry, created).
    """
    return IncomeEntry.objects.get_or_create(
        reference=reference,
        defaults={"household": household, "date": date, "source": source,
                  "amount": round_to_fen(amount), "description": description},
    )


def left_to_reverse(entry: IncomeEntry) -> Decimal:
    """What of `entry` its reversals have not yet taken back."""
    return entry.amount + (entry.reversals.aggregate(s=Sum("amount"))["s"] or ZERO)


@transaction.atomic
def reverse_entry(entry: IncomeEntry, *, date: datetime.date, reference: str, amount: Decimal | None = None,
                  description: str = "") -> tuple[IncomeEntry, bool]:
    """Cancel an entry, or `amount` of it, by booking the opposite (the ledger is never edited).

    Booking the same reference again books nothing. Refuses to reverse more than is left.
    """
    amount = entry.amount if amount is None else round_to_fen(amount)
    existing = IncomeEntry.objects.filter(reference=reference).first()
    if existing:
        return existing, False
    if abs(amount) > abs(left_to_reverse(entry)):
        raise ValidationError(_("Cannot reverse more than the entry booked."))
    return IncomeEntry.objects.get_or_create(
        reference=reference,
        defaults={"household_id": entry.household_id, "date": date, "source": entry.source,
                  "amount": -amount, "reverses": entry, "description": description or entry.description},
    )


def _year_entries(year: int) -> QuerySet[IncomeEntry]:
    return IncomeEntry.objects.filter(date__year=year)


def income_by_source(household: Household, year: int) -> dict[str, Decimal]:
    """{source: total} of the household's entries dated in the year."""
    rows = (_year_entries(year).filter(household=household).values("source")
            .annotate(total=Sum("amount")).order_by("source"))
    return {row["source"]: row["total"] for row in rows}


def annual_income(household: Household, year: int) -> Decimal:
    return _year_entries(year).filter(household=household).aggregate(
        total=Coalesce(Sum("amount"), Value(ZERO), output_field=MONEY))["total"]


def year_income(household: OuterRef, year: int) -> Coalesce:
    """The SQL of the year's income of the household `household` points at (0.00 without entries)."""
    total = (_year_entries(year).filter(household=household).values("household")
             .annotate(s=Sum("amount")).values("s"))
    return Coalesce(Subquery(total, output_field=MONEY), Value(ZERO), output_field=MONEY)


def per_person(income: models.Expression | models.F, members: str) -> MoneyDivided:
    """The SQL of `income` divided by the household's `members` (a field's path)."""
    return MoneyDivided(income, models.F(members))


def with_income(households: QuerySet[Household], year: int) -> "QuerySet[WithAnnotations[Household, Income]]":
    """Annotate households with `income` and `income_per_person` for the year, in one query."""
    return households.annotate(income=year_income(OuterRef("pk"), year)).annotate(
        income_per_person=per_person(models.F("income"), "members"))


def per_person_income(household: Household, year: int) -> Decimal:
    row = with_income(Household.objects.filter(pk=household.pk), year).values("income_per_person").get()
    return round_to_fen(row["income_per_person"])



def monthly_by_source(households: QuerySet[Household], year: int) -> dict[int, dict[int, dict[str, Decimal]]]:
    """{household id: {month 1-12: {source: total}}} of the year's entries, in one query."""
    rows = (_year_entries(year).filter(household__in=households)
            .annotate(month=ExtractMonth("date")).values("household", "month", "source")
            .annotate(total=Sum("amount")).order_by())
    result: dict[int, dict[int, dict[str, Decimal]]] = {}
    for row in rows:
        result.setdefault(row["household"], {}).setdefault(row["month"], {})[row["source"]] = row["total"]
    return result


def entry_years(households: QuerySet[Household]) -> list[int]:
    """The years in which the households have ledger entries, newest first."""
    return sorted({d.year for d in IncomeEntry.objects.filter(household__in=households).dates("date", "year")},
                  reverse=True)
