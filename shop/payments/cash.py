"""Cash on delivery: the money is collected when the last parcel of the order is handed over."""

from oscar.core.loading import get_model

from shop.checkout.payment_methods import CASH_ON_DELIVERY

Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")


def cash_source_type():
    source_type, _created = SourceType.objects.get_or_create(
        code=CASH_ON_DELIVERY, defaults={"name": "货到付款"})
    return source_type


def collect_cash_on_delivery(order, reference="postman"):
    """Record the postman's collection as the debit of the order's cash-on-delivery source (once)."""
    for source in Source.objects.select_for_update().filter(order=order, source_type__code=CASH_ON_DELIVERY):
        due = source.amount_allocated - source.amount_debited
        if due > 0:
            source.debit(due, reference=reference, status="collected")
