"""A cadre sees exactly their paired households."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from households.models import Cadre, Household, Pairing
from tests.helpers import log_in

pytestmark = pytest.mark.django_db


def test_the_cadre_page_asks_for_a_login(client, county):
    response = client.get(reverse("cadre:household-list"))
    assert response.status_code == 302 and "login" in response.url


def test_a_user_who_is_no_cadre_is_refused(client, county):
    log_in(client, county.buyer)
    assert client.get(reverse("cadre:household-list")).status_code == 403


def test_a_cadre_sees_only_their_paired_households(client, county):
    log_in(client, county.cadre)
    page = client.get(reverse("cadre:household-list")).content.decode()
    assert "于德福" in page and "包长友" in page
    assert "白秀英" not in page
    detail = client.get(reverse("cadre:household-detail", kwargs={"pk": county.bao.pk}))
    assert detail.status_code == 200
    assert "13900000002" in detail.content.decode()


def test_a_household_outside_the_pairing_answers_404(client, county):
    log_in(client, county.cadre)
    assert client.get(reverse("cadre:household-detail", kwargs={"pk": county.far.pk})).status_code == 404


def test_households_below_the_poverty_line_are_marked(client, county):
    log_in(client, county.cadre)
    page = client.get(reverse("cadre:household-list")).content.decode()
    # Both are below ¥6,800 per person this year.
    assert page.count("band-low") == 2


def test_the_household_list_costs_the_same_queries_for_many_households(client, county):
    log_in(client, county.cadre)
    client.get(reverse("cadre:household-list"))  # warm up session and caches
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("cadre:household-list"))
    cadre = Cadre.objects.get(user=county.cadre)
    for i in range(10):
        h = Household.objects.create(registry_number=f"H-XQ-X{i}", village=county.xinqing, members=1 + i % 3,
                                     status="monitored", poverty_cause="other", head_name=f"王{i}",
                                     head_id_number="231025199001010000")
        Pairing.objects.create(cadre=cadre, household=h)
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("cadre:household-list"))
    assert len(page.context["cards"]) == 12
    assert len(many) == len(few)
