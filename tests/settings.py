"""Settings for the test suite: never the development database, media or search index."""

import os
import tempfile

_scratch = tempfile.mkdtemp(prefix="linkou-tests-")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key")
os.environ["VAR_DIR"] = _scratch
os.environ.pop("MEDIA_ROOT", None)

from shop.settings import *  # noqa: E402,F403

MEDIA_ROOT = os.path.join(_scratch, "media")  # noqa: F405
PRIVATE_MEDIA_ROOT = os.path.join(_scratch, "private")
STORAGES["private"]["OPTIONS"]["location"] = PRIVATE_MEDIA_ROOT  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "shop.cache.MemoLocMemCache"}}  # never the developer's Redis
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
THUMBNAIL_DEBUG = True
