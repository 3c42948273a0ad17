"""The station's API fuzzed from its own OpenAPI schema (schemathesis): whatever the generated
requests hold, signed in as a village coordinator, no answer is a server error."""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
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


@pytest.fixture
def coordinator_headers(client, station):
    log_in(client, station.coordinator)
    token = get_token(RequestFactory().get("/"))
    return {"Cookie": f"sessionid={client.cookies['sessionid'].value}; csrftoken={token}", "X-CSRFToken": token,
            "Host": "testserver"}


@pytest.mark.django_db
def test_no_request_to_the_api_is_a_server_error(api_schema, coordinator_headers):
    """Every operation of the schema, 25 generated requests each (the same ones every run)."""
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert {op.path for op in operations} >= {"/api/lots/", "/api/products/", "/api/packing/"}
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=25, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def fuzz(case):
            response = case.call(headers=coordinator_headers)
            assert response.status_code < 500, (case.method, case.path, case.body, response.text[:500])

        fuzz()
