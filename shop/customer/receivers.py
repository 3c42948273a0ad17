"""The Sites row follows the configuration: Oscar's and Django's mails link to its domain."""

from typing import Any

from django.conf import settings
from django.contrib.sites.models import Site
from django.db.models.signals import post_migrate
from django.dispatch import receiver


@receiver(post_migrate)
def site_domain_from_settings(sender: Any, using: str = "default", **kwargs: Any) -> None:
    if sender.label != "sites" or not settings.SITE_DOMAIN:
        return
    Site.objects.using(using).update_or_create(
        pk=settings.SITE_ID, defaults={"domain": settings.SITE_DOMAIN, "name": settings.SITE_NAME})
