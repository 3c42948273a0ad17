"""E-mail, the cache, sessions and the task queue (Celery on Redis; in-process without a broker)."""

import os

from celery.schedules import crontab

from config.settings.base import VAR_DIR

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# Text messages (core.sms): the console unless a provider is configured.
SMS_BACKEND = os.environ.get("SMS_BACKEND", "core.sms.backends.ConsoleBackend")
SMS_TENCENT_SECRET_ID = os.environ.get("SMS_TENCENT_SECRET_ID", "")
SMS_TENCENT_SECRET_KEY = os.environ.get("SMS_TENCENT_SECRET_KEY", "")
SMS_TENCENT_APP_ID = os.environ.get("SMS_TENCENT_APP_ID", "")
SMS_TENCENT_SIGN = os.environ.get("SMS_TENCENT_SIGN", "林口乡村优品")
SMS_TENCENT_REGION = os.environ.get("SMS_TENCENT_REGION", "ap-guangzhou")
SMS_TENCENT_ENDPOINT = os.environ.get("SMS_TENCENT_ENDPOINT", "sms.tencentcloudapi.com")
SMS_TENCENT_SCHEME = os.environ.get("SMS_TENCENT_SCHEME", "https")
# The provider's approved template of each message kind (core.sms.MESSAGES), by id.
SMS_TEMPLATES = {"code": os.environ.get("SMS_TEMPLATE_CODE", ""),
                 "order_placed": os.environ.get("SMS_TEMPLATE_ORDER_PLACED", "")}
REDIS_URL = os.environ.get("REDIS_URL", "")
# Each value read at most once per request (config.cache); Redis when REDIS_URL is set (shared by
# every app server), else this process's memory.
if REDIS_URL:
    # Short timeouts: a Redis that is away degrades the cache (config.cache) within a second.
    REDIS_OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 1}
    CACHES = {"default": {"BACKEND": "config.cache.MemoRedisCache", "LOCATION": REDIS_URL, "OPTIONS": REDIS_OPTIONS},
              # Sessions in Redis too (not the cache's key space: clearing the cache signs nobody out),
              # and in the database: with Redis away, sessions are read from and saved there.
              "sessions": {"BACKEND": "config.cache.DegradingRedisCache",
                           "LOCATION": os.environ.get("SESSION_REDIS_URL", REDIS_URL),
                           "KEY_PREFIX": "session", "OPTIONS": REDIS_OPTIONS}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    SESSION_CACHE_ALIAS = "sessions"
else:
    CACHES = {"default": {"BACKEND": "config.cache.MemoLocMemCache"}}
# What every storefront page reads, asked for in one round trip at the start of a request
# (config.middleware.CacheMemoMiddleware); a test checks each is a key a page reads.
# The versions a kept page of goods depends on (core.versions; shop.search's card_tags): the
# catalogue's, the timetable's and the published stories' (the storefront's pages link them).
STOREFRONT_VERSIONS = ["catalog:listing-version", "logistics:timetable-version", "cms:pages-version"]
CACHE_READ_PER_REQUEST = [
    *STOREFRONT_VERSIONS,
    "logistics:nearest-province", "catalog:category-chips:{language}", "cms:stories-url",
]

# The task queue (config/celery.py): Celery on the broker, workers and beat started by `make serve`.
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
    # One-time codes (households.onetime) are kept a day for the hourly limits, then deleted.
    "purge-one-time-codes": {"task": "households.tasks.purge_codes", "schedule": 3600},
    # Lots past their shelf life off sale, soon after midnight and every hour after.
    "write-off-expired-lots": {"task": "catalog.tasks.write_off_expired_lots", "schedule": crontab(minute=1)},
    # Baskets frozen for a checkout nobody finished.
    "thaw-baskets": {"task": "shop.checkout.tasks.thaw_baskets", "schedule": 600},
    # Households' warnings, once a night (each booking recomputes its own household's already).
    "compute-warnings": {"task": "households.tasks.compute_warnings", "schedule": crontab(hour=2, minute=30)},
    # Deliveries whose settling task was lost (a broker restart): settling again books nothing twice.
    "settle-recent": {"task": "settlement.tasks.settle_recent_deliveries", "schedule": 3600},
    # Thumbnails a failed save left unmade.
    "make-thumbnails": {"task": "catalog.tasks.make_missing_thumbnails", "schedule": crontab(hour=3, minute=0)},
    # Village photos short of a size the story pages show (saved before sizes were made on save).
    "make-renditions": {"task": "cms.tasks.make_missing_renditions", "schedule": crontab(hour=3, minute=15)},
}

