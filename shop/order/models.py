from django.db import models
from django.utils.translation import gettext_lazy as _
from oscar.apps.order.abstract_models import AbstractOrder


class Order(AbstractOrder):
    # Guests check out by mobile number, not e-mail: with the order number it finds their order.
    guest_mobile = models.CharField(_("guest's mobile number"), max_length=11, blank=True, db_index=True)


from oscar.apps.order.models import *  # noqa: E402,F403 (Oscar fork pattern)
