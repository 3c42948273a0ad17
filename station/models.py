"""What the village station's phone sent: each record carries a key made on the phone, so a record
sent twice (the signal dropped before the answer came back, the queue replayed) is booked once."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Submission(models.Model):
    class Kind(models.TextChoices):
        SUPPLY_LOT = "supply_lot", _("supply lot")
        PRODUCT = "product", _("product")

    key = models.UUIDField(_("key made on the phone"), unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField(_("booked as"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("submitted by"))
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        verbose_name = _("station submission")
        verbose_name_plural = _("station submissions")

    def __str__(self):
        return f"{self.get_kind_display()} {self.object_id} ({self.key})"
