"""The income ledger: append-only, booked once, summed in SQL."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from households import ledger
from households.models import Household, IncomeEntry, IncomeSource

pytestmark = pytest.mark.django_db


@pytest.fixture
def june_first(today):
    """A day of this year, like the county's own entries."""
    return today.replace(month=6, day=1)


def test_an_event_is_booked_once_however_often_it_is_reported(county, june_first):
    first, created = ledger.book_income(household=county.yu, date=june_first, source=IncomeSource.ECOMMERCE,
                                        amount=Decimal("120.00"), reference="sale:1")
    again, created_again = ledger.book_income(household=county.yu, date=june_first, source=IncomeSource.ECOMMERCE,
                                              amount=Decimal("120.00"), reference="sale:1")
    assert created and not created_again and first.pk == again.pk
    assert IncomeEntry.objects.filter(reference="sale:1").count() == 1
    assert first.description == ""  # none given, none shown


def test_entries_are_never_edited_or_deleted(county, june_first):
    entry, _ = ledger.book_income(household=county.yu, date=june_first, source=IncomeSource.WAGES,
                                  amount=Decimal("500.00"), reference="wage:1")
    entry.amount = Decimal("5000.00")
    with pytest.raises(ValidationError):
        entry.save()
    with pytest.raises(ValidationError):
        entry.delete()
    with pytest.raises(ValidationError):
        IncomeEntry.objects.filter(pk=entry.pk).update(amount=Decimal("1"))
    with pytest.raises(ValidationError):
        IncomeEntry.objects.filter(pk=entry.pk).delete()
    entry.refresh_from_db()
    assert entry.amount == Decimal("500.00")


def test_a_correction_is_a_reversing_entry(county, june_first):
    entry, _ = ledger.book_income(household=county.bao, date=june_first, source=IncomeSource.WAGES,
                                  amount=Decimal("500.00"), reference="wage:2")
    before = ledger.annual_income(county.bao, june_first.year)
    reversal, created = ledger.reverse_entry(entry, date=june_first, reference="wage:2:reversal")
    assert created and reversal.amount == Decimal("-500.00") and reversal.reverses == entry
    assert ledger.annual_income(county.bao, june_first.year) == before - Decimal("500.00")
    assert IncomeEntry.objects.filter(pk=entry.pk, amount=Decimal("500.00")).exists()


def test_per_person_income_counts_only_the_year_and_divides_by_members(county):
    year = timezone.localdate().year
    ledger.book_income(household=county.yu, date=datetime.date(year - 1, 12, 31), source=IncomeSource.WAGES,
                       amount=Decimal("9999.00"), reference="last-year")
    ledger.book_income(household=county.yu, date=datetime.date(year, 3, 1), source=IncomeSource.FARMING,
                       amount=Decimal("1001.01"), reference="farming")
    # 3000 wages (fixture) + 1001.01 farming, for 2 members.
    assert ledger.per_person_income(county.yu, year) == Decimal("2000.51")
    assert ledger.income_by_source(county.yu, year) == {"farming": Decimal("1001.01"), "wages": Decimal("3000.00")}


def test_a_whole_yuan_income_is_shared_to_the_fen(county, today):
    # 3000 wages (fixture) + 425 farming = 3425 for 2 members: 1712.50 each, on SQLite too, where a
    # whole-yuan sum is an integer that SQL would divide as one (1712).
    ledger.book_income(household=county.yu, date=today.replace(month=1, day=2), source=IncomeSource.FARMING,
                       amount=Decimal("425.00"), reference="farming:whole")
    assert ledger.per_person_income(county.yu, today.year) == Decimal("1712.50")
    row = ledger.with_income(Household.objects.filter(pk=county.yu.pk), today.year).get()
    assert (row.income, row.income_per_person) == (Decimal("3425.00"), Decimal("1712.50"))


def test_a_year_without_entries_is_an_income_of_nought(county, today):
    assert ledger.annual_income(county.yu, today.year - 5) == Decimal("0.00")
    row = ledger.with_income(Household.objects.filter(pk=county.yu.pk), today.year - 5).get()
    assert (row.income, row.income_per_person) == (Decimal("0.00"), Decimal("0.00"))


def test_the_years_with_entries_newest_first(county, today):
    for years_ago in (3, 1):
        ledger.book_income(household=county.yu, date=today.replace(year=today.year - years_ago, month=6, day=1),
                           source=IncomeSource.WAGES, amount=Decimal("1.00"), reference=f"old:{years_ago}")
    assert ledger.entry_years(Household.objects.filter(pk=county.yu.pk)) == [
        today.year, today.year - 1, today.year - 3]


def test_income_of_many_households_is_one_query(county):
    with CaptureQueriesContext(connection) as queries:
        rows = list(ledger.with_income(Household.objects.all(), timezone.localdate().year))
    assert len(queries) == 1
    assert {h.registry_number: h.income_per_person for h in rows}["H-DX-1"] == Decimal("0")


def test_the_lines_fall_back_to_the_latest_year_set(county):
    from households.monitoring import lines_for

    year = timezone.localdate().year
    assert lines_for(year).poverty == Decimal("6800.00")
    assert lines_for(year + 1).poverty == Decimal("6800.00")
    assert lines_for(1990).poverty is None and lines_for(1990).watch is None


def test_a_reversal_never_takes_back_more_than_is_left_of_the_entry(county, june_first):
    entry, _ = ledger.book_income(household=county.bao, date=june_first, source=IncomeSource.WAGES,
                                  amount=Decimal("500.00"), reference="wage:over")
    ledger.reverse_entry(entry, date=june_first, reference="wage:over:r1", amount=Decimal("300.00"))
    with pytest.raises(ValidationError):
        ledger.reverse_entry(entry, date=june_first, reference="wage:over:r2", amount=Decimal("200.01"))
    ledger.reverse_entry(entry, date=june_first, reference="wage:over:r3", amount=Decimal("200.00"))
    with pytest.raises(ValidationError):
        ledger.reverse_entry(entry, date=june_first, reference="wage:over:r4", amount=Decimal("0.01"))
    assert ledger.left_to_reverse(entry) == Decimal("0.00")
    assert sorted(IncomeEntry.objects.filter(household=county.bao, reference__startswith="wage:over")
                  .values_list("amount", flat=True)) == [Decimal("-300.00"), Decimal("-200.00"), Decimal("500.00")]
