"""Oscar's purchase counters (its reports' best sellers, a customer's spending) are kept, but
outside the checkout's transaction: counted once the order has committed, and once only."""

import pytest
from oscar.core.loading import get_model

from catalog.supply import record_supply
from shop.order.tasks import count_purchase
from tests.factories import ADDR, place_order

ProductRecord = get_model("analytics", "ProductRecord")
UserRecord = get_model("analytics", "UserRecord")
pytestmark = pytest.mark.django_db


def test_a_purchase_is_counted_after_the_order_commits_and_once(county, django_capture_on_commit_callbacks):
    record_supply(recorded_by=county.coordinator, household=county.yu, product=county.chicken, quantity=5,
                  unit_price="120")
    with django_capture_on_commit_callbacks() as callbacks:
        order = place_order(county.buyer, [(county.chicken, 2)], address=ADDR)
        # Nothing counted while the order's transaction (and its stock locks) is open.
        assert not ProductRecord.objects.filter(product=county.chicken, num_purchases__gt=0).exists()
        assert not UserRecord.objects.filter(user=county.buyer, num_orders__gt=0).exists()
    for callback in callbacks:
        callback()
    assert ProductRecord.objects.get(product=county.chicken).num_purchases == 2
    record = UserRecord.objects.get(user=county.buyer)
    assert (record.num_orders, record.num_order_items, record.total_spent) == (1, 2, order.total_incl_tax)

    count_purchase.apply(args=[order.pk])  # the broker hands the task out again
    assert ProductRecord.objects.get(product=county.chicken).num_purchases == 2
    assert UserRecord.objects.get(user=county.buyer).num_orders == 1
