"""The payment methods a buyer can choose at checkout.

Cash on delivery (货到付款) needs no outside service: the postman collects the money when
the parcel is handed over. Online payment (card, Alipay, WeChat Pay through Stripe) is
offered only when the Stripe keys are configured.
"""

from django.utils.translation import gettext_lazy as _

from shop.payments import gateway

CASH_ON_DELIVERY = "cash-on-delivery"
ONLINE = "online"

METHODS = {
    CASH_ON_DELIVERY: _("Cash on delivery"),
    ONLINE: _("Pay now: Alipay, WeChat Pay or card"),
}


# How an order's payment sources are named to the buyer (Oscar shows the source type's stored name).
SOURCE_LABELS = {
    CASH_ON_DELIVERY: _("Cash on delivery"),
    "stripe": _("Paid online (Alipay, WeChat Pay or card)"),
}


def source_label(source_type) -> str:
    return str(SOURCE_LABELS.get(getattr(source_type, "code", ""), getattr(source_type, "name", "")))


def available_methods():
    codes = [ONLINE] if gateway.is_enabled() else []
    return [(code, METHODS[code]) for code in codes + [CASH_ON_DELIVERY]]


def is_available(code):
    return code in dict(available_methods())
