from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LogisticsConfig(AppConfig):
    name = "logistics"
    verbose_name = _("Logistics")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from logistics import models
        from logistics.estimates import forget_nearest_province, timetable_changed
        from logistics.models import PostalTransit

        post_save.connect(forget_nearest_province, sender=PostalTransit, dispatch_uid="transit-saved")
        post_delete.connect(forget_nearest_province, sender=PostalTransit, dispatch_uid="transit-deleted")
        for model in (models.BusLine, models.Stop, models.Departure, models.Station, models.PickupRun,
                      models.Consignment):
            post_save.connect(timetable_changed, sender=model, dispatch_uid=f"timetable-saved-{model.__name__}")
            post_delete.connect(timetable_changed, sender=model, dispatch_uid=f"timetable-deleted-{model.__name__}")
