"""Static files, uploaded media (local or S3-compatible object storage), private files, upload limits."""

import os
from pathlib import Path

from config.settings.base import BASE_DIR, DEBUG, VAR_DIR, env_flag

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static_collected"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Files no URL serves (cadres' visit photos of households' homes): read only through views that
# check who is asking. Must not lie inside MEDIA_ROOT.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Served by WhiteNoise from the app servers: hashed names (cached for a year), gzip and brotli.
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage" if DEBUG
                    else "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    "private": {"BACKEND": "core.uploads.PrivateFileStorage",
                "OPTIONS": {"location": PRIVATE_MEDIA_ROOT}},
}
# Media on S3-compatible object storage (every app server sees the same files) when a bucket is
# named: django-storages' own AWS_* settings, so that sorl-thumbnail's storage (made from the class
# name alone) is the same bucket; private files in a prefix of their own, never public, read only
# through the views.
AWS_STORAGE_BUCKET_NAME = os.environ.get("S3_BUCKET", "")
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_ENDPOINT_URL = os.environ.get("S3_ENDPOINT_URL") or None
    AWS_S3_REGION_NAME = os.environ.get("S3_REGION") or None
    AWS_S3_ACCESS_KEY_ID = os.environ.get("S3_ACCESS_KEY_ID", "")
    AWS_S3_SECRET_ACCESS_KEY = os.environ.get("S3_SECRET_ACCESS_KEY", "")
    AWS_S3_CUSTOM_DOMAIN = os.environ.get("S3_PUBLIC_DOMAIN") or None
    AWS_LOCATION = "media"
    AWS_QUERYSTRING_AUTH = False
    AWS_S3_FILE_OVERWRITE = False
    AWS_DEFAULT_ACL = "public-read" if env_flag("S3_PUBLIC_ACL") else None
    STORAGES["default"] = {"BACKEND": "core.uploads.MediaS3Storage"}  # non-photos as attachments
    STORAGES["private"] = {"BACKEND": "core.uploads.PrivateS3Storage",
                           "OPTIONS": {"location": "private", "querystring_auth": True, "default_acl": "private",
                                       "custom_domain": None}}
WHITENOISE_USE_FINDERS = DEBUG  # runserver: from the apps' folders, no collectstatic needed
WHITENOISE_AUTOREFRESH = DEBUG
# Phone photos are large: 10 MB, 40 megapixels and the usual web formats at most, for every image
# anyone uploads (core.uploads.validate_image_upload; Wagtail's own limits, settings/content.py).
IMAGE_UPLOAD_MAX_BYTES = 10 * 1024 * 1024
IMAGE_UPLOAD_MAX_PIXELS = 40_000_000
