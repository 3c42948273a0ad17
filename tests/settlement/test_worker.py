"""Background work on a real Celery worker and Redis broker: a delivery's settlement is booked by the
worker after the hub's step commits; settling twice books nothing twice; a task that keeps failing
is kept for staff to see."""

import os
import time

import pytest
from django.db import connection
from django.urls import reverse

from catalog.supply import record_supply
from households.models import IncomeEntry
from logistics import tracking
from tests.factories import ADDR, place_order
from tests.helpers import log_in

BROKER = os.environ.get("CELERY_TESTS_BROKER_URL", "redis://127.0.0.1:6379/14")


@pytest.fixture
def worker(settings):
    """A Celery worker (in a thread of this process) on the Redis broker, tasks no longer in-process."""
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    previous = {key: app.conf[key] for key in ("broker_url", "task_always_eager", "result_backend")}
    forget_connections(app)
    app.conf.update(broker_url=BROKER, task_always_eager=False, result_backend="django-db")
    settings.CELERY_TASK_ALWAYS_EAGER = False
    with app.connection_for_write() as conn:
        conn.default_channel.client.flushdb()  # nothing left from another run
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=20, loglevel="WARNING"):
        yield app
    forget_connections(app)
    app.conf.update(**previous)


def forget_connections(app):
    """The app keeps the connection pools it made for the broker it had then."""
    app._pool = None
    app.amqp._producer_pool = None


def wait_for(condition, seconds=20):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.2)
    return False


# The worker writes (warnings after each booking, the settlement) while the test goes on writing: the
# production database's concurrency. SQLite's shared in-memory test database locks whole tables and
# refuses the second writer ("database table is locked") instead of waiting.
@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (CI runs the suite on it too)")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_books_the_households_income_once_the_delivery_has_committed(county, worker):
    record_supply(recorded_by=county.coordinator, household=county.yu, product=county.honey, quantity=5,
                  unit_price="68")
    order = place_order(county.buyer, [(county.honey, 2)], address=ADDR)
    consignment = order.consignments.get()
    tracking.mark_run_loaded(consignment.run)
    tracking.mark_run_at_hub(consignment.run)
    tracking.dispatch_consignment(consignment, "9800000000001")
    tracking.deliver_consignment(consignment)  # its own transaction: committed when it returns
    assert wait_for(lambda: IncomeEntry.objects.filter(source="ecommerce").exists())
    assert list(IncomeEntry.objects.filter(source="ecommerce").values_list("amount", flat=True)) == [136]

    # The hourly sweep settles every recent delivery again: nothing is booked twice.
    from settlement.tasks import settle_recent_deliveries

    settle_recent_deliveries.delay().get(timeout=20, disable_sync_subtasks=False)
    assert IncomeEntry.objects.filter(source="ecommerce").count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_task_that_keeps_failing_is_kept_for_staff(client, county, worker, staff_user):
    from django_celery_results.models import TaskResult

    from settlement.tasks import settle_delivery

    settle_delivery.delay(999999, "2026-12-01")  # a parcel that does not exist: fails, not retried
    assert wait_for(lambda: TaskResult.objects.filter(status="FAILURE").exists())
    failed = TaskResult.objects.get(status="FAILURE")
    assert failed.task_name == "settlement.tasks.settle_delivery" and "DoesNotExist" in failed.result
    log_in(client, staff_user)
    page = client.get(reverse("dashboard:index")).content.decode()
    assert "1 个后台任务重试后仍失败" in page
    assert reverse("admin:django_celery_results_taskresult_changelist") in page


@pytest.mark.django_db
def test_without_a_broker_the_delivery_books_income_in_its_own_step(county, settings):
    """The embedded default: no worker, the settlement is part of the hub's step."""
    assert settings.CELERY_TASK_ALWAYS_EAGER
    record_supply(recorded_by=county.coordinator, household=county.yu, product=county.honey, quantity=5,
                  unit_price="68")
    order = place_order(county.buyer, [(county.honey, 1)], address=ADDR)
    consignment = order.consignments.get()
    tracking.mark_run_loaded(consignment.run)
    tracking.mark_run_at_hub(consignment.run)
    tracking.dispatch_consignment(consignment, "9800000000002")
    tracking.deliver_consignment(consignment)
    assert IncomeEntry.objects.filter(source="ecommerce").count() == 1
