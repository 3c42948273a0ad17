"""Both ledgers are append-only: what was booked is never changed or deleted, one by one or in bulk."""

from decimal import Decimal

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils import timezone

from catalog.supply import record_supply
from core.ledgers import ReadOnlyAdmin
from households.ledger import book_income
from households.models import IncomeEntry, IncomeSource
from settlement.models import PlatformAccount, PlatformEntry
from tests.factories import ADDR, place_order

pytestmark = pytest.mark.django_db


def test_an_income_entry_is_never_changed_or_deleted(county):
    entry, _ = book_income(household=county.yu, date=timezone.localdate(), source=IncomeSource.WAGES,
                           amount=Decimal("100.00"), reference="test:ledger:1")
    entry.amount = Decimal("1000.00")
    for attempt in (entry.save, entry.delete, lambda: IncomeEntry.objects.filter(pk=entry.pk).update(amount=0),
                    lambda: IncomeEntry.objects.filter(pk=entry.pk).delete()):
        with pytest.raises(ValidationError, match="收入账只能追加"):
            attempt()
    assert IncomeEntry.objects.get(pk=entry.pk).amount == Decimal("100.00")


def test_a_platform_entry_is_never_changed_or_deleted(county):
    record_supply(recorded_by=county.coordinator, household=county.yu, product=county.honey, quantity=1,
                  unit_price="68")
    order = place_order(county.buyer, [(county.honey, 1)], address=ADDR)
    entry = PlatformEntry.objects.create(order=order, account=PlatformAccount.SHIPPING, amount=Decimal("8.00"),
                                         date=timezone.localdate(), reference="test:platform:1")
    for attempt in (entry.save, entry.delete, lambda: PlatformEntry.objects.filter(pk=entry.pk).update(amount=0),
                    lambda: PlatformEntry.objects.all().delete()):
        with pytest.raises(ValidationError, match="平台账目只能追加"):
            attempt()
    assert PlatformEntry.objects.get(pk=entry.pk).amount == Decimal("8.00")


def test_the_admin_shows_the_platform_ledger_read_only(rf, staff_user):
    model_admin = admin.site._registry[PlatformEntry]
    assert isinstance(model_admin, ReadOnlyAdmin)
    request = rf.get("/")
    request.user = staff_user
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request) and not model_admin.has_delete_permission(request)
    income_admin = admin.site._registry[IncomeEntry]  # corrections are added as reversing entries
    assert not income_admin.has_change_permission(request) and not income_admin.has_delete_permission(request)
