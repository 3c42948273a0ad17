from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Stories")

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Page
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from cms.caching import forget_pages
        from cms.models import VillagePhoto
        from cms.renditions import photo_saved

        page_published.connect(forget_pages, dispatch_uid="cms-pages-published")
        page_unpublished.connect(forget_pages, dispatch_uid="cms-pages-unpublished")
        post_page_move.connect(forget_pages, dispatch_uid="cms-pages-moved")
        post_delete.connect(forget_pages, sender=Page, dispatch_uid="cms-pages-deleted")
        post_save.connect(photo_saved, sender=VillagePhoto, dispatch_uid="cms-photo-renditions")
