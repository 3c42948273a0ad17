"""What changes of the timetable set off: delivery estimates kept by the pages are forgotten when
a line, stop, departure, station, run or parcel changes, and the nearest province when the
postal transit days change."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from logistics.estimates import TIMETABLE_VERSION, forget_nearest_province
from logistics.models import BusLine, Consignment, Departure, PickupRun, PostalTransit, Station, Stop


@receiver(post_save, sender=PostalTransit, dispatch_uid="transit-saved")
@receiver(post_delete, sender=PostalTransit, dispatch_uid="transit-deleted")
def transit_changed(**kwargs):
    forget_nearest_province()


def timetable_changed(**kwargs):
    TIMETABLE_VERSION.move()


for _model in (BusLine, Stop, Departure, Station, PickupRun, Consignment):
    receiver(post_save, sender=_model, dispatch_uid=f"timetable-saved-{_model.__name__}")(timetable_changed)
    receiver(post_delete, sender=_model, dispatch_uid=f"timetable-deleted-{_model.__name__}")(timetable_changed)
