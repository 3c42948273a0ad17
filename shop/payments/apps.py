from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "shop.payments"
    label = "online_payments"  # Oscar already owns the label "payment"
    verbose_name = _("Online payments")
