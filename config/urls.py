from django.apps import apps
from django.contrib import admin
from django.core.files.storage import storages
from django.shortcuts import redirect
from django.templatetags.static import static as static_url
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms import views as cms_views
from config.media import serve_media
from logistics.trace import LotTraceView
from shop.checkout.views import division_choices
from shop.order.views import GuestOrderLookupView, GuestOrdersByMobileView, GuestOrderView

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    # Browsers ask for /favicon.ico on pages that name no icon (the cadre's, the county's, PDFs).
    path("favicon.ico", lambda request: redirect(static_url("shop/img/favicon.ico")), name="favicon"),
    path("admin/", admin.site.urls),
    path("cms-admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("cadre/", include("households.urls")),
    path("station/", include("station.urls")),
    path("api/", include("station.api_urls")),
    path("county/", include("county.urls")),
    path("dashboard/logistics/", include("logistics.dashboard.urls")),
    path("dashboard/supply/", include("catalog.supply_urls")),
    path("dashboard/search-synonyms/", include("catalog.synonym_urls")),
    path("payments/", include("shop.payments.urls")),
    path("dashboard/refunds/", include("shop.payments.dashboard.urls")),
    path("dashboard/aftersales/", include("aftersales.dashboard_urls")),
    path("accounts/orders/", include("shop.order.urls")),
    path("accounts/orders/", include("aftersales.urls")),
    path("orders/find/", GuestOrderLookupView.as_view(), name="guest-order-lookup"),
    path("orders/find/by-mobile/", GuestOrdersByMobileView.as_view(), name="guest-orders-by-mobile"),
    path("orders/<str:number>/", GuestOrderView.as_view(), name="guest-order"),
    path("divisions/", division_choices, name="divisions"),
    path("trace/<str:code>/", LotTraceView.as_view(), name="trace-lot"),
    path("", cms_views.home, name="home-page"),
    path("", include(apps.get_app_config("oscar").urls[0])),
    # Wagtail serves every other path (stories, notices, news) and so comes last.
    path("", include(wagtail_urls)),
]

if storages["default"].__class__.__name__ == "FileSystemStorage":
    # Development, or one machine without object storage (`make serve` without S3_BUCKET): the app
    # server hands out the uploads itself, never as pages of the shop (config/media.py). Several app
    # servers need S3_BUCKET (README, "Production").
    urlpatterns = [re_path(r"^media/(?P<path>.*)$", serve_media),
                   *urlpatterns]
