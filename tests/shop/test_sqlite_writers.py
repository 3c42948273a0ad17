"""Two staff deciding the same claim, or refunding the last unit, at the same moment: one wins, the
other is told it was already done — on SQLite too, where each transaction takes the write lock as it
begins (transaction_mode IMMEDIATE) so the second waits and then reads the first one's result."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone
from oscar.core.loading import get_model

from aftersales.claims import decide_claim, open_claim
from aftersales.models import Claim, ClaimDecision
from catalog.supply import record_supply
from shop.payments.models import Refund
from shop.payments.refunds import refund_order
from tests.factories import ADDR, make_user, place_order
from tests.helpers import deliver

Order = get_model("order", "Order")
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def at_once(*calls):
    """Run the calls in two threads released together; their outcomes ("ok" or the error)."""
    start = threading.Barrier(len(calls))
    outcomes = []

    def run(call):
        try:
            start.wait()
            call()
            outcomes.append("ok")
        except ValidationError as exc:
            outcomes.append(" ".join(exc.messages))
        except Exception as exc:  # what must not happen: "database is locked", a 500
            outcomes.append(f"{type(exc).__name__}: {exc}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return sorted(outcomes)


@pytest.fixture
def delivered(county):
    record_supply(recorded_by=county.coordinator, household=county.yu, product=county.chicken, quantity=2,
                  unit_price="120")
    order = place_order(county.buyer, [(county.chicken, 1)], address=ADDR)
    deliver(order, at=timezone.now() - datetime.timedelta(hours=1))
    return county, order


def test_the_database_begins_each_transaction_with_the_write_lock():
    if connection.vendor == "sqlite":
        assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_two_decisions_on_one_claim_at_once_one_refund(delivered):
    county, order = delivered
    claim = open_claim(buyer=county.buyer, line=order.lines.get(), reason="dead", quantity=1)
    staff = [make_user("staff-a", is_staff=True), make_user("staff-b", is_staff=True)]
    outcomes = at_once(*[lambda who=who: decide_claim(claim, by=who, refund_quantity=1, liability="transit",
                                                      reason="到货已死") for who in staff])
    assert outcomes == ["ok", "该售后申请已处理过。"], outcomes
    assert ClaimDecision.objects.count() == 1 and Refund.objects.count() == 1
    assert Claim.objects.get().status == Claim.Status.REFUNDED


def test_two_refunds_of_the_last_unit_at_once_refund_it_once(delivered):
    county, order = delivered
    line = order.lines.get()
    outcomes = at_once(*[lambda: refund_order(Order.objects.get(pk=order.pk), quantities={line.pk: 1},
                                              reason="坏了") for _ in range(2)])
    assert outcomes == ["ok", "新青村散养笨鸡 还可退款的数量只有 0 件。"], outcomes
    assert Refund.objects.count() == 1
