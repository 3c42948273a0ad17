"""The county office types the income the platform does not see (wages, farming, transfers) in the
admin, and corrects it with reversing entries — by the ledger's rules, never around them."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from households.ledger import book_income
from households.models import IncomeEntry, IncomeSource

pytestmark = pytest.mark.django_db


@pytest.fixture
def wages(county, today):
    entry, _ = book_income(household=county.yu, date=today - datetime.timedelta(days=10), source=IncomeSource.WAGES,
                           amount=Decimal("430.00"), reference="wages-yu-1")
    return entry


def add(staff, **fields):
    data = {"date": timezone.localdate().isoformat(), "source": IncomeSource.WAGES, "description": "",
            "reverses": "", **fields}
    return staff.post(reverse("admin:households_incomeentry_add"), data)


def test_wages_are_booked_through_the_ledger(staff, county):
    response = add(staff, household=county.bao.pk, amount="1200.00", reference="wages-bao-1")
    assert response.status_code == 302
    entry = IncomeEntry.objects.get(reference="wages-bao-1")
    assert (entry.household, entry.amount, entry.source) == (county.bao, Decimal("1200.00"), "wages")


def test_a_correction_takes_back_at_most_what_is_left_of_its_own_households_entry(staff, county, wages):
    refused = [
        add(staff, household=county.bao.pk, amount="-43.00", reference="r1", reverses=wages.pk),  # another household
        add(staff, household=county.yu.pk, amount="-4300.00", reference="r2", reverses=wages.pk),  # ten times
        add(staff, household=county.yu.pk, amount="43.00", reference="r3", reverses=wages.pk),  # same sign
        add(staff, household=county.yu.pk, amount="-43.00", reference="r4", reverses=wages.pk,
            source=IncomeSource.FARMING),
    ]
    assert all(r.status_code == 200 for r in refused)
    assert not IncomeEntry.objects.filter(reference__in=["r1", "r2", "r3", "r4"]).exists()

    assert add(staff, household=county.yu.pk, amount="-400.00", reference="r5", reverses=wages.pk).status_code == 302
    too_much = add(staff, household=county.yu.pk, amount="-40.00", reference="r6", reverses=wages.pk)
    assert "¥30.00" in too_much.content.decode()
    assert IncomeEntry.objects.get(reference="r5").reverses == wages
    assert not IncomeEntry.objects.filter(reference="r6").exists()


def test_e_commerce_income_is_never_typed(staff, county):
    response = add(staff, household=county.yu.pk, amount="5000.00", reference="fake-sale",
                   source=IncomeSource.ECOMMERCE)
    assert response.status_code == 200 and "source" in response.context["adminform"].form.errors
    assert not IncomeEntry.objects.filter(reference="fake-sale").exists()
