from django.db import models
from django.utils.translation import gettext_lazy as _
from oscar.apps.partner.abstract_models import AbstractPartner


class Partner(AbstractPartner):
    """A village sales point: the station or cooperative that sells one village's goods.

    Its stock records are the village's pooled stock, topped up by households' supply lots.
    """

    village = models.OneToOneField("households.Village", on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="sales_point", verbose_name=_("village"))


from oscar.apps.partner.models import *  # noqa: E402,F403 (Oscar fork pattern)
