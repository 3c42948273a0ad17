"""The cadre's ?year= is a year from 2000 to 2100; anything else shows this year and says so."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.helpers import log_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("year", ["99999999999999999999", "0", "10000", "1999", "2101", "-2026", "abc", "２０２６",
                                  "2026.0", " 1e3"])
def test_a_year_out_of_range_shows_this_year_with_a_message(client, county, year):
    log_in(client, county.cadre)
    this_year = str(timezone.localdate().year)
    for url in (reverse("cadre:household-list"), reverse("cadre:household-detail", kwargs={"pk": county.yu.pk})):
        response = client.get(url, {"year": year})
        assert response.status_code == 200
        assert response.context["year"] == int(this_year)
        page = response.content.decode()
        assert 'id="year-error"' in page and "2000" in page and "2100" in page


@pytest.mark.parametrize("year", ["2000", "2100", "2019"])
def test_years_from_2000_to_2100_are_shown(client, county, year):
    log_in(client, county.cadre)
    response = client.get(reverse("cadre:household-list"), {"year": year})
    assert response.status_code == 200 and response.context["year"] == int(year)
    assert 'id="year-error"' not in response.content.decode()


def test_no_year_is_this_year_without_a_message(client, county):
    log_in(client, county.cadre)
    response = client.get(reverse("cadre:household-list"))
    assert response.context["year"] == timezone.localdate().year
    assert 'id="year-error"' not in response.content.decode()
