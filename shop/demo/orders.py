"""Placing a demo order the way the shop places one."""

from django.db import transaction
from oscar.apps.order.utils import OrderNumberGenerator
from oscar.core.loading import get_class, get_model

from shop.checkout.placement import create_order
from shop.payments.cash import cash_source_type

Basket = get_model("basket", "Basket")
ShippingAddress = get_model("order", "ShippingAddress")
Country = get_model("address", "Country")
Selector = get_class("partner.strategy", "Selector")
Source = get_model("payment", "Source")


@transaction.atomic
def place_order(user, items, *, address, placed_at=None):
    """items: [(product, quantity)]. Returns the placed, planned order. One transaction: an order
    refused leaves no open basket behind (Oscar would merge it into the buyer's at their next visit)."""
    basket = Basket.objects.create(owner=user)
    basket.strategy = Selector().strategy(user=user)
    for product, quantity in items:
        basket.add_product(product, quantity)
    shipping_address = ShippingAddress(country=Country.objects.get(pk="CN"), **address)
    order = create_order(basket, user, shipping_address, order_number=OrderNumberGenerator().order_number(basket),
                         placed_at=placed_at)
    # Demo buyers pay cash on delivery, as the web checkout records it.
    Source.objects.create(order=order, source_type=cash_source_type(), currency=order.currency,
                          amount_allocated=order.total_incl_tax)
    return order
