"""The Django project itself: environment, database, apps, middleware, templates, logins, language.

The project's apps follow floors (README, "Layout"): core → households → catalog → logistics →
settlement → shop → aftersales, county, station, cms → demo → config.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
# Local state of the embedded default (SQLite file, media, search index); git-ignored.
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_flag(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_flag("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (set DEBUG=1 for development)."
        )
    SECRET_KEY = "development-only-key-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # Waiting for the write lock beats failing with "database is locked" under runserver; and each
    # transaction takes the write lock when it begins (IMMEDIATE), so that two writers wait for each
    # other instead of both reading "still open" and one failing at its first write.
    DATABASES["default"].setdefault("OPTIONS", {}).update(timeout=20, transaction_mode="IMMEDIATE")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Forks that change no model keep Oscar's migrations.
MIGRATION_MODULES = {"wishlists": "oscar.apps.wishlists.migrations"}

SITE_ID = 1
# The host the site's mails link to (password resets, order confirmations): kept in the Sites row
# after each migrate (shop/customer/receivers.py); production must name it.
SITE_DOMAIN = os.environ.get("SITE_DOMAIN", "127.0.0.1:8000" if DEBUG else "")
SITE_NAME = os.environ.get("SITE_NAME", "林口乡村优品")
if not DEBUG and (not SITE_DOMAIN or SITE_DOMAIN.endswith("example.com")):
    raise ImproperlyConfigured(
        "SITE_DOMAIN must name the site's host when DEBUG is off (e.g. shop.linkou.gov.cn): mails link to it."
    )

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
    # The platform's own apps come before Oscar so their templates and translations win.
    "households.apps.HouseholdsConfig",
    "logistics.apps.LogisticsConfig",
    "cms.apps.CmsConfig",
    "demo.apps.DemoConfig",
    "shop.payments.apps.PaymentsConfig",
    "settlement.apps.SettlementConfig",
    "aftersales.apps.AftersalesConfig",
    "county.apps.CountyConfig",
    "station.apps.StationConfig",
    # Oscar, with the storefront's forks (shop/) and the catalogue's (catalog/) in its apps' places.
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
    "shop.wishlists.apps.WishlistsConfig",
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
    # Login throttling for Oscar's, Django admin's and Wagtail's logins (settings/security.py).
    "axes",
    # Failed background tasks, kept for staff (config/celery.py).
    "django_celery_results",
    # The station's API (station/api.py) and its OpenAPI schema.
    "rest_framework",
    "drf_spectacular",
]

MIDDLEWARE = [
    "config.health.HealthCheckMiddleware",  # /healthz, for the load balancer (config/health.py)
    "config.middleware.QueryLimitMiddleware",  # more query fields than Django reads: 400 at once
    "django.middleware.security.SecurityMiddleware",
    # Static files from the app servers themselves (hashed names, gzip/brotli), before anything else.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Scripts from STATIC_URL only, never from /media/ (users' uploads): rewrites django-csp's header.
    "config.middleware.StaticScriptsOnlyMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.SiteLanguageMiddleware",
    "config.middleware.CacheMemoMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "shop.basket.middleware.BasketMiddleware",
    # The province a buyer picks (?to=) is remembered for the shop's estimates.
    "logistics.destination.DestinationCookieMiddleware",
    "django.contrib.flatpages.middleware.FlatpageFallbackMiddleware",
    # Malformed or far too large numbers that third-party screens (the Django and Wagtail admins,
    # Oscar's dashboard) pass to the database answer 400 (a page past the end 404), not 500.
    "config.middleware.HostileInputMiddleware",
    # Two of Wagtail's admin views that fail on odd query strings (cms/admin_guards.py).
    "cms.admin_guards.WagtailAdminGuardMiddleware",
    # The Django admin's inlines take at most ADMIN_MAX_INLINE_FORMS forms a request.
    "config.middleware.AdminFormsetLimitMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ADMIN_MAX_INLINE_FORMS = 200
ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "config.context_processors.notifications",
                "config.context_processors.workbench",
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
    "config.auth.LoginThrottleBackend",
    # Oscar logs customers in by e-mail; both backends refuse demo accounts unless DEBUG.
    "config.auth.DemoAwareEmailBackend",
    "config.auth.DemoAwareModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_REDIRECT_URL = "/"
# Demo accounts (README) log in only on a development machine.
DEMO_EMAIL_DOMAIN = "demo.linkou.invalid"

# --- Language, time ------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
FORMAT_MODULE_PATH = ["config.formats"]
# Our strings first; then corrections to Oscar's own Chinese (locale_oscar/, kept by hand).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_oscar"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
