"""The station's API fuzzed from its own OpenAPI schema (schemathesis): whatever the generated
requests hold, signed in as a village coordinator, no answer is a server error."""

from contextlib import contextmanager

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.middleware.csrf import get_token
from django.test import RequestFactory
from hypothesis import HealthCheck, given, settings

from tests.helpers import log_in


@pytest.fixture
def api_schema(client, station):
    log_in(client, station.coordinator)
    loaded = schemathesis.openapi.from_dict(client.get("/api/schema/", HTTP_ACCEPT="application/json").json())
    loaded.app = WSGIHandler()
    return loaded


@contextmanager
def connection_kept_between_requests():
    """What Django's test client does around each request: a bare WSGIHandler closes the database
    connection at the start and end of a request when it looks left in a transaction, and the
    test's own transaction looks so — on PostgreSQL every later query would then fail. (Entered in
    the test body: the test client reconnects the receivers after each of its own requests.)"""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def coordinator_session(client, station):
    """The coordinator's session and CSRF cookies. Passed as the call's cookies, they win over the
    `sessionid` the schema's cookie security scheme makes schemathesis generate (else every
    request would be anonymous and answered 403 before reaching the API's code)."""
    log_in(client, station.coordinator)
    token = get_token(RequestFactory().get("/"))
    return {"cookies": {"sessionid": client.cookies["sessionid"].value, "csrftoken": token},
            "headers": {"X-CSRFToken": token}}


@pytest.mark.django_db
def test_no_request_to_the_api_is_a_server_error(api_schema, coordinator_session):
    """Every operation of the schema, 25 generated requests each (the same ones every run)."""
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert {op.path for op in operations} >= {"/api/lots/", "/api/products/", "/api/packing/"}
    answered: dict[tuple[str, str], set[int]] = {}
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=25, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def fuzz(case):
            response = case.call(**coordinator_session)
            answered.setdefault((case.method, case.operation.path), set()).add(response.status_code)
            assert response.status_code < 500, (case.method, case.path, case.body, response.text[:500])

        with connection_kept_between_requests():
            fuzz()

    # The requests reached the API as the coordinator: the lists answered, and some generated
    # supply lots were judged on their content (booked or refused with reasons), not on the door.
    for path in ("/api/lots/", "/api/products/", "/api/households/", "/api/packing/"):
        assert 200 in answered[("GET", path)], (path, answered[("GET", path)])
    assert answered[("POST", "/api/lots/")] & {201, 400}, answered[("POST", "/api/lots/")]
