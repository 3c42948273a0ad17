"""Uploaded images are checked (size, pixels, type by content) before anything decodes them."""

import io
import os

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from oscar.core.loading import get_model
from PIL import Image

from core.uploads import validate_image_upload
from tests.factories import make_user
from tests.helpers import form_fields, log_in

ProductImage = get_model("catalogue", "ProductImage")
pytestmark = pytest.mark.django_db


def image_bytes(size=(64, 48), fmt="JPEG", mode="RGB"):
    buffer = io.BytesIO()
    Image.new(mode, size, "white" if mode != "1" else 1).save(buffer, fmt)
    return buffer.getvalue()


def upload(name, content, content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def bomb():
    """13000 × 13000 pixels (169 MP) in about 20 KB."""
    return upload("bomb.png", image_bytes((13000, 13000), "PNG", mode="1"), "image/png")


def forty_nine_megapixels():
    return upload("big.png", image_bytes((7000, 7000), "PNG", mode="1"), "image/png")


def thirty_megabytes():
    """A valid small JPEG header, then 30 MB of padding."""
    return upload("huge.jpg", image_bytes() + b"\0" * (30 * 1024 * 1024))


def refused(file):
    with pytest.raises(ValidationError) as caught:
        validate_image_upload(file)
    return caught.value


@pytest.mark.parametrize("name,fmt,content_type", [
    ("photo.jpg", "JPEG", "image/jpeg"), ("photo.jpeg", "JPEG", "image/jpeg"), ("PHOTO.JPG", "JPEG", "image/jpeg"),
    ("photo.png", "PNG", "image/png"), ("photo.webp", "WEBP", "image/webp")])
def test_ordinary_photos_pass(name, fmt, content_type):
    file = upload(name, image_bytes(fmt=fmt), content_type)
    validate_image_upload(file)
    assert file.tell() == 0  # the position is put back for whoever reads it next


def test_a_decompression_bomb_is_refused_from_its_header():
    assert refused(bomb()).code == "image_pixels"


def test_more_than_forty_megapixels_is_refused():
    error = refused(forty_nine_megapixels())
    assert error.code == "image_pixels" and "40" in error.messages[0]


def test_exactly_forty_megapixels_passes(settings):
    settings.IMAGE_UPLOAD_MAX_PIXELS = 2000 * 1500  # the same rule with a smaller, faster image
    validate_image_upload(upload("ok.png", image_bytes((2000, 1500), "PNG", mode="1"), "image/png"))
    assert refused(upload("no.png", image_bytes((2000, 1501), "PNG", mode="1"), "image/png")).code == "image_pixels"


def test_a_file_over_ten_megabytes_is_refused_without_reading_it():
    error = refused(thirty_megabytes())
    assert error.code == "image_size" and "10" in error.messages[0]


@pytest.mark.parametrize("name,content", [
    ("cat.jpg", b"<html><script>alert(1)</script></html>"),
    ("cat.jpg", image_bytes(fmt="GIF", mode="P")),
    ("cat.jpg", image_bytes(fmt="BMP")),
    ("cat.jpg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
    ("cat.jpg", b""),
])
def test_a_jpg_that_is_really_something_else_is_refused(name, content):
    assert refused(upload(name, content)).code == "image_type"


@pytest.mark.parametrize("name", ["photo.jpg", "photo.gif", "photo.html", "photo"])
def test_the_name_must_match_the_content(name):
    assert refused(upload(name, image_bytes(fmt="PNG"), "image/png")).code == "image_extension"


def test_a_damaged_image_is_refused():
    png = image_bytes(fmt="PNG")
    assert refused(upload("x.png", png[:-20], "image/png")).code == "image_damaged"  # cut short
    assert refused(upload("x.png", png[:50] + b"XXXX" + png[54:], "image/png")).code == "image_damaged"


def test_the_message_is_chinese_by_default_and_english_on_request():
    from django.utils import translation

    with translation.override("zh-hans"):
        assert "像素" in refused(bomb()).messages[0]
    with translation.override("en"):
        assert "megapixels" in refused(bomb()).messages[0]


def thumbnails_made():
    from django.conf import settings

    cache = os.path.join(settings.MEDIA_ROOT, "cache")
    return sum(len(files) for _, _, files in os.walk(cache)) if os.path.isdir(cache) else 0


def post_product_images(client, product, category, files):
    url = reverse("dashboard:catalogue-product", kwargs={"pk": product.pk})
    data = form_fields(client.get(url).content.decode(), "create_update_product_form")
    data["productcategory_set-0-category"] = str(category.pk)
    for i, file in enumerate(files):
        data[f"images-{i}-original"] = file
    return client.post(url, data)


@pytest.mark.parametrize("make", [bomb, forty_nine_megapixels, thirty_megabytes,
                                  lambda: upload("x.jpg", b"GIF89a" + b"\0" * 100)])
def test_the_dashboard_image_form_refuses_before_any_thumbnail(client, county, make):
    log_in(client, county.coordinator)
    before = thumbnails_made()
    response = post_product_images(client, county.honey, county.category, [make()])
    assert response.status_code == 200
    assert response.context_data["image_formset"].errors[0]["original"]
    assert not ProductImage.objects.filter(product=county.honey).exists()
    assert thumbnails_made() == before


def test_the_dashboard_still_takes_an_ordinary_photo(client, county):
    log_in(client, county.coordinator)
    response = post_product_images(client, county.honey, county.category, [upload("honey.jpg", image_bytes())])
    assert response.status_code == 302
    assert ProductImage.objects.filter(product=county.honey).count() == 1


def test_the_django_admin_refuses_it_too(client, county):
    client.force_login(make_user("boss", is_staff=True, is_superuser=True))
    response = client.post(reverse("admin:catalogue_productimage_add"), {
        "product": county.honey.pk, "original": bomb(), "caption": "", "display_order": 0})
    assert response.status_code == 200 and "original" in response.context["adminform"].form.errors
    assert not ProductImage.objects.exists()


def test_saving_straight_into_the_field_is_checked(county):
    image = ProductImage(product=county.honey, display_order=0)
    with pytest.raises(ValidationError):
        image.original.save("bomb.png", ContentFile(bomb().read()), save=True)
    assert not ProductImage.objects.exists()
    image.original.save("ok.jpg", ContentFile(image_bytes()), save=True)
    assert ProductImage.objects.count() == 1


def test_category_images_are_checked(county):
    from django.forms import modelform_factory

    Category = get_model("catalogue", "Category")
    form = modelform_factory(Category, fields=["name", "image"])(
        data={"name": "蜂产品"}, files={"image": bomb()}, instance=county.category)
    assert not form.is_valid() and "image" in form.errors


def test_the_model_field_itself_refuses_it(county):
    image = ProductImage(product=county.honey, display_order=0, original=bomb())
    with pytest.raises(ValidationError) as caught:
        image.full_clean()
    assert "original" in caught.value.message_dict


def test_the_upload_is_opened_once_by_the_header_check_and_refused_there(client, county, monkeypatch):
    opened = []
    real_open = Image.open

    def counting_open(*args, **kwargs):
        opened.append(args)
        return real_open(*args, **kwargs)

    monkeypatch.setattr(Image, "open", counting_open)
    log_in(client, county.coordinator)
    post_product_images(client, county.honey, county.category, [bomb()])
    assert len(opened) == 1  # Django's ImageField (which decodes more) never saw it


def test_image_attributes_in_the_dashboard_product_form_are_checked(county):
    from core.uploads import ImageUploadFormField
    from shop.dashboard.catalogue.forms import ProductForm

    ProductAttribute = get_model("catalogue", "ProductAttribute")
    ProductAttribute.objects.create(product_class=county.honey.product_class, name="检测报告", code="report",
                                    type="image")
    form = ProductForm(county.honey.product_class, instance=county.honey)
    assert isinstance(form.fields["attr_report"], ImageUploadFormField)
