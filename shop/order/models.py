from django.db import models
from django.utils.translation import gettext_lazy as _
from oscar.apps.address.abstract_models import AbstractShippingAddress
from oscar.apps.order.abstract_models import AbstractOrder


class Order(AbstractOrder):
    # Guests check out by mobile number, not e-mail: with the order number it finds their order.
    guest_mobile = models.CharField(_("guest's mobile number"), max_length=11, blank=True, db_index=True)
    # The guest typed the code sent to that mobile (households.onetime): only such orders count against
    # the number's limits, so nobody locks a stranger out by ordering with their number.
    guest_mobile_verified = models.BooleanField(_("guest's mobile verified"), default=False)



class ShippingAddress(AbstractShippingAddress):
    # Shown as a Chinese address is written: recipient, province, city, county, street (not Oscar's
    # street-first order ending in 中国). hash_fields, which match addresses, stay Oscar's.
    base_fields = ["salutation", "state", "line4", "line3", "line1", "line2", "postcode"]


from oscar.apps.order.models import *  # noqa: E402,F403 (Oscar fork pattern)
