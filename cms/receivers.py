"""What changes of the content set off: the kept pieces of pages (cms.caching) are forgotten when a
page is published, unpublished, moved or deleted, and a village photo's sizes are made by a task
once it is saved."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.caching import PAGES_VERSION
from cms.models import VillagePhoto
from cms.tasks import make_renditions


@receiver(page_published, dispatch_uid="cms-pages-published")
@receiver(page_unpublished, dispatch_uid="cms-pages-unpublished")
@receiver(post_page_move, dispatch_uid="cms-pages-moved")
@receiver(post_delete, sender=Page, dispatch_uid="cms-pages-deleted")
def pages_changed(**kwargs):
    PAGES_VERSION.move()


@receiver(post_save, sender=VillagePhoto, dispatch_uid="cms-photo-renditions")
def photo_saved(sender, instance, raw=False, **kwargs):
    """A village photo's renditions, once the upload is committed."""
    if not raw and instance.file:
        make_renditions.delay_on_commit(instance.pk)
