"""The Django admin's inlines build at most 200 forms a request: asking for 2,000 answers 400 at
once instead of keeping a server busy for seconds."""

import pytest

from logistics.models import BusLine
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def line_form(stops, departures):
    return {"name": "新线", "capacity_kg": "100", "cooler_capacity_kg": "0",
            "stops-TOTAL_FORMS": str(stops), "stops-INITIAL_FORMS": "0", "stops-MIN_NUM_FORMS": "0",
            "stops-MAX_NUM_FORMS": "1000", "departures-TOTAL_FORMS": str(departures),
            "departures-INITIAL_FORMS": "0", "departures-MIN_NUM_FORMS": "0", "departures-MAX_NUM_FORMS": "1000"}


@pytest.fixture
def admin_client(client, county):
    client.force_login(make_user("admin-x", is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize(("stops", "departures"), [(2000, 0), (0, 201), (0, "9" * 30), (0, "-1")])
def test_an_inline_asked_for_too_many_forms_answers_400(admin_client, stops, departures):
    response = admin_client.post("/admin/logistics/busline/add/", line_form(stops, departures))
    assert response.status_code == 400
    assert not BusLine.objects.filter(name="新线").exists()


def test_an_inline_of_two_hundred_forms_is_an_ordinary_admin_page(admin_client):
    response = admin_client.post("/admin/logistics/busline/add/", line_form(200, 0))
    assert response.status_code in (200, 302)
