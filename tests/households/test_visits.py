"""The cadre logs a visit from the phone: what was found, what is done, a photo."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from households.models import Visit
from tests.helpers import log_in

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def photo(name="visit.jpg", fmt="JPEG"):
    out = io.BytesIO()
    Image.new("RGB", (80, 60), "green").save(out, fmt)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def visit_url(household):
    return reverse("cadre:visit-create", kwargs={"pk": household.pk})


def test_a_visit_with_a_photo_shows_in_the_households_history(client, county):
    log_in(client, county.cadre)
    form = client.get(visit_url(county.yu)).content.decode()
    assert 'capture="environment"' in form and f'value="{TODAY:%Y-%m-%d}"' in form
    response = client.post(visit_url(county.yu), {
        "visited_on": TODAY.isoformat(), "findings": "蜂箱过冬准备好了，缺少包装瓶",
        "measures": ["listing", "supply"], "photo": photo()}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("cadre:household-detail", kwargs={"pk": county.yu.pk})
    visit = Visit.objects.get(household=county.yu)
    assert visit.cadre.user == county.cadre and visit.measures == ["listing", "supply"] and visit.photo
    page = response.content.decode()
    assert "蜂箱过冬准备好了" in page and visit.photo.url in page


@pytest.mark.parametrize("data, field", [
    ({"visited_on": (TODAY + datetime.timedelta(days=1)).isoformat(), "findings": "明天"}, "visited_on"),
    ({"visited_on": "1999-12-31", "findings": "太早"}, "visited_on"),
    ({"visited_on": "2026-02-30", "findings": "没有这一天"}, "visited_on"),
    ({"visited_on": TODAY.isoformat(), "findings": "   "}, "findings"),
    ({"visited_on": TODAY.isoformat(), "findings": "x", "measures": ["bribe"]}, "measures"),
])
def test_a_wrong_visit_is_refused_with_a_message_and_nothing_is_saved(client, county, data, field):
    log_in(client, county.cadre)
    response = client.post(visit_url(county.yu), data)
    assert response.status_code == 200 and field in response.context["form"].errors
    assert Visit.objects.count() == 0


def test_a_file_that_is_no_image_is_refused(client, county):
    log_in(client, county.cadre)
    fake = SimpleUploadedFile("visit.jpg", b"MZ\x90\x00 not a photo", content_type="image/jpeg")
    response = client.post(visit_url(county.yu), {"visited_on": TODAY.isoformat(), "findings": "x", "photo": fake})
    assert "photo" in response.context["form"].errors
    assert Visit.objects.count() == 0


def test_only_the_paired_cadre_logs_visits(client, county, leaders):
    log_in(client, county.other_cadre)
    assert client.get(visit_url(county.yu)).status_code == 404
    assert client.post(visit_url(county.yu), {"visited_on": TODAY.isoformat(), "findings": "x"}).status_code == 404
    client.logout()
    log_in(client, leaders.admin)
    assert client.get(visit_url(county.yu)).status_code in (403, 404)
    assert Visit.objects.count() == 0
