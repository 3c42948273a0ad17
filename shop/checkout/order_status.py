"""Words for the order status pipeline (settings.OSCAR_ORDER_STATUS_PIPELINE stores English keys)."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "Pending": _("Being prepared"),
    "Shipped": _("On its way"),
    "Delivered": _("Delivered"),
    "Refunded": _("Refunded"),
    "Cancelled": _("Cancelled"),
}


def label(status):
    return LABELS.get(status, status)
