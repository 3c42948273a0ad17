from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LogisticsConfig(AppConfig):
    name = "logistics"
    verbose_name = _("Logistics")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from logistics.estimates import forget_nearest_province
        from logistics.models import PostalTransit

        post_save.connect(forget_nearest_province, sender=PostalTransit, dispatch_uid="transit-saved")
        post_delete.connect(forget_nearest_province, sender=PostalTransit, dispatch_uid="transit-deleted")
