"""The platform's own rules and services: payments, after-sales, monitoring, logistics, the station's API."""

import datetime
import os
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ImproperlyConfigured

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
# The village station (station/): goods with at most this many units left are flagged low.
STATION_LOW_STOCK_UNITS = int(os.environ.get("STATION_LOW_STOCK_UNITS", "5"))
# The station's API: the signed-in coordinator's session (the station pages' own), JSON only (no
# browsable pages), pages of 50; the schema at /api/schema/.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # JSON nested too deep answers 400, not a RecursionError's 500 (station/parsers.py).
    "DEFAULT_PARSER_CLASSES": ["station.parsers.DepthSafeJSONParser", "rest_framework.parsers.FormParser",
                               "rest_framework.parsers.MultiPartParser"],
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
    "PREPROCESSING_HOOKS": ["station.api.station_endpoints_only"],
}
