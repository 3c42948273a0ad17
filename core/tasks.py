"""What every background task shares: one retry policy, queuing after commit, and doing a side
effect (a mail, a counter) at most once.

The project's Celery app (config/celery.py) makes `PlatformTask` the class of every task the apps
declare with `@shared_task`, so no app imports the project and no task repeats the policy: a task
is retried with back-off on the failures that pass (the database busy or away, the network, the
mail server — `smtplib.SMTPException` is an `OSError`) and kept as a failed result after its last
try. Every task is idempotent: running it twice changes nothing twice.
"""

import functools
from collections.abc import Callable
from typing import Any

from celery.contrib.django.task import DjangoTask
from django.core.cache import cache
from django.db import OperationalError, transaction

SENT_SECONDS = 30 * 24 * 3600


class PlatformTask(DjangoTask):
    autoretry_for = (OperationalError, OSError)
    retry_backoff = True
    retry_backoff_max = 600
    retry_jitter = True
    max_retries = 8

    def delay_on_commit(self, *args: Any, **kwargs: Any) -> None:
        """Queue the task once the transaction commits. A broker that is away is logged (and the
        periodic sweeps catch up); it does not turn a committed step into an error page."""
        transaction.on_commit(functools.partial(self.delay, *args, **kwargs), robust=True)

    def delay_with_step(self, *args: Any, **kwargs: Any) -> None:
        """For work that completes a step (settling a delivery): in-process, run it now, inside the
        step's transaction (one piece of work: both commit or neither); with a broker, queue it
        once the step has committed, for a worker."""
        if self.app.conf.task_always_eager:
            self.apply(args=args, kwargs=kwargs, throw=True)
        else:
            self.delay_on_commit(*args, **kwargs)


def once(key: str, do: Callable[[], object]) -> bool:
    """Do `do()` unless it was done under `key` (remembered in the shared cache once it succeeded,
    for 30 days): a task run again sends no second mail. Returns whether it was done now."""
    if cache.get(key):
        return False
    do()
    cache.set(key, True, SENT_SECONDS)
    return True
