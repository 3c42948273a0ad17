"""The task queue (Celery). With a broker (`CELERY_BROKER_URL`, or `REDIS_URL`) tasks run in the
worker processes `make serve` starts, and the periodic jobs in its scheduler (celery beat); without
one — the embedded default — every task runs in the process that asked for it, so `make demo`
needs no broker. Tasks live in the apps that own their work (`tasks.py`) and are found here.

Every task is idempotent (running it twice changes nothing twice) and retried with back-off on
the failures that pass (database, network, mail server) by the one policy of core.tasks; one that
fails its last try is kept as a failed task result, which staff see in the admin and on the dashboard.
"""

import logging
import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
logger = logging.getLogger("config.tasks")

# Every task the apps declare with @shared_task is a core.tasks.PlatformTask: one retry policy.
app = Celery("linkou", task_cls="core.tasks:PlatformTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

@signals.task_failure.connect
def log_failure(sender=None, task_id=None, exception=None, args=None, **kwargs):
    logger.error("task.failed", extra={"task": getattr(sender, "name", ""), "task_id": task_id,
                                       "error": type(exception).__name__})


@signals.task_retry.connect
def log_retry(sender=None, request=None, reason=None, **kwargs):
    logger.warning("task.retry", extra={"task": getattr(sender, "name", ""),
                                        "task_id": getattr(request, "id", ""), "error": type(reason).__name__})
