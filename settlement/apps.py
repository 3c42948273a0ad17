from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SettlementConfig(AppConfig):
    """Money to households and to the platform's named accounts, and the proof that it adds up."""

    name = "settlement"
    label = "settlement"
    verbose_name = _("Settlement")
