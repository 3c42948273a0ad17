"""The payment methods a buyer can choose at checkout.

Cash on delivery (货到付款) needs no outside service: the postman collects the money when
the parcel is handed over. Online payment comes with its own gateway.
"""

from django.utils.translation import gettext_lazy as _

CASH_ON_DELIVERY = "cash-on-delivery"

METHODS = {
    CASH_ON_DELIVERY: _("Cash on delivery"),
}


def available_methods():
    return list(METHODS.items())
