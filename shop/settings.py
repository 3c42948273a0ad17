"""Settings of the Linkou county rural sales platform.

Everything that differs between a laptop and production comes from the environment:
DATABASE_URL, SECRET_KEY, DEBUG, ALLOWED_HOSTS, MEDIA_ROOT, SEARCH_INDEX_PATH.
"""

import datetime
import os
from decimal import Decimal, InvalidOperation
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from oscar.defaults import *  # noqa: F403 (Oscar's documented way to start its settings)

# Plain functions without model imports: safe to import before the apps are loaded.
from catalog.search_access import can_edit_synonyms
from catalog.supply_access import can_record_supply
from logistics.dashboard.access import can_operate_hub
from shop.aftersales.access import can_decide_claims
from shop.settlement.access import can_view_reconciliation
from shop.station.access import can_work_the_station

BASE_DIR = Path(__file__).resolve().parent.parent
# Local state of the embedded default (SQLite file, media, search index); git-ignored.
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_flag(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_flag("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (set DEBUG=1 for development)."
        )
    SECRET_KEY = "development-only-key-never-use-in-production"

ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

# Behind an HTTPS proxy in production (HTTPS=1): secure cookies, redirects and HSTS for a year
# (subdomains and the browsers' preload list included unless told otherwise).
if env_flag("HTTPS"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_flag("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_HTTPONLY = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # Waiting for the write lock beats failing with "database is locked" under runserver.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

SITE_ID = 1

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.flatpages",
    "django.contrib.humanize",
    "django.forms",  # its widget templates, for the form renderer below
    # Our domain apps come before Oscar so their templates and translations win.
    "households.apps.HouseholdsConfig",
    "logistics.apps.LogisticsConfig",
    "cms.apps.CmsConfig",
    "shop.demo.apps.DemoConfig",
    "shop.payments.apps.PaymentsConfig",
    "shop.settlement.apps.SettlementConfig",
    "shop.aftersales.apps.AftersalesConfig",
    "shop.county.apps.CountyConfig",
    "shop.station.apps.StationConfig",
    "oscar.config.Shop",
    "oscar.apps.analytics.apps.AnalyticsConfig",
    "shop.checkout.apps.CheckoutConfig",
    "shop.address.apps.AddressConfig",
    "shop.shipping.apps.ShippingConfig",
    "catalog.apps.CatalogueConfig",
    "oscar.apps.catalogue.reviews.apps.CatalogueReviewsConfig",
    "oscar.apps.communication.apps.CommunicationConfig",
    "shop.partner.apps.PartnerConfig",
    "shop.basket.apps.BasketConfig",
    "oscar.apps.payment.apps.PaymentConfig",
    "oscar.apps.offer.apps.OfferConfig",
    "shop.order.apps.OrderConfig",
    "shop.customer.apps.CustomerConfig",
    "shop.search.apps.SearchConfig",
    "oscar.apps.voucher.apps.VoucherConfig",
    "oscar.apps.wishlists.apps.WishlistsConfig",
    "shop.dashboard.apps.DashboardConfig",
    "oscar.apps.dashboard.reports.apps.ReportsDashboardConfig",
    "oscar.apps.dashboard.users.apps.UsersDashboardConfig",
    "oscar.apps.dashboard.orders.apps.OrdersDashboardConfig",
    "oscar.apps.dashboard.catalogue.apps.CatalogueDashboardConfig",
    "oscar.apps.dashboard.offers.apps.OffersDashboardConfig",
    "oscar.apps.dashboard.partners.apps.PartnersDashboardConfig",
    "oscar.apps.dashboard.pages.apps.PagesDashboardConfig",
    "oscar.apps.dashboard.ranges.apps.RangesDashboardConfig",
    "oscar.apps.dashboard.reviews.apps.ReviewsDashboardConfig",
    "oscar.apps.dashboard.vouchers.apps.VouchersDashboardConfig",
    "oscar.apps.dashboard.communications.apps.CommunicationsDashboardConfig",
    "oscar.apps.dashboard.shipping.apps.ShippingDashboardConfig",
    "widget_tweaks",
    "treebeard",
    "sorl.thumbnail",
    "django_tables2",
    # Wagtail (its labels all start with "wagtail", so nothing clashes with Oscar's).
    "wagtail.contrib.forms",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.contrib.settings",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    # Login throttling for Oscar's, Django admin's and Wagtail's logins (see "Logins" below).
    "axes",
    # Failed background tasks, kept for staff (shop/celery.py).
    "django_celery_results",
    # The station's API (shop/station/api.py) and its OpenAPI schema.
    "rest_framework",
    "drf_spectacular",
]

MIDDLEWARE = [
    "shop.health.HealthCheckMiddleware",  # /healthz, for the load balancer (shop/health.py)
    "django.middleware.security.SecurityMiddleware",
    # Static files from the app servers themselves (hashed names, gzip/brotli), before anything else.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "shop.middleware.SiteLanguageMiddleware",
    "shop.middleware.CacheMemoMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "shop.basket.middleware.BasketMiddleware",
    "django.contrib.flatpages.middleware.FlatpageFallbackMiddleware",
    # Malformed or far too large numbers that reach the database through third-party screens
    # answer 400 (a page past the end 404), not 500.
    "shop.middleware.HostileInputMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "shop.urls"
WSGI_APPLICATION = "shop.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "django.template.context_processors.media",
                "django.template.context_processors.static",
                "csp.context_processors.nonce",
                "shop.search.context_processors.search_form",
                "shop.context_processors.notifications",
                "shop.context_processors.workbench",
                "oscar.apps.checkout.context_processors.checkout",
                "oscar.core.context_processors.metadata",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    }
]

# Form widgets render through TEMPLATES, so that the project's overrides of widget templates (Oscar's
# image upload, without its inline handlers) are the ones used.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

AUTHENTICATION_BACKENDS = [
    # First: django-axes' backend refuses every login of a locked-out account and address (it
    # authenticates no one itself).
    "shop.auth.LoginThrottleBackend",
    # Oscar logs customers in by e-mail; both backends refuse demo accounts unless DEBUG.
    "shop.auth.DemoAwareEmailBackend",
    "shop.auth.DemoAwareModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_REDIRECT_URL = "/"

# --- Logins (django-axes) ---------------------------------------------------------------
# After 5 failed logins for one account from one address, that account is locked for that
# address for 15 minutes, on all three logins (/accounts/login/, /admin/login/,
# /cms-admin/login/); other addresses and other accounts are not affected.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "shop.auth.login_name"  # "Buyer@X.cn " and "buyer@x.cn" are one account
AXES_LOCKOUT_CALLABLE = "shop.auth.locked_out"  # a translated page, status 429
AXES_CLIENT_IP_CALLABLE = "shop.auth.client_ip_address"
# Behind a reverse proxy (HTTPS=1), how many proxies append to X-Forwarded-For; 0 uses REMOTE_ADDR.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# --- Language, time, money -------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
FORMAT_MODULE_PATH = ["shop.formats"]
# Our strings first; then corrections to Oscar's own Chinese (locale_oscar/, kept by hand).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_oscar"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

OSCAR_DEFAULT_CURRENCY = "CNY"
OSCAR_CURRENCY_FORMAT = {"CNY": {"format": "¥#,##0.00"}}
OSCAR_SLUG_ALLOW_UNICODE = True
OSCAR_HOMEPAGE = "/"  # the Wagtail home page (cms.views.home)
OSCAR_SHOP_NAME = _("Linkou Village Goods")
OSCAR_SHOP_TAGLINE = _("Village goods by county bus and post")
OSCAR_ALLOW_ANON_CHECKOUT = True  # guests give a mobile number (shop.checkout.views.IndexView)
OSCAR_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "shop@linkou.example")
# Filters of the catalogue's sheet (shop.search.facets): the product type and these price bands,
# counted in SQL. No rating filter: few goods have reviews yet.
CATALOG_PRICE_BANDS = [  # (label, lowest price, price it stays under); None: no bound
    (_("Under ¥50"), None, 50), (_("¥50 to ¥100"), 50, 100), (_("¥100 to ¥200"), 100, 200),
    (_("Over ¥200"), 200, None),
]
OSCAR_REQUIRED_ADDRESS_FIELDS = ("first_name", "line1", "line4", "state", "phone_number")
PHONENUMBER_DEFAULT_REGION = "CN"

# Order status pipeline: the steps shop.order.lifecycle walks as the parcels travel. People can
# only cancel (before loading) or refund (after delivery), through the order EventHandler.
OSCAR_INITIAL_ORDER_STATUS = "Pending"
OSCAR_INITIAL_LINE_STATUS = "Pending"
OSCAR_ORDER_STATUS_PIPELINE = {
    "Pending": ("Shipped", "Cancelled"),
    "Shipped": ("Delivered",),
    "Delivered": ("Refunded",),
    "Refunded": (),
    "Cancelled": (),
}
OSCAR_LINE_STATUS_PIPELINE = OSCAR_ORDER_STATUS_PIPELINE

OSCAR_DASHBOARD_NAVIGATION = OSCAR_DASHBOARD_NAVIGATION + [  # noqa: F405
    {
        "label": _("Logistics"),
        "icon": "fas fa-truck",
        "children": [
            {
                "label": _("Hub screen"),
                "url_name": "logistics-dashboard:hub",
                "access_fn": can_operate_hub,
            },
            {
                "label": _("Pickup runs"),
                "url_name": "logistics-dashboard:run-list",
                "access_fn": can_operate_hub,
            },
        ],
    },
    {
        "label": _("After-sales"),
        "icon": "fas fa-life-ring",
        "children": [
            {
                "label": _("Claims"),
                "url_name": "aftersales-dashboard:claim-list",
                "access_fn": can_decide_claims,
            },
            {
                "label": _("Money reconciliation"),
                "url_name": "admin:settlement-reconciliation",
                "access_fn": can_view_reconciliation,
            },
        ],
    },
    {
        "label": _("Search synonyms"),
        "icon": "fas fa-search",
        "url_name": "catalog-search:synonym-list",
        "access_fn": can_edit_synonyms,
    },
    {
        "label": _("Village station"),
        "icon": "fas fa-store",
        "url_name": "station:home",
        "access_fn": can_work_the_station,
    },
    {
        "label": _("Village supply"),
        "icon": "fas fa-seedling",
        "children": [
            {
                "label": _("Supply lots"),
                "url_name": "catalog-supply:lot-list",
                "access_fn": can_record_supply,
            },
        ],
    },
]

# --- Email, cache, sessions, tasks -----------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
REDIS_URL = os.environ.get("REDIS_URL", "")
# Each value read at most once per request (shop.cache); Redis when REDIS_URL is set (shared by
# every app server), else this process's memory.
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "shop.cache.MemoRedisCache", "LOCATION": REDIS_URL},
              # Sessions in Redis too (not the cache's key space: clearing the cache signs nobody out).
              "sessions": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                           "LOCATION": os.environ.get("SESSION_REDIS_URL", REDIS_URL),
                           "KEY_PREFIX": "session"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    SESSION_CACHE_ALIAS = "sessions"
else:
    CACHES = {"default": {"BACKEND": "shop.cache.MemoLocMemCache"}}
# What every storefront page reads, asked for in one round trip at the start of a request
# (shop.middleware.CacheMemoMiddleware); a test checks each is a key a page reads.
CACHE_READ_PER_REQUEST = [
    "catalog:listing-version", "logistics:timetable-version", "cms:pages-version",
    "logistics:nearest-province", "catalog:category-chips:{language}", "cms:stories-url",
]

# The task queue (shop/celery.py): Celery on the broker, workers and beat started by `make serve`.
# Without a broker every task runs where it is asked for (the embedded default, the tests).
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True  # a worker that dies mid-task leaves it to another (tasks are idempotent)
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Results are not kept, failures are: a task that failed its last retry is a row staff see in the
# admin (django-celery-results' task results) and on the dashboard.
CELERY_RESULT_BACKEND = "django-db"
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_STORE_ERRORS_EVEN_IF_IGNORED = True
CELERY_RESULT_EXTENDED = True
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    # Plan every open consignment again (the daily batch, and every 10 minutes for new departures,
    # full buses and time running out); flag late parcels.
    "plan-runs": {"task": "logistics.tasks.replan_runs", "schedule": 600},
    # Baskets frozen for a checkout nobody finished.
    "thaw-baskets": {"task": "shop.checkout.tasks.thaw_baskets", "schedule": 600},
    # Households' warnings, once a night (each booking recomputes its own household's already).
    "compute-warnings": {"task": "households.tasks.compute_warnings", "schedule": crontab(hour=2, minute=30)},
    # Deliveries whose settling task was lost (a broker restart): settling again books nothing twice.
    "settle-recent": {"task": "shop.settlement.tasks.settle_recent_deliveries", "schedule": 3600},
    # Thumbnails a failed save left unmade.
    "make-thumbnails": {"task": "catalog.tasks.make_missing_thumbnails", "schedule": crontab(hour=3, minute=0)},
    # Village photos short of a size the story pages show (saved before sizes were made on save).
    "make-renditions": {"task": "cms.tasks.make_missing_renditions", "schedule": crontab(hour=3, minute=15)},
}

# --- Files ---------------------------------------------------------------------
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
    "private": {"BACKEND": "households.uploads.PrivateFileStorage",
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
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    STORAGES["private"] = {"BACKEND": "households.uploads.PrivateS3Storage",
                           "OPTIONS": {"location": "private", "querystring_auth": True, "default_acl": "private",
                                       "custom_domain": None}}
WHITENOISE_USE_FINDERS = DEBUG  # runserver: from the apps' folders, no collectstatic needed
WHITENOISE_AUTOREFRESH = DEBUG

# --- Content-Security-Policy (django-csp) --------------------------------------------
# Scripts only from the site, or inline with the response's nonce ({{ request.csp_nonce }}); no
# inline handlers (static/shop/behaviours.js); styles may be inline (Oscar's and Wagtail's widgets
# set them). The Django and Wagtail admins, staff-only and full of inline scripts of their own,
# are left out. The pay page adds Stripe's hosts (shop.payments.views).
_MEDIA_HOSTS = [f"https://{os.environ['S3_PUBLIC_DOMAIN']}"] if os.environ.get("S3_PUBLIC_DOMAIN") else (
    [os.environ["S3_ENDPOINT_URL"]] if os.environ.get("S3_ENDPOINT_URL") else [])
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/cms-admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", "blob:", *_MEDIA_HOSTS],  # blob: the station's photo, shrunk on the phone
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-src": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

THUMBNAIL_DEBUG = False
# Thumbnails are made when an image is saved (catalog.thumbnails), never while a page is served:
# a card whose thumbnail is not made yet shows a placeholder.
OSCAR_THUMBNAILER = "catalog.thumbnails.PrebuiltThumbnailer"
CATALOG_THUMBNAILS = [  # every {% oscar_thumbnail %} of a product image that a page renders
    ("320x320", {"crop": "center", "upscale": False}),  # product cards
    ("400x400", {"crop": "center"}),  # village stories, the home page's product block
    ("440x400", {"upscale": False}), ("65x55", {"crop": "center"}),  # the product page's gallery
    ("100x100", {"upscale": False}), ("200x200", {"upscale": False}),  # basket, checkout, order
    ("70x70", {"upscale": False}), ("x155", {"upscale": False}),  # dashboard, reviews, wish lists
]

# --- Search ----------------------------------------------------------------------
# Products are searched on the database itself (catalog.searching): PostgreSQL's full-text search
# in production, SQLite's FTS5 on the embedded default, both over jieba-segmented words.
COUNTY_NAME = "林口县"  # searched as a place name of every product ("林口")
# Haystack is not installed and nothing searches through it; Oscar's class loader still imports
# Oscar's own search modules beside our fork (shop.search), and they import Haystack, which wants
# this setting to exist.
HAYSTACK_CONNECTIONS = {"default": {"ENGINE": "haystack.backends.simple_backend.SimpleEngine"}}

# --- Wagtail ------------------------------------------------------------------------
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
# Phone photos are large: 10 MB, 40 megapixels and the usual web formats at most. The same
# limits hold for Oscar's product and category images (households.uploads.validate_image_upload).
IMAGE_UPLOAD_MAX_BYTES = 10 * 1024 * 1024
IMAGE_UPLOAD_MAX_PIXELS = 40_000_000
WAGTAILIMAGES_MAX_UPLOAD_SIZE = IMAGE_UPLOAD_MAX_BYTES
WAGTAILIMAGES_MAX_IMAGE_PIXELS = IMAGE_UPLOAD_MAX_PIXELS
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# --- Stripe (online payment is offered only when all three keys are set) -------------
STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY", "")
STRIPE_PUBLISHABLE_KEY = os.environ.get("STRIPE_PUBLISHABLE_KEY", "")
STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET", "")
STRIPE_API_BASE = os.environ.get("STRIPE_API_BASE", "")  # only to point at a fake server in tests
STRIPE_MAX_NETWORK_RETRIES = int(os.environ.get("STRIPE_MAX_NETWORK_RETRIES", "2"))
# `manage.py thaw_baskets` gives back the goods of a checkout abandoned with its basket frozen
# (no order, no payment through) for longer than this.
CHECKOUT_FROZEN_BASKET_MINUTES = int(os.environ.get("CHECKOUT_FROZEN_BASKET_MINUTES", "60"))

# --- Domain -----------------------------------------------------------------------
# Buyers may claim after-sales (damaged, dead on arrival, not as described, missing) this long
# after delivery.
AFTERSALES_CLAIM_HOURS = int(os.environ.get("AFTERSALES_CLAIM_HOURS", "48"))
# Where households' workbench pages link for the leaders' roll-up (a URL name: households knows no app above it).
HOUSEHOLDS_ROLLUP_URL = "county:overview"
# The public page a supply lot's label links to (a URL name: the catalogue knows no app above it).
CATALOG_TRACE_URL = "trace-lot"
# A refund or quality claim taking back at least this much from a household raises a warning.
try:
    MONITORING_LARGE_REVERSAL_YUAN = Decimal(os.environ.get("MONITORING_LARGE_REVERSAL_YUAN", "200.00"))
except InvalidOperation:
    raise ImproperlyConfigured("MONITORING_LARGE_REVERSAL_YUAN must be an amount in yuan, e.g. 200.00") from None
# Consignments look this many days ahead for a pickup run with room.
LOGISTICS_PLANNING_HORIZON_DAYS = int(os.environ.get("LOGISTICS_PLANNING_HORIZON_DAYS", "21"))
# Parcels reaching the county hub at or after this time go to the post the next day.
LOGISTICS_HUB_DISPATCH_CUTOFF = datetime.time(16, 0)
# The planner's time for one batch (OR-Tools CP-SAT; first fit when it runs out or is missing).
LOGISTICS_SOLVER_SECONDS = float(os.environ.get("LOGISTICS_SOLVER_SECONDS", "0.8"))
# The batch replanning leaves parcels booked on a bus leaving within these hours where they are:
# the station has packed for it.
LOGISTICS_REPLAN_FREEZE_HOURS = int(os.environ.get("LOGISTICS_REPLAN_FREEZE_HOURS", "12"))
# The village station (shop/station): goods with at most this many units left are flagged low.
STATION_LOW_STOCK_UNITS = int(os.environ.get("STATION_LOW_STOCK_UNITS", "5"))
# The station's API: the signed-in coordinator's session (the station pages' own), JSON only (no
# browsable pages), pages of 50; the schema at /api/schema/.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Linkou village station API",
    "DESCRIPTION": "The village's goods, households, supply lots and packing lists, for the station app's "
                   "offline queue and other station clients. Signed-in village coordinators, scoped to their village.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Only the station's API (Wagtail's admin has DRF views of its own, not for others to use).
    "PREPROCESSING_HOOKS": ["shop.station.api.station_endpoints_only"],
}
# Demo accounts (README) log in only on a development machine.
DEMO_EMAIL_DOMAIN = "demo.linkou.invalid"

# Logs: one JSON object a line on standard error in production (LOG_FORMAT=json, the default with
# DEBUG off), for the log collector; events of checkout, payments, webhooks, refunds, the hub and
# settlement carry order numbers and ids, never a name, phone, address or e-mail.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "pythonjsonlogger.json.JsonFormatter",
                 "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
                 "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger", "message": "event"}},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING").upper()},
    "loggers": {name: {"level": os.environ.get("EVENT_LOG_LEVEL", "INFO").upper()}
                for name in ("shop", "logistics", "catalog", "households", "celery")},
}

# Errors to Sentry when SENTRY_DSN is set (Django, Celery and Redis integrations come with the SDK);
# no personal data is sent: no user, no address, no request body or cookies.
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(dsn=SENTRY_DSN, send_default_pii=False, max_request_body_size="never",
                    environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
                    traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")))
