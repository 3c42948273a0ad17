"""django-oscar: the shop's name, currency, checkout, order pipeline, dashboard menu, thumbnails."""

import os

from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from oscar.defaults import *  # noqa: F403 (Oscar's documented way to start its settings)


def allowed_by(path: str):
    """An access_fn for Oscar's dashboard menu that imports the app's rule `path` when the menu is
    first drawn: settings are read before the apps are loaded and import none of them."""

    def access(user, url_name=None, url_args=None, url_kwargs=None) -> bool:
        return import_string(path)(user, url_name, url_args, url_kwargs)

    return access


OSCAR_DEFAULT_CURRENCY = "CNY"
OSCAR_CURRENCY_FORMAT = {"CNY": {"format": "¥#,##0.00"}}
OSCAR_SLUG_ALLOW_UNICODE = True
OSCAR_HOMEPAGE = "/"  # the Wagtail home page (cms.views.home)
OSCAR_SHOP_NAME = _("Linkou Village Goods")
OSCAR_SHOP_TAGLINE = _("Village goods by county bus and post")
# Reviews: only buyers who received the good (catalog.models.Product.is_review_permitted), each
# read by staff before it shows or counts in the rating (catalog/reviews/views.py limits the rest).
OSCAR_ALLOW_ANON_REVIEWS = False
OSCAR_MODERATE_REVIEWS = True
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

# Order status pipeline: the steps shop.order.status walks as the parcels travel. People can
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
                "access_fn": allowed_by("logistics.dashboard.access.can_operate_hub"),
            },
            {
                "label": _("Pickup runs"),
                "url_name": "logistics-dashboard:run-list",
                "access_fn": allowed_by("logistics.dashboard.access.can_operate_hub"),
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
                "access_fn": allowed_by("aftersales.access.can_decide_claims"),
            },
            {
                "label": _("Money reconciliation"),
                "url_name": "admin:settlement-reconciliation",
                "access_fn": allowed_by("settlement.access.can_view_reconciliation"),
            },
        ],
    },
    {
        "label": _("Search synonyms"),
        "icon": "fas fa-search",
        "url_name": "catalog-search:synonym-list",
        "access_fn": allowed_by("catalog.search_access.can_edit_synonyms"),
    },
    {
        "label": _("Village station"),
        "icon": "fas fa-store",
        "url_name": "station:home",
        "access_fn": allowed_by("station.access.can_work_the_station"),
    },
    {
        "label": _("Village supply"),
        "icon": "fas fa-seedling",
        "children": [
            {
                "label": _("Supply lots"),
                "url_name": "catalog-supply:lot-list",
                "access_fn": allowed_by("catalog.supply_access.can_record_supply"),
            },
        ],
    },
]
# Where the dashboard's home sends people who are not staff: the first rule that lets them in
# (shop.dashboard.views.IndexView). The hub clerk's home is the hub screen (today's buses, parcels
# waiting, late, for the post); a village coordinator's the station (phone first).
DASHBOARD_HOMES = [
    ("logistics.dashboard.access.can_operate_hub", "logistics-dashboard:hub"),
    ("station.access.can_work_the_station", "station:home"),
]

THUMBNAIL_DEBUG = False
# Photos for phones on slow links: sorl's 95 weighs twice what 75 does, which the eye does not
# tell apart at a card's size (Wagtail's renditions: config/settings/content.py).
THUMBNAIL_QUALITY = 75
# Thumbnails are made when an image is saved (catalog.thumbnails), never while a page is served:
# a card whose thumbnail is not made yet shows a placeholder.
OSCAR_THUMBNAILER = "catalog.thumbnails.PrebuiltThumbnailer"
CATALOG_THUMBNAILS = [  # every {% oscar_thumbnail %} of a product image that a page renders
    ("320x320", {"crop": "center", "upscale": False}),  # product cards
    ("400x400", {"crop": "center"}),  # village stories, the home page's product block
    ("440x400", {"upscale": False}), ("880x800", {"upscale": False}),  # the product page's gallery (and 2x)
    ("65x55", {"crop": "center"}),
    ("100x100", {"upscale": False}), ("200x200", {"upscale": False}),  # basket, checkout, order
    ("70x70", {"upscale": False}), ("x155", {"upscale": False}),  # dashboard, reviews, wish lists
]

# Products are searched on the database itself (catalog.searching): PostgreSQL's full-text search
# in production, SQLite's FTS5 on the embedded default, both over jieba-segmented words.
COUNTY_NAME = "林口县"  # searched as a place name of every product ("林口")
# Haystack is not installed and nothing searches through it; Oscar's class loader still imports
# Oscar's own search modules beside our fork (shop.search), and they import Haystack, which wants
# this setting to exist.
HAYSTACK_CONNECTIONS = {"default": {"ENGINE": "haystack.backends.simple_backend.SimpleEngine"}}
