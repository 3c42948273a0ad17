"""The stories' background work: the renditions of village photos."""

from celery import shared_task

from cms import renditions


@shared_task
def make_renditions(image_id: int) -> int:
    return renditions.make_renditions(image_id)


@shared_task
def make_missing_renditions() -> int:
    return renditions.make_missing_renditions()
