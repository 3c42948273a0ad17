"""Every task of the platform carries one retry policy and does its side effect at most once."""

from django.db import OperationalError

from config.celery import app
from core.tasks import PlatformTask, once
from settlement.tasks import settle_delivery
from shop.order.tasks import confirm_order


def test_every_task_of_the_apps_is_a_platform_task_with_its_retry_policy():
    app.loader.import_default_modules()
    ours = {name: task for name, task in app.tasks.items() if not name.startswith("celery.")}
    assert {settle_delivery.name, confirm_order.name} <= set(ours)
    for name, task in ours.items():
        assert isinstance(task, PlatformTask), name
        assert task.autoretry_for == (OperationalError, OSError), name
        assert task.max_retries == 8 and task.retry_backoff is True, name


def test_a_side_effect_is_done_once_under_its_key():
    sent = []
    assert once("test:mail:1", lambda: sent.append("mail")) is True
    assert once("test:mail:1", lambda: sent.append("mail")) is False
    assert sent == ["mail"]


def test_a_side_effect_that_failed_is_tried_again():
    sent = []

    def fail():
        raise OSError("the mail server is away")

    try:
        once("test:mail:2", fail)
    except OSError:
        pass
    assert once("test:mail:2", lambda: sent.append("mail")) is True and sent == ["mail"]
