"""Media on S3-compatible object storage (django-storages), against a local S3 server (moto's) on
loopback: product photos and their thumbnails land in the bucket, where every app server finds
them; private files (cadres' visit photos) go to a private prefix and have no URL."""

import io
import socket

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.test import override_settings
from PIL import Image

pytestmark = pytest.mark.django_db
BUCKET = "linkou-media"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def s3_server():
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=free_port(), verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3(s3_server, settings):
    """The storage settings config/settings/ makes when S3_BUCKET is set, on the local S3 server."""
    from django.utils.functional import empty
    from sorl.thumbnail import default as thumbnail_default

    client = boto3.client("s3", endpoint_url=s3_server, region_name="us-east-1", aws_access_key_id="test",
                          aws_secret_access_key="test")
    client.create_bucket(Bucket=BUCKET)
    with override_settings(
            AWS_STORAGE_BUCKET_NAME=BUCKET, AWS_S3_ENDPOINT_URL=s3_server, AWS_S3_REGION_NAME="us-east-1",
            AWS_S3_ACCESS_KEY_ID="test", AWS_S3_SECRET_ACCESS_KEY="test", AWS_S3_CUSTOM_DOMAIN=None,
            AWS_LOCATION="media", AWS_QUERYSTRING_AUTH=False, AWS_S3_FILE_OVERWRITE=False, AWS_DEFAULT_ACL=None,
            THUMBNAIL_STORAGE="storages.backends.s3.S3Storage",
            STORAGES={**settings.STORAGES, "default": {"BACKEND": "core.uploads.MediaS3Storage"},
                      "private": {"BACKEND": "core.uploads.PrivateS3Storage",
                                  "OPTIONS": {"location": "private", "querystring_auth": True,
                                              "default_acl": "private", "custom_domain": None}}}):
        thumbnail_default.storage._wrapped = empty  # sorl-thumbnail makes its storage once, from the settings
        yield client
    thumbnail_default.storage._wrapped = empty
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (800, 600), (200, 160, 40)).save(out, "JPEG")
    return out.getvalue()


def keys(client) -> list[str]:
    return [item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


def test_product_photos_and_their_thumbnails_are_kept_in_the_bucket(county, s3, django_capture_on_commit_callbacks):
    from catalog.models import ProductImage

    with django_capture_on_commit_callbacks(execute=True):  # the thumbnails' task runs once the upload commits
        image = ProductImage(product=county.honey, display_order=0)
        image.original.save("honey.jpg", ContentFile(jpeg()), save=True)
    stored = keys(s3)
    assert any(key.startswith("media/images/products/") for key in stored)
    image.refresh_from_db()
    assert image.thumbnails and all(made["name"] for made in image.thumbnails.values())
    assert len([key for key in stored if key.startswith("media/")]) >= 1 + len(image.thumbnails) // 2
    assert image.original.url.startswith(f"{s3.meta.endpoint_url}/{BUCKET}/media/")


def test_private_files_go_to_a_private_prefix_and_have_no_url(s3):
    private = storages["private"]
    name = private.save("visits/2026/photo.jpg", ContentFile(jpeg()))
    assert name.startswith("visits/") and f"private/{name}" in keys(s3)
    acl = s3.get_object_acl(Bucket=BUCKET, Key=f"private/{name}")
    assert not any(grant["Grantee"].get("URI", "").endswith("AllUsers") for grant in acl["Grants"])
    with pytest.raises(ValueError):
        private.url(name)
    with private.open(name) as handle:  # read through the views that check who asks
        assert handle.read(2) == b"\xff\xd8"


def test_in_the_bucket_photos_show_and_any_other_upload_downloads(s3):
    storage = storages["default"]
    photo = storage.save("images/products/honey.jpg", ContentFile(jpeg()))
    document = storage.save("attributes/manual.pdf", ContentFile(b"%PDF-1.4 a file attribute"))
    assert "ContentDisposition" not in s3.head_object(Bucket=BUCKET, Key=f"media/{photo}")
    assert s3.head_object(Bucket=BUCKET, Key=f"media/{document}")["ContentDisposition"] == "attachment"
