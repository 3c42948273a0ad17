"""The task queue (Celery). With a broker (`CELERY_BROKER_URL`, or `REDIS_URL`) tasks run in the
worker processes `make serve` starts, and the periodic jobs in its scheduler (celery beat); without
one — the embedded default — every task runs in the process that asked for it, so `make demo`
needs no broker. Tasks live in the apps that own their work (`tasks.py`) and are found here.

Every task is idempotent (running it twice changes nothing twice) and retried with back-off on
the failures that pass (database, network, mail server); one that fails its last try is kept as
a failed task result, which staff see in the admin and on the dashboard.
"""

import functools
import logging
import os

from celery import Celery, signals
from celery.contrib.django.task import DjangoTask
from django.db import transaction

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")
logger = logging.getLogger("shop.tasks")


class PlatformTask(DjangoTask):
    """The platform's tasks (apps use @shared_task and get this class from the app: no app imports
    the project)."""

    def delay_on_commit(self, *args, **kwargs) -> None:
        """Queue the task once the transaction commits. A broker that is away is logged (and the
        periodic sweeps catch up); it does not turn a committed step into an error page."""
        transaction.on_commit(functools.partial(self.delay, *args, **kwargs), robust=True)

    def delay_with_step(self, *args, **kwargs) -> None:
        """For work that completes a step (settling a delivery): in-process, run it now, inside the
        step's transaction (one piece of work: both commit or neither); with a broker, queue it
        once the step has committed, for a worker."""
        if self.app.conf.task_always_eager:
            self.apply(args=args, kwargs=kwargs, throw=True)
        else:
            self.delay_on_commit(*args, **kwargs)


app = Celery("shop", task_cls=PlatformTask)
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
