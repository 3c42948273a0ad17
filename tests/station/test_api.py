"""The station's API: scoped to the coordinator's village, every write booked once by its key, the
dashboard's rules on every record, a schema served by the site."""

import io
import uuid

import pytest
from django.urls import reverse
from PIL import Image

from catalog.models import SupplyLot
from catalog.supply import record_supply
from station.models import Submission
from tests.helpers import log_in

pytestmark = pytest.mark.django_db


def lot(county, **changes):
    return {"key": str(uuid.uuid4()), "household": county.yu.pk, "product": county.honey.pk, "quantity": 3,
            "unit_price": "68.00", "supplied_on": None, **changes}


@pytest.fixture
def api(client, station):
    log_in(client, station.coordinator)
    return client


def post_lot(api, data):
    from django.utils import timezone

    data = {**data, "supplied_on": data.get("supplied_on") or timezone.localdate().isoformat()}
    return api.post(reverse("api:lot-list"), data, content_type="application/json")


def test_a_lot_sent_twice_is_booked_once(api, station):
    data = lot(station)
    first = post_lot(api, data)
    again = post_lot(api, data)
    assert first.status_code == 201 and again.status_code == 200
    assert first.json()["id"] == again.json()["id"]
    assert SupplyLot.objects.filter(pk=first.json()["id"]).count() == 1
    assert Submission.objects.filter(key=data["key"]).count() == 1


def test_a_lot_is_refused_with_every_broken_rule_and_nothing_is_written(api, station):
    before = SupplyLot.objects.count()
    response = post_lot(api, lot(station, quantity=-2, unit_price="1e5", household=station.far.pk))
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert {"quantity", "unit_price", "household"} <= set(errors)
    assert SupplyLot.objects.count() == before and not Submission.objects.exists()


def test_another_villages_records_are_not_found(api, station):
    theirs = record_supply(recorded_by=station.neighbour_coordinator, household=station.far,
                           product=station.ginseng, quantity=2, unit_price="200")
    assert api.get(reverse("api:lot-detail", args=[theirs.pk])).status_code == 404
    assert api.get(reverse("api:household-detail", args=[station.far.pk])).status_code == 404
    assert api.get(reverse("api:product-detail", args=[station.ginseng.pk])).status_code == 404
    ids = {row["id"] for row in api.get(reverse("api:lot-list")).json()["results"]}
    assert theirs.pk not in ids and ids
    names = {row["head_name"] for row in api.get(reverse("api:household-list")).json()["results"]}
    assert names == {"于德福", "包长友"}


def test_a_key_cannot_be_reused_by_another_coordinator(client, station):
    log_in(client, station.coordinator)
    data = lot(station)
    assert post_lot(client, data).status_code == 201
    client.logout()
    log_in(client, station.neighbour_coordinator)
    response = post_lot(client, {**data, "household": station.far.pk, "product": station.ginseng.pk})
    assert response.status_code == 400 and "key" in response.json()["errors"]


def jpeg(size=(1200, 900)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (230, 180, 40)).save(out, "JPEG")
    return out.getvalue()


def photo(content=None):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("p.jpg", content if content is not None else jpeg(), "image/jpeg")


def test_a_product_from_the_camera_is_listed_once(api, station, django_capture_on_commit_callbacks):
    key = str(uuid.uuid4())
    form = {"key": key, "title": "新青村山核桃", "product_class": station.honey.product_class_id, "price": "45.50",
            "net_weight_kg": "0.500", "shelf_life_days": "", "cold_chain": ""}
    with django_capture_on_commit_callbacks(execute=True):
        first = api.post(reverse("api:product-list"), {**form, "photo": photo()})
    again = api.post(reverse("api:product-list"), {**form, "photo": photo()})
    assert first.status_code == 201 and again.status_code == 200, first.content
    product = station.honey.__class__.objects.get(pk=first.json()["id"])
    assert product.origin_village == station.xinqing and product.stockrecords.get().price == 45.50
    assert product.images.get().original.name.endswith(".jpg")
    refused = api.post(reverse("api:product-list"), {**form, "key": str(uuid.uuid4()), "price": "-1",
                                                     "photo": photo(b"not an image")})
    assert refused.status_code == 400 and {"price", "photo"} <= set(refused.json()["errors"])


def test_the_packing_list_names_the_lots_to_take_the_goods_from(api, station):
    from tests.factories import ADDR, place_order

    order = place_order(station.buyer, [(station.honey, 2)], address=ADDR)
    runs = api.get(reverse("api:packing")).json()
    parcel = runs[0]["parcels"][0]
    assert parcel["order"] == str(order.number)
    assert parcel["lines"][0]["lots"] == [{"code": SupplyLot.objects.get(household=station.yu).code,
                                          "household": "于德福", "units": 2}]


def test_only_a_village_coordinator_reaches_the_api(client, station):
    for user in (None, station.buyer, station.cadre, station.clerk):
        client.logout()
        if user is not None:
            log_in(client, user)
        assert client.get(reverse("api:lot-list")).status_code == 403
        assert client.post(reverse("api:lot-list"), {}, content_type="application/json").status_code == 403


def test_the_site_serves_its_openapi_schema(api):
    response = api.get(reverse("api:schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json")
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert {"/api/lots/", "/api/products/", "/api/households/", "/api/packing/"} <= set(schema["paths"])


def test_a_nul_character_in_the_query_answers_400(client, station):
    """PostgreSQL can neither store nor search for NUL: a malformed query, on either database."""
    client.force_login(station.coordinator)
    for url in ("/api/households/?q=%E4%B8%AD%00A", "/api/households/?all=%00", "/api/lots/?x%00=1"):
        response = client.get(url)
        assert response.status_code == 400, url
        assert "NUL" in response.json()["detail"] or "空字符" in response.json()["detail"]
