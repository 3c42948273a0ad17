"""The cadre's household page masks the head's ID number; a tap shows it on that answer only,
and each showing is kept (who, when) for audit. Nobody outside the pairing can ask."""

import pytest
from django.urls import reverse

from households.models import PrivateDataReveal
from tests.helpers import log_in

pytestmark = pytest.mark.django_db
FULL = "231025196501010011"


def page_of(county):
    return reverse("cadre:household-detail", kwargs={"pk": county.yu.pk})


def test_the_id_number_is_masked_by_default(client, county):
    log_in(client, county.cadre)
    page = client.get(page_of(county)).content.decode()
    assert FULL not in page and "2310**********0011" in page and 'id="reveal-id"' in page
    assert not PrivateDataReveal.objects.exists()  # reading the page shows nothing and logs nothing


def test_a_tap_shows_it_once_and_is_logged(client, county):
    log_in(client, county.cadre)
    response = client.post(page_of(county), {"action": "reveal_id"})
    assert response.status_code == 200 and FULL in response.content.decode()
    reveal = PrivateDataReveal.objects.get()
    assert (reveal.household, reveal.field, reveal.revealed_by) == (county.yu, "id_number", county.cadre)
    assert FULL not in client.get(page_of(county)).content.decode()  # masked again on the next page


def test_a_cadre_outside_the_pairing_cannot_reveal(client, county):
    log_in(client, county.other_cadre)
    assert client.post(page_of(county), {"action": "reveal_id"}).status_code == 404
    assert not PrivateDataReveal.objects.exists()
