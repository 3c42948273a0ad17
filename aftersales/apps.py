from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AftersalesConfig(AppConfig):
    """After-sales claims (售后, 坏单包赔): the buyer claims, staff decide, money follows the cause."""

    name = "aftersales"
    label = "aftersales"
    verbose_name = _("After-sales")
