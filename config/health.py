"""/healthz for the load balancer: whether this app server can reach what a page needs — the
database, Redis (cache, sessions and the task broker) and the media storage. 200 when all answer,
503 otherwise, with which one failed; nothing else (no versions, no hosts)."""

import json
import logging
import secrets

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import storages
from django.db import connection
from django.http import HttpResponse

from config.celery import app

logger = logging.getLogger(__name__)
PATH = "/healthz"


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _redis():
    if not settings.REDIS_URL:
        return "not used"
    token = secrets.token_hex(8)
    cache.set("healthz", token, 30)
    if cache.get("healthz") != token:
        raise ConnectionError("Redis did not give back what was written")
    return None


def _broker():
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "in-process"
    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return None


def _storage():
    storages["default"].exists("healthz-probe")  # a read: the bucket or folder answers


CHECKS = {"database": _database, "redis": _redis, "broker": _broker, "storage": _storage}


def report() -> tuple[bool, dict]:
    results, healthy = {}, True
    for name, check in CHECKS.items():
        try:
            results[name] = check() or "ok"
        except Exception as exc:  # any failure is the answer, not a 500
            healthy = False
            results[name] = "failing"
            logger.error("health.failing", extra={"check": name, "error": type(exc).__name__})
    return healthy, results


class HealthCheckMiddleware:
    """Answers /healthz before anything else: a load balancer asks by address over plain HTTP, which
    the host check and the HTTPS redirect would refuse."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path != PATH or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        healthy, results = report()
        response = HttpResponse(json.dumps({"status": "ok" if healthy else "failing", "checks": results}),
                                status=200 if healthy else 503, content_type="application/json")
        response["Cache-Control"] = "no-store"
        return response
