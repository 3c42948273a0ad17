"""Wagtail: the village stories, producer profiles, notices and news."""

import os

from config.settings.base import LANGUAGES
from config.settings.storage import IMAGE_UPLOAD_MAX_BYTES, IMAGE_UPLOAD_MAX_PIXELS

WAGTAIL_SITE_NAME = "林口乡村优品"
# Nothing from another host (buyers and staff are in mainland China): no Gravatar avatars, no
# check for new Wagtail releases from the admin's dashboard.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Editors may add an English translation of a page (Wagtail's "Translate"); the page keeps its
# one URL and shows the translation to buyers who chose English with the language switch.
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILIMAGES_IMAGE_MODEL = "cms.VillagePhoto"
# Photos of villages obey the limits of every other upload (settings/storage.py).
WAGTAILIMAGES_MAX_UPLOAD_SIZE = IMAGE_UPLOAD_MAX_BYTES
WAGTAILIMAGES_MAX_IMAGE_PIXELS = IMAGE_UPLOAD_MAX_PIXELS
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_JPEG_QUALITY = 75  # as the product thumbnails (config/settings/oscar.py)
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
