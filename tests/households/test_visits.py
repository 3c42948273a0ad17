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


def photo(name="visit.jpg", fmt="JPEG"):
    out = io.BytesIO()
    Image.new("RGB", (80, 60), "green").save(out, fmt)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def visit_url(household):
    return reverse("cadre:visit-create", kwargs={"pk": household.pk})


def test_a_visit_with_a_photo_shows_in_the_households_history(client, county, today):
    log_in(client, county.cadre)
    form = client.get(visit_url(county.yu)).content.decode()
    assert 'capture="environment"' in form and f'value="{today:%Y-%m-%d}"' in form
    response = client.post(visit_url(county.yu), {
        "visited_on": today.isoformat(), "findings": "蜂箱过冬准备好了，缺少包装瓶",
        "measures": ["listing", "supply"], "photo": photo()}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("cadre:household-detail", kwargs={"pk": county.yu.pk})
    visit = Visit.objects.get(household=county.yu)
    assert visit.cadre.user == county.cadre and visit.measures == ["listing", "supply"] and visit.photo
    page = response.content.decode()
    photo_url = reverse("cadre:visit-photo", kwargs={"pk": visit.pk})
    assert "蜂箱过冬准备好了" in page and photo_url in page


def test_a_visit_photo_has_no_public_address_and_only_the_pairing_sees_it(client, county, leaders, settings, today):
    log_in(client, county.cadre)
    client.post(visit_url(county.yu), {"visited_on": today.isoformat(), "findings": "院子", "photo": photo()})
    visit = Visit.objects.get()
    # Stored outside the media folder under a name nobody can guess.
    assert visit.photo.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert "visit" not in visit.photo.name.rsplit("/", 1)[-1]
    with pytest.raises(ValueError):
        visit.photo.url  # noqa: B018 (the storage has no base URL)
    photo_url = reverse("cadre:visit-photo", kwargs={"pk": visit.pk})
    response = client.get(photo_url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"
    for other in (county.other_cadre, leaders.secretary, leaders.county, county.buyer):
        client.logout()
        log_in(client, other)
        assert client.get(photo_url).status_code == 404
    client.logout()
    log_in(client, leaders.admin)
    assert client.get(photo_url).status_code == 200


@pytest.mark.parametrize("data, field", [
    ({"visited_on": "tomorrow", "findings": "明天"}, "visited_on"),
    ({"visited_on": "1999-12-31", "findings": "太早"}, "visited_on"),
    ({"visited_on": "2026-02-30", "findings": "没有这一天"}, "visited_on"),
    ({"visited_on": "today", "findings": "   "}, "findings"),
    ({"visited_on": "today", "findings": "x", "measures": ["bribe"]}, "measures"),
])
def test_a_wrong_visit_is_refused_with_a_message_and_nothing_is_saved(client, county, data, field, today):
    # "today" and "tomorrow" are the county's days when the test runs, not when it was collected.
    days = {"today": today, "tomorrow": today + datetime.timedelta(days=1)}
    data = {**data, "visited_on": days[data["visited_on"]].isoformat() if data["visited_on"] in days
            else data["visited_on"]}
    log_in(client, county.cadre)
    response = client.post(visit_url(county.yu), data)
    assert response.status_code == 200 and field in response.context["form"].errors
    assert Visit.objects.count() == 0


def test_a_file_that_is_no_image_is_refused(client, county, today):
    log_in(client, county.cadre)
    fake = SimpleUploadedFile("visit.jpg", b"MZ\x90\x00 not a photo", content_type="image/jpeg")
    response = client.post(visit_url(county.yu), {"visited_on": today.isoformat(), "findings": "x", "photo": fake})
    assert "photo" in response.context["form"].errors
    assert Visit.objects.count() == 0


def test_only_the_paired_cadre_logs_visits(client, county, leaders, today):
    log_in(client, county.other_cadre)
    assert client.get(visit_url(county.yu)).status_code == 404
    assert client.post(visit_url(county.yu), {"visited_on": today.isoformat(), "findings": "x"}).status_code == 404
    client.logout()
    log_in(client, leaders.admin)
    assert client.get(visit_url(county.yu)).status_code == 404
    assert Visit.objects.count() == 0


def test_a_visit_photo_loses_its_gps_position(client, county, today):
    from PIL import Image as PILImage

    exif = PILImage.Exif()
    exif[0x8825] = {2: (45.0, 17.0, 30.0), 1: "N"}  # GPSInfo
    exif[0x0112] = 6  # taken with the phone on its side
    out = io.BytesIO()
    Image.new("RGB", (80, 60), "green").save(out, "JPEG", exif=exif)
    upload = SimpleUploadedFile("gps.jpg", out.getvalue(), content_type="image/jpeg")
    log_in(client, county.cadre)
    client.post(visit_url(county.yu), {"visited_on": today.isoformat(), "findings": "院子", "photo": upload})
    with Visit.objects.get().photo.open("rb") as stored, PILImage.open(stored) as image:
        assert not image.getexif() and image.size == (60, 80)  # upright, no EXIF at all


def test_the_site_refuses_to_start_with_private_files_inside_the_media_folder(settings):
    import os

    from households.checks import private_files_are_not_served

    assert private_files_are_not_served(None) == []
    settings.PRIVATE_MEDIA_ROOT = os.path.join(settings.MEDIA_ROOT, "private")
    assert [e.id for e in private_files_are_not_served(None)] == ["households.E002"]
