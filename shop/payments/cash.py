"""Cash on delivery: the money is collected when the last parcel of the order is handed over."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from oscar.apps.order.utils import OrderNumberGenerator
from oscar.core.loading import get_class, get_model

from shop.checkout.payment_methods import CASH_ON_DELIVERY
from shop.checkout.placement import create_order

Basket = get_model("basket", "Basket")
Country = get_model("address", "Country")
ShippingAddress = get_model("order", "ShippingAddress")
Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")
Selector = get_class("partner.strategy", "Selector")


@transaction.atomic
def place_cash_order(*, user: Any, items: Iterable[tuple[Any, int]], address: dict[str, str],
                     placed_at: datetime.datetime | None = None) -> Any:
    """Place an order paid cash on delivery, the way the web checkout records one, without a web
    basket: items are [(product, quantity)], address the shipping address's fields (China). Returns
    the placed, planned order. One transaction: an order refused leaves no open basket behind (Oscar
    would merge it into the buyer's at their next visit). Used by the demo's history and by tests."""
    basket = Basket.objects.create(owner=user)
    basket.strategy = Selector().strategy(user=user)
    for product, quantity in items:
        basket.add_product(product, quantity)
    shipping_address = ShippingAddress(country=Country.objects.get(pk="CN"), **address)
    order = create_order(basket, user, shipping_address, order_number=OrderNumberGenerator().order_number(basket),
                         placed_at=placed_at)
    Source.objects.create(order=order, source_type=cash_source_type(), currency=order.currency,
                          amount_allocated=order.total_incl_tax)
    return order


def cash_source_type() -> Any:
    source_type, _created = SourceType.objects.get_or_create(
        code=CASH_ON_DELIVERY, defaults={"name": "货到付款"})
    return source_type


def collect_cash_on_delivery(order: Any, *, reference: str = "postman") -> None:
    """Record the postman's collection as the debit of the order's cash-on-delivery source (once)."""
    for source in Source.objects.select_for_update().filter(order=order, source_type__code=CASH_ON_DELIVERY):
        due = source.amount_allocated - source.amount_debited
        if due > 0:
            source.debit(due, reference=reference, status="collected")
