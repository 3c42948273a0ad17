"""Settings for the test suite: never the development database, media or search index."""

import os
import tempfile

_scratch = tempfile.mkdtemp(prefix="linkou-tests-")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key")
os.environ.setdefault("SITE_DOMAIN", "testserver")
os.environ["VAR_DIR"] = _scratch
os.environ.pop("MEDIA_ROOT", None)
# Never the developer's services: tests that need Redis, a broker or object storage start them
# or point at them themselves.
for name in ("REDIS_URL", "CELERY_BROKER_URL", "S3_BUCKET", "SENTRY_DSN", "HTTPS"):
    os.environ.pop(name, None)

from config.settings import *  # noqa: E402,F403

MEDIA_ROOT = os.path.join(_scratch, "media")  # noqa: F405
PRIVATE_MEDIA_ROOT = os.path.join(_scratch, "private")
STORAGES["private"]["OPTIONS"]["location"] = PRIVATE_MEDIA_ROOT  # noqa: F405
# Pages are rendered without collectstatic (a test of its own checks WhiteNoise's hashed files).
STATIC_ROOT = os.path.join(_scratch, "static")
os.makedirs(STATIC_ROOT, exist_ok=True)
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "config.cache.MemoLocMemCache"}}  # never the developer's Redis
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SMS_BACKEND = "core.sms.backends.LocmemBackend"
THUMBNAIL_DEBUG = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, as in production, not Django's shared in-memory database, where two threads' writes
    # fail at once ("table is locked") instead of waiting (tests/shop/test_sqlite_writers.py).
    DATABASES["default"]["TEST"] = {"NAME": os.path.join(_scratch, "test.sqlite3")}  # noqa: F405
    DATABASES["default"]["OPTIONS"]["init_command"] = "PRAGMA synchronous=OFF;"  # noqa: F405
