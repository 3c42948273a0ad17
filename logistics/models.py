"""The transport and postal cooperative (交邮合作).

Village stations, bus lines with ordered stops and a weekly timetable, dated pickup runs,
and one consignment per order and origin village with its tracking timeline.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Station(models.Model):
    """A pickup point: the village postal station, or the county postal hub."""

    name = models.CharField(_("name"), max_length=64, unique=True)
    village = models.OneToOneField("households.Village", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="station", verbose_name=_("village"))
    is_hub = models.BooleanField(_("county postal hub"), default=False)
    service_phone = models.CharField(
        _("service phone"), max_length=20, blank=True,
        help_text=_("Shown to buyers of the village's goods for questions and after-sales claims."))

    class Meta:
        ordering = ["name"]
        verbose_name = _("station")
        verbose_name_plural = _("stations")

    def __str__(self):
        return self.name


class BusLine(models.Model):
    name = models.CharField(_("name"), max_length=64, unique=True)
    capacity_kg = models.DecimalField(_("parcel capacity per run (kg)"), max_digits=8, decimal_places=2,
                                      validators=[MinValueValidator(1)])
    # Cold goods (live crabs, chilled poultry) ride only in the cool box, part of the capacity above.
    cooler_capacity_kg = models.DecimalField(
        _("cooler capacity per run (kg)"), max_digits=8, decimal_places=2, default=0,
        validators=[MinValueValidator(0)],
        help_text=_("The part of the parcel capacity in a cool box; goods that need the cold chain ride only there."))
    stations = models.ManyToManyField(Station, through="Stop", related_name="lines")

    class Meta:
        ordering = ["name"]
        verbose_name = _("bus line")
        verbose_name_plural = _("bus lines")
        constraints = [
            models.CheckConstraint(condition=models.Q(cooler_capacity_kg__gte=0)
                                   & models.Q(cooler_capacity_kg__lte=models.F("capacity_kg")),
                                   name="busline_cooler_within_capacity"),
        ]

    def clean(self):
        super().clean()
        if (self.capacity_kg is not None and self.cooler_capacity_kg is not None
                and self.cooler_capacity_kg > self.capacity_kg):
            raise ValidationError({"cooler_capacity_kg": _("The cooler is part of the parcel capacity: it cannot "
                                                           "hold more than the whole bus.")})

    def __str__(self):
        return self.name


class Stop(models.Model):
    line = models.ForeignKey(BusLine, on_delete=models.CASCADE, related_name="stops", verbose_name=_("line"))
    station = models.ForeignKey(Station, on_delete=models.PROTECT, related_name="stops",
                                verbose_name=_("station"))
    position = models.PositiveSmallIntegerField(_("position"))
    minutes_from_start = models.PositiveSmallIntegerField(_("minutes after departure"), default=0)

    class Meta:
        ordering = ["line", "position"]
        verbose_name = _("stop")
        verbose_name_plural = _("stops")
        constraints = [
            models.UniqueConstraint(fields=["line", "position"], name="stop_unique_position"),
            models.UniqueConstraint(fields=["line", "station"], name="stop_unique_station"),
        ]


class Departure(models.Model):
    """One entry of a line's weekly timetable."""

    line = models.ForeignKey(BusLine, on_delete=models.CASCADE, related_name="departures",
                             verbose_name=_("line"))
    weekday = models.PositiveSmallIntegerField(
        _("weekday"), validators=[MaxValueValidator(6)],
        choices=[(0, _("Monday")), (1, _("Tuesday")), (2, _("Wednesday")), (3, _("Thursday")),
                 (4, _("Friday")), (5, _("Saturday")), (6, _("Sunday"))])
    time = models.TimeField(_("departs at"))

    class Meta:
        ordering = ["line", "weekday", "time"]
        verbose_name = _("departure")
        verbose_name_plural = _("departures")
        constraints = [models.UniqueConstraint(fields=["line", "weekday", "time"], name="departure_unique")]


class PickupRun(models.Model):
    """A dated departure of a line that carries parcels. Made when the first parcel is booked on a
    departure of the timetable (or when the hub cancels one), not one row per timetable slot."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        LOADED = "loaded", _("loaded")
        AT_HUB = "at_hub", _("at county hub")
        CANCELLED = "cancelled", _("cancelled")

    line = models.ForeignKey(BusLine, on_delete=models.PROTECT, related_name="runs", verbose_name=_("line"))
    departs_at = models.DateTimeField(_("departs at"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PLANNED)
    cancel_reason = models.CharField(_("why the bus does not run"), max_length=200, blank=True)

    class Meta:
        ordering = ["departs_at", "line"]
        verbose_name = _("pickup run")
        verbose_name_plural = _("pickup runs")
        constraints = [models.UniqueConstraint(fields=["line", "departs_at"], name="pickuprun_unique")]

    def __str__(self):
        from django.utils import timezone

        return f"{self.line} {timezone.localtime(self.departs_at):%Y-%m-%d %H:%M}"


class Consignment(models.Model):
    class Status(models.TextChoices):
        WAITING = "waiting", _("waiting for a run")
        BOOKED = "booked", _("booked on a run")
        LOADED = "loaded", _("loaded on the bus")
        AT_HUB = "at_hub", _("at county hub")
        DISPATCHED = "dispatched", _("handed to postal express")
        DELIVERED = "delivered", _("delivered")
        CANCELLED = "cancelled", _("cancelled")

    # Until the bus takes it, a parcel can still be taken off its run (the order cancelled).
    WITHDRAWABLE = (Status.WAITING, Status.BOOKED)

    order = models.ForeignKey("order.Order", on_delete=models.PROTECT, related_name="consignments",
                              verbose_name=_("order"))
    village = models.ForeignKey("households.Village", on_delete=models.PROTECT, related_name="consignments",
                                verbose_name=_("origin village"))
    station = models.ForeignKey(Station, on_delete=models.PROTECT, related_name="consignments",
                                verbose_name=_("station"))
    run = models.ForeignKey(PickupRun, on_delete=models.PROTECT, null=True, blank=True,
                            related_name="consignments", verbose_name=_("pickup run"))
    class Waiting(models.TextChoices):
        NO_LINE = "no_line", _("no bus line stops at the station")
        NO_RUN = "no_run", _("no bus leaves the station in the coming weeks")
        NO_ROOM = "no_room", _("every coming run is full")
        NO_COOLER = "no_cooler", _("no coming run has room in its cooler")

    weight_kg = models.DecimalField(_("weight (kg)"), max_digits=8, decimal_places=3)
    cold_chain = models.BooleanField(_("cold chain"), default=False)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.WAITING)
    tracking_number = models.CharField(_("postal tracking number"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Goods with a shelf life reach the buyer within it, counted from the day of the order, only if
    # the parcel reaches the county hub before this (the post's days to the province before it).
    latest_hub_arrival = models.DateTimeField(_("must reach the hub before"), null=True, blank=True)
    # Set by planning the moment no plan gets the parcel to the hub in time; cleared when one does.
    late_since = models.DateTimeField(_("late since"), null=True, blank=True)
    waiting_reason = models.CharField(_("why it waits"), max_length=16, choices=Waiting.choices, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("consignment")
        verbose_name_plural = _("consignments")
        constraints = [models.UniqueConstraint(fields=["order", "village"], name="consignment_unique_per_village")]
        indexes = [models.Index(fields=["status"], name="consignment_status")]

    def __str__(self):
        return f"{self.order.number}/{self.village}"


class TrackingEvent(models.Model):
    consignment = models.ForeignKey(Consignment, on_delete=models.CASCADE, related_name="events",
                                    verbose_name=_("consignment"))
    kind = models.CharField(_("event"), max_length=16, choices=Consignment.Status.choices)
    happened_at = models.DateTimeField(_("time"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["happened_at", "id"]
        verbose_name = _("tracking event")
        verbose_name_plural = _("tracking events")


class PostalTransit(models.Model):
    """China Post's usual express days from the county hub to a province: the last leg of a
    delivery estimate, and how far goods with a short shelf life may travel."""

    province_code = models.CharField(_("province code (GB/T 2260)"), max_length=6, unique=True)
    province = models.CharField(_("province"), max_length=32, unique=True)
    days = models.PositiveSmallIntegerField(_("days in the post"), validators=[MinValueValidator(1),
                                                                              MaxValueValidator(30)])

    class Meta:
        ordering = ["province_code"]
        verbose_name = _("postal transit time")
        verbose_name_plural = _("postal transit times")

    def __str__(self):
        return f"{self.province}: {self.days}"
