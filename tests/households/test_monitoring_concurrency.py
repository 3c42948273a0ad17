"""The nightly recompute and a booking's recompute of the same household may run at once: they
wait for each other and open a warning once."""

import threading

import pytest
from django.db import connection, connections

from households import monitoring
from households.models import IncomeWarning

needs_postgres = pytest.mark.skipif(connection.vendor != "postgresql",
                                    reason="row locks need PostgreSQL (CI runs the suite on it too)")


@pytest.mark.postgres
@needs_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("workers", [2, 8])
def test_concurrent_recomputes_open_a_warning_once(county, workers):
    start = threading.Barrier(workers)
    errors = []

    def work():
        try:
            start.wait()
            monitoring.recompute(households=[county.yu.pk, county.bao.pk])
        except Exception as exc:  # noqa: BLE001 (any failure of a worker fails the test)
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert IncomeWarning.objects.filter(household=county.yu).count() == 1
    assert IncomeWarning.objects.filter(household=county.bao).count() == 1
