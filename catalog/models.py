from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from oscar.apps.catalogue.abstract_models import AbstractProduct


class Product(AbstractProduct):
    origin_village = models.ForeignKey(
        "households.Village", on_delete=models.PROTECT, null=True, blank=True,
        related_name="products", verbose_name=_("origin village"))
    net_weight_kg = models.DecimalField(
        _("net weight (kg)"), max_digits=7, decimal_places=3, default=Decimal("0.500"),
        validators=[MinValueValidator(Decimal("0.001"))],
        help_text=_("Used for the shipping charge and the bus line's load."))
    shelf_life_days = models.PositiveSmallIntegerField(_("shelf life (days)"), null=True, blank=True)
    cold_chain = models.BooleanField(_("needs cold chain"), default=False)


class SupplyLot(models.Model):
    """A household brought `quantity` units of a product to the village station."""

    household = models.ForeignKey("households.Household", on_delete=models.PROTECT,
                                  related_name="supply_lots", verbose_name=_("household"))
    product = models.ForeignKey("catalogue.Product", on_delete=models.PROTECT,
                                related_name="supply_lots", verbose_name=_("product"))
    stockrecord = models.ForeignKey("partner.StockRecord", on_delete=models.PROTECT,
                                    related_name="supply_lots", verbose_name=_("stock record"))
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    unit_price = models.DecimalField(_("unit price paid to the household (CNY)"), max_digits=10,
                                     decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))])
    supplied_on = models.DateField(_("supplied on"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="+", verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-supplied_on", "-id"]
        verbose_name = _("supply lot")
        verbose_name_plural = _("supply lots")
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gte=1), name="supplylot_quantity_positive"),
            models.CheckConstraint(condition=models.Q(unit_price__gt=0), name="supplylot_price_positive"),
        ]

    def __str__(self):
        return f"{self.product} × {self.quantity} ({self.household.public_name})"


class LotAllocation(models.Model):
    """Units of an order line that were taken from a household's supply lot when it shipped."""

    lot = models.ForeignKey(SupplyLot, on_delete=models.PROTECT, related_name="allocations",
                            verbose_name=_("supply lot"))
    order_line = models.ForeignKey("order.Line", on_delete=models.PROTECT, related_name="lot_allocations",
                                   verbose_name=_("order line"))
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    allocated_at = models.DateTimeField(_("allocated at"), auto_now_add=True)

    class Meta:
        verbose_name = _("lot allocation")
        verbose_name_plural = _("lot allocations")
        constraints = [
            models.UniqueConstraint(fields=["lot", "order_line"], name="lotallocation_unique"),
            models.CheckConstraint(condition=models.Q(quantity__gte=1), name="lotallocation_quantity_positive"),
        ]


from oscar.apps.catalogue.models import *  # noqa: E402,F403 (Oscar fork pattern)
