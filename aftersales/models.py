import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from settlement.models import Liability


def claim_photo_path(instance, filename):
    # A random name: the buyer's file name may say who they are, and paths must not be guessable.
    return f"claims/{instance.claim_id}/{uuid.uuid4().hex}.{filename.rsplit('.', 1)[-1].lower()[:5]}"


class Claim(models.Model):
    """A buyer's after-sales claim on units of one delivered order line."""

    class Reason(models.TextChoices):
        DAMAGED = "damaged", _("damaged in transit")
        DEAD_ON_ARRIVAL = "dead", _("dead on arrival")
        NOT_AS_DESCRIBED = "not_as_described", _("not as described")
        MISSING = "missing", _("missing")

    class Status(models.TextChoices):
        OPEN = "open", _("waiting for a decision")
        REFUNDED = "refunded", _("refunded")
        REJECTED = "rejected", _("rejected")

    # What staff are offered first for each reason; they decide.
    LIKELY_LIABILITY = {
        Reason.DAMAGED: Liability.TRANSIT, Reason.MISSING: Liability.TRANSIT,
        Reason.DEAD_ON_ARRIVAL: Liability.TRANSIT, Reason.NOT_AS_DESCRIBED: Liability.QUALITY,
    }

    order = models.ForeignKey("order.Order", on_delete=models.PROTECT, related_name="claims", verbose_name=_("order"))
    line = models.ForeignKey("order.Line", on_delete=models.PROTECT, related_name="claims",
                             verbose_name=_("order line"))
    buyer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="claims",
                              verbose_name=_("buyer"))
    reason = models.CharField(_("what happened"), max_length=20, choices=Reason.choices)
    quantity = models.PositiveIntegerField(_("units"))
    description = models.TextField(_("description"), max_length=1000, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(_("claimed at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("after-sales claim")
        verbose_name_plural = _("after-sales claims")
        constraints = [models.CheckConstraint(condition=models.Q(quantity__gte=1), name="claim_quantity_positive")]

    def __str__(self):
        return f"#{self.order.number} {self.line.title} × {self.quantity}"

    @property
    def likely_liability(self):
        return self.LIKELY_LIABILITY.get(self.reason, Liability.QUALITY)


class ClaimPhoto(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="photos", verbose_name=_("claim"))
    image = models.ImageField(_("photo"), upload_to=claim_photo_path)

    class Meta:
        verbose_name = _("claim photo")
        verbose_name_plural = _("claim photos")


class ClaimDecision(models.Model):
    """What staff decided on a claim, kept for good: who, when, why, and the refund it made."""

    class Outcome(models.TextChoices):
        REFUND = "refund", _("refund")
        REJECT = "reject", _("reject")

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("claim"))
    outcome = models.CharField(_("decision"), max_length=8, choices=Outcome.choices)
    liability = models.CharField(_("cause"), max_length=8, choices=Liability.choices, blank=True)
    quantity = models.PositiveIntegerField(_("units refunded"), default=0)
    refund = models.OneToOneField("online_payments.Refund", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="claim_decision", verbose_name=_("refund"))
    reason = models.CharField(_("reason"), max_length=300)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)

    class Meta:
        ordering = ["decided_at", "id"]
        verbose_name = _("claim decision")
        verbose_name_plural = _("claim decisions")
