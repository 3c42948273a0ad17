"""Logs (one JSON object a line in production) and Sentry."""

import os

from config.settings.base import DEBUG

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
                for name in ("config", "core", "households", "catalog", "logistics", "settlement", "shop", "aftersales",
                             "county", "station", "cms", "celery")},
}

# Errors to Sentry when SENTRY_DSN is set (Django, Celery and Redis integrations come with the SDK);
# no personal data is sent: no user, no address, no request body or cookies.
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(dsn=SENTRY_DSN, send_default_pii=False, max_request_body_size="never",
                    environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
                    traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")))
