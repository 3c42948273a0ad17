"""Where the money of a delivered sale goes, besides the households' income ledger.

The household ledger (households.IncomeEntry) knows no shop; `LineIncome` records which order
line each household entry came from. `PlatformEntry` is the platform's own append-only ledger of
named amounts: the shipping charge, the margin between shelf price and what households are paid,
and logistics losses (goods broken or lost in transit, refunded at the platform's cost).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.ledgers import AppendOnlyEntry


class LineIncome(models.Model):
    """The order line a household income entry (or its reversal) belongs to."""

    entry = models.OneToOneField("households.IncomeEntry", on_delete=models.PROTECT, related_name="sale",
                                 verbose_name=_("income entry"))
    order = models.ForeignKey("order.Order", on_delete=models.PROTECT, related_name="household_income",
                              verbose_name=_("order"))
    line = models.ForeignKey("order.Line", on_delete=models.PROTECT, related_name="household_income",
                             verbose_name=_("order line"))

    class Meta:
        verbose_name = _("household income from an order line")
        verbose_name_plural = _("household income from order lines")


class Liability(models.TextChoices):
    """Who bears the cost of refunded goods."""

    TRANSIT = "transit", _("transit (the platform's logistics loss; the household keeps its income)")
    QUALITY = "quality", _("quality (the household's income is reversed)")


class PlatformAccount(models.TextChoices):
    SHIPPING = "shipping", _("shipping charges")
    MARGIN = "margin", _("margin (shelf price less household price)")
    LOGISTICS_LOSS = "logistics_loss", _("logistics loss")


class PlatformEntry(AppendOnlyEntry):
    """One named platform amount of an order. Never edited, never deleted."""

    order = models.ForeignKey("order.Order", on_delete=models.PROTECT, related_name="platform_entries",
                              verbose_name=_("order"))
    line = models.ForeignKey("order.Line", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="platform_entries", verbose_name=_("order line"))
    account = models.CharField(_("account"), max_length=16, choices=PlatformAccount.choices)
    amount = models.DecimalField(_("amount (CNY)"), max_digits=12, decimal_places=2)
    date = models.DateField(_("date"))
    # Unique, so one event (a delivery, a refund) is never booked twice.
    reference = models.CharField(_("reference"), max_length=100, unique=True)
    description = models.CharField(_("description"), max_length=200, blank=True)
    booked_at = models.DateTimeField(_("booked at"), auto_now_add=True)

    ledger_refusal = _("The platform ledger is append-only: book a reversing entry instead.")

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("platform entry")
        verbose_name_plural = _("platform entries")
        indexes = [models.Index(fields=["account", "date"])]

    def __str__(self):
        return f"{self.date} {self.get_account_display()} ¥{self.amount}"
