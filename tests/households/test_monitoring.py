"""Warnings come from the ledger before a yearly survey would notice: a projection near the
monitoring line, sales that collapsed, supply that stopped, a large reversal."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from catalog.models import SupplyLot
from core.money import yuan
from households import monitoring
from households.ledger import book_income, reverse_entry
from households.models import Household, IncomeSource, IncomeWarning
from households.wording import warning_sentence

pytestmark = pytest.mark.django_db


def warnings_of(household, kind=None):
    qs = IncomeWarning.objects.filter(household=household)
    return list(qs.filter(kind=kind) if kind else qs)


def book(household, amount, *, days_ago=0, source=IncomeSource.WAGES, ref=None, on=None):
    date = on or timezone.localdate() - datetime.timedelta(days=days_ago)
    entry, _ = book_income(household=household, date=date, source=source,
                           amount=Decimal(amount), reference=ref or f"t:{household.pk}:{amount}:{days_ago}:{source}")
    return entry


def rich(household, members_income="20000.00"):
    """Enough income this year that the projection is far above every line."""
    book(household, Decimal(members_income) * household.members, on=timezone.localdate(), ref=f"rich:{household.pk}")


def test_a_household_projected_under_the_monitoring_line_is_warned_with_its_figures(county, monitoring_line, today):
    # 于某: ¥3,000 of wages this year for two people (county fixture), nothing last year.
    monitoring.recompute(today=today)
    (warning,) = warnings_of(county.yu, IncomeWarning.Kind.PROJECTED_LOW)
    assert warning.is_open and warning.figures["under"] is True
    assert warning.figures["line"] == "7500.00"
    assert "¥7,500.00" in warning_sentence(warning)


def test_the_projection_adds_last_years_remaining_months(county, monitoring_line, today):
    # On 31 December nothing of last year is still to come: look from the day before.
    today = today - datetime.timedelta(days=1) if (today.month, today.day) == (12, 31) else today
    # Last year, in the months still to come this year: ¥14,000 for 于某's two people.
    later_last_year = monitoring.one_year_before(today) + datetime.timedelta(days=1)
    book(county.yu, "14000.00", on=later_last_year, ref="yu:last-year")
    projection = monitoring.projected_income(Household.objects.filter(pk=county.yu.pk), today=today)[county.yu.pk]
    assert projection["rest"] == Decimal("14000.00")
    assert projection["per_person"] == ((projection["so_far"] + Decimal("14000.00")) / 2).quantize(Decimal("0.01"))


def test_a_household_less_than_ten_percent_above_the_line_is_warned_too(county, monitoring_line, today):
    # 包某 lives alone: ¥8,000 in the last twelve months is 6.7 % above ¥7,500.
    projection = monitoring.projected_income(Household.objects.filter(pk=county.bao.pk), today=today)[county.bao.pk]
    book(county.bao, Decimal("8000.00") - projection["so_far"] - projection["rest"], on=today, ref="bao:top-up")
    monitoring.recompute(today=today)
    (warning,) = warnings_of(county.bao, IncomeWarning.Kind.PROJECTED_LOW)
    assert warning.figures["under"] is False and warning.figures["per_person"] == "8000.00"
    assert "10" in warning_sentence(warning)


@pytest.mark.parametrize("per_person, warned", [("8249.99", True), ("8250.00", False)])
def test_the_near_band_ends_exactly_ten_percent_above_the_line(county, monitoring_line, today, per_person, warned):
    # The line is ¥7,500 (monitoring_line); 10 % above it is ¥8,250, counted by hand here.
    projection = monitoring.projected_income(Household.objects.filter(pk=county.bao.pk), today=today)[county.bao.pk]
    book(county.bao, Decimal(per_person) - projection["so_far"] - projection["rest"], on=today, ref="bao:edge")
    monitoring.recompute(today=today)
    assert bool(warnings_of(county.bao, IncomeWarning.Kind.PROJECTED_LOW)) is warned


def test_a_household_well_above_the_line_is_not_warned(county, monitoring_line, today):
    rich(county.bao)
    monitoring.recompute(today=today)
    assert warnings_of(county.bao, IncomeWarning.Kind.PROJECTED_LOW) == []


def test_sales_down_by_half_against_the_same_90_days_last_year_are_warned(county, monitoring_line, today):
    rich(county.yu)
    last_year = monitoring.one_year_before(today) - datetime.timedelta(days=10)
    book(county.yu, "1000.00", on=last_year, source=IncomeSource.ECOMMERCE, ref="yu:sales:last-year")
    book(county.yu, "500.00", days_ago=10, source=IncomeSource.ECOMMERCE, ref="yu:sales:now")
    monitoring.recompute(today=today)
    (warning,) = warnings_of(county.yu, IncomeWarning.Kind.SALES_DROP)
    assert warning.figures == {**warning.figures, "now": "500.00", "before": "1000.00", "fall": "50"}
    assert "50%" in warning_sentence(warning)


def test_sales_down_by_less_than_half_are_not_warned(county, monitoring_line, today):
    rich(county.yu)
    last_year = monitoring.one_year_before(today) - datetime.timedelta(days=10)
    book(county.yu, "1000.00", on=last_year, source=IncomeSource.ECOMMERCE, ref="yu:sales:last-year")
    book(county.yu, "501.00", days_ago=10, source=IncomeSource.ECOMMERCE, ref="yu:sales:now")
    # Sales of a different season last year (four months off) do not count either.
    book(county.yu, "9000.00", on=monitoring.one_year_before(today) - datetime.timedelta(days=120),
         source=IncomeSource.ECOMMERCE, ref="yu:sales:other-season")
    monitoring.recompute(today=today)
    assert warnings_of(county.yu, IncomeWarning.Kind.SALES_DROP) == []


def lot(county, household, days_ago):
    return SupplyLot.objects.create(household=household, product=county.honey,
                                    stockrecord=county.honey.stockrecords.get(), quantity=3,
                                    unit_price=Decimal("60.00"),
                                    supplied_on=timezone.localdate() - datetime.timedelta(days=days_ago))


def test_a_selling_household_without_supply_for_60_days_is_warned(county, monitoring_line, today):
    rich(county.yu)
    lot(county, county.yu, 200)
    lot(county, county.yu, 61)
    monitoring.recompute(today=today)
    (warning,) = warnings_of(county.yu, IncomeWarning.Kind.NO_SUPPLY)
    assert warning.figures["days"] == 61
    assert "61" in warning_sentence(warning)


def test_recent_supply_or_none_for_over_a_year_is_no_warning(county, monitoring_line, today):
    rich(county.yu)
    rich(county.bao)
    lot(county, county.yu, 59)
    lot(county, county.bao, 400)  # no longer a selling household
    monitoring.recompute(today=today)
    assert warnings_of(county.yu, IncomeWarning.Kind.NO_SUPPLY) == []
    assert warnings_of(county.bao, IncomeWarning.Kind.NO_SUPPLY) == []


def test_refunds_taking_back_a_large_sum_within_90_days_are_warned(county, monitoring_line, settings, today):
    settings.MONITORING_LARGE_REVERSAL_YUAN = "200.00"
    rich(county.yu)
    sale = book(county.yu, "800.00", days_ago=100, source=IncomeSource.ECOMMERCE, ref="yu:sale")
    # Older than 90 days: no longer a warning.
    reverse_entry(sale, date=today - datetime.timedelta(days=91), reference="yu:refund:old", amount=Decimal("300"))
    reverse_entry(sale, date=today, reference="yu:refund:small", amount=Decimal("150.00"))
    monitoring.recompute(today=today)
    assert warnings_of(county.yu, IncomeWarning.Kind.LARGE_REVERSAL) == []
    # Several small refunds add up.
    reverse_entry(sale, date=today, reference="yu:refund:second", amount=Decimal("60.00"))
    monitoring.recompute(today=today)
    (warning,) = warnings_of(county.yu, IncomeWarning.Kind.LARGE_REVERSAL)
    assert warning.figures["amount"] == "210.00" and warning.figures["count"] == 2
    assert "¥210.00" in warning_sentence(warning)


def test_an_open_warning_clears_itself_when_its_cause_goes_and_a_new_one_opens_when_it_returns(
        county, monitoring_line, today):
    yesterday = today - datetime.timedelta(days=1)
    monitoring.recompute(today=yesterday)
    (warning,) = warnings_of(county.bao, IncomeWarning.Kind.PROJECTED_LOW)
    boost = book(county.bao, "30000.00", on=yesterday, ref="bao:boost")
    assert monitoring.recompute(today=yesterday)["cleared"] >= 1
    warning.refresh_from_db()
    assert warning.state == IncomeWarning.State.CLEARED and warning.closed_on == warning.ended_on == yesterday
    reverse_entry(boost, date=yesterday, reference="bao:boost:reversed")
    monitoring.recompute(today=today)
    # The past stays as it was: the first warning closed yesterday; a new one opened today.
    warning.refresh_from_db()
    assert warning.state == IncomeWarning.State.CLEARED and warning.closed_on == yesterday
    (again,) = [w for w in warnings_of(county.bao, IncomeWarning.Kind.PROJECTED_LOW) if w.pk != warning.pk]
    assert again.is_open and again.opened_on == today


def test_a_decision_holds_while_the_cause_lasts_from_day_to_day(county, monitoring_line, today):
    rich(county.yu)
    last_year = monitoring.one_year_before(today) - datetime.timedelta(days=10)
    book(county.yu, "1000.00", on=last_year, source=IncomeSource.ECOMMERCE, ref="yu:sales:last-year")
    yesterday = today - datetime.timedelta(days=1)
    monitoring.recompute(today=yesterday)
    (warning,) = warnings_of(county.yu, IncomeWarning.Kind.SALES_DROP)
    monitoring.review_warning(warning=warning, by=county.cadre, confirm=True, note="蟹塘受灾")
    monitoring.recompute(today=today)
    assert [w.pk for w in warnings_of(county.yu, IncomeWarning.Kind.SALES_DROP)] == [warning.pk]
    warning.refresh_from_db()
    assert warning.state == IncomeWarning.State.CONFIRMED and warning.ended_on is None


def test_a_household_falling_from_near_the_line_to_under_it_is_warned_again(county, monitoring_line, today):
    projection = monitoring.projected_income(Household.objects.filter(pk=county.bao.pk), today=today)[county.bao.pk]
    top_up = book(county.bao, Decimal("8000.00") - projection["so_far"] - projection["rest"], on=today,
                  ref="bao:top-up")
    monitoring.recompute(today=today)
    (near,) = warnings_of(county.bao, IncomeWarning.Kind.PROJECTED_LOW)
    monitoring.review_warning(warning=near, by=county.cadre, confirm=False, note="接近但稳定")
    reverse_entry(top_up, date=today, reference="bao:top-up:reversed")
    monitoring.recompute(today=today)
    under = [w for w in warnings_of(county.bao, IncomeWarning.Kind.PROJECTED_LOW) if w.pk != near.pk]
    assert len(under) == 1 and under[0].is_open and under[0].figures["under"] is True


def test_a_dismissed_warning_stays_dismissed_for_the_same_cause(county, monitoring_line, today):
    monitoring.recompute(today=today)
    (warning,) = warnings_of(county.bao, IncomeWarning.Kind.PROJECTED_LOW)
    monitoring.review_warning(warning=warning, by=county.cadre, confirm=False, note="子女每月寄钱，收入稳定")
    monitoring.recompute(today=today)
    (again,) = warnings_of(county.bao, IncomeWarning.Kind.PROJECTED_LOW)
    assert again.pk == warning.pk and again.state == IncomeWarning.State.DISMISSED


def test_confirming_a_warning_can_put_the_household_under_monitoring(county, monitoring_line, today):
    monitoring.recompute(today=today)
    (warning,) = warnings_of(county.yu, IncomeWarning.Kind.PROJECTED_LOW)
    monitoring.review_warning(warning=warning, by=county.cadre, confirm=True, note="因病减收", category="unstable")
    county.yu.refresh_from_db()
    assert county.yu.monitoring_category == "unstable"
    assert county.yu.monitoring_since == today and county.yu.monitoring_set_by == county.cadre
    assert county.yu.monitoring_reason == "因病减收"
    with pytest.raises(monitoring.NotOpen):
        monitoring.review_warning(warning=warning, by=county.cadre, confirm=False, note="again")


def test_a_monitoring_category_must_be_known_and_every_change_needs_a_reason(county):
    with pytest.raises(ValueError):
        monitoring.set_category(household=county.yu, category="rich", reason="x", by=county.cadre)
    with pytest.raises(ValueError):
        monitoring.set_category(household=county.yu, category="", reason="  ", by=county.cadre)
    county.yu.refresh_from_db()
    assert county.yu.monitoring_category == "" and not county.yu.monitoring_changes.exists()


def test_a_transaction_of_many_bookings_recomputes_its_households_once(county, monitoring_line,
                                                                     django_capture_on_commit_callbacks):
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        for i in range(5):
            book(county.yu, "10.00", days_ago=i, source=IncomeSource.ECOMMERCE, ref=f"yu:many:{i}")
        book(county.bao, "10.00", source=IncomeSource.ECOMMERCE, ref="bao:one")
    with CaptureQueriesContext(connection) as queries:
        for callback in callbacks:
            callback()
    reads = [q for q in queries.captured_queries if 'FROM "households_incomewarning"' in q["sql"]]
    assert len(reads) == 1
    assert {w.household_id for w in IncomeWarning.objects.all()} == {county.yu.pk, county.bao.pk}


def test_a_booking_recomputes_its_households_warnings_once_committed(county, monitoring_line,
                                                                    django_capture_on_commit_callbacks, today):
    rich(county.yu)
    monitoring.recompute(today=today)
    sale = book(county.yu, "900.00", days_ago=3, source=IncomeSource.ECOMMERCE, ref="yu:sale:2")
    with django_capture_on_commit_callbacks(execute=True):
        reverse_entry(sale, date=today, reference="yu:sale:2:refund")
    assert warnings_of(county.yu, IncomeWarning.Kind.LARGE_REVERSAL)


def test_recording_supply_recomputes_the_households_warnings(county, monitoring_line,
                                                            django_capture_on_commit_callbacks, today):
    rich(county.yu)
    lot(county, county.yu, 90)
    monitoring.recompute(today=today)
    assert warnings_of(county.yu, IncomeWarning.Kind.NO_SUPPLY)[0].is_open
    with django_capture_on_commit_callbacks(execute=True):
        lot(county, county.yu, 0)
    assert warnings_of(county.yu, IncomeWarning.Kind.NO_SUPPLY)[0].state == IncomeWarning.State.CLEARED


def test_the_periodic_command_recomputes_every_household(county, monitoring_line):
    call_command("compute_warnings", stdout=__import__("io").StringIO())
    assert {w.household_id for w in IncomeWarning.objects.all()} >= {county.yu.pk, county.bao.pk, county.far.pk}


def test_without_a_monitoring_line_the_poverty_line_is_the_measure(county, today):
    monitoring.recompute(today=today)
    (warning,) = warnings_of(county.yu, IncomeWarning.Kind.PROJECTED_LOW)
    assert warning.figures["line"] == "6800.00" and warning.figures["monitoring_line"] is False
    assert "贫困线" in warning_sentence(warning) or "poverty line" in warning_sentence(warning)


def test_amounts_in_warnings_and_pages_carry_the_sign_before_the_yuan_sign():
    assert yuan(Decimal("-420")) == "-¥420.00"
    assert yuan("12345.5") == "¥12,345.50"
    assert yuan(0) == "¥0.00"
