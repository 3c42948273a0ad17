"""Placing an order outside the web checkout (demo history, scripts), the way checkout does."""

from django.db import transaction
from django.utils import timezone
from oscar.apps.order.utils import OrderCreator, OrderNumberGenerator
from oscar.core.loading import get_class, get_model

from logistics.planning import plan_order
from shop.partner.stock import lock_basket_stock

Basket = get_model("basket", "Basket")
ShippingAddress = get_model("order", "ShippingAddress")
Country = get_model("address", "Country")
Selector = get_class("partner.strategy", "Selector")
Repository = get_class("shipping.repository", "Repository")
OrderTotalCalculator = get_class("checkout.calculators", "OrderTotalCalculator")


@transaction.atomic
def place_order(user, items, *, address, placed_at=None):
    """items: [(product, quantity)]. Returns the placed, planned order."""
    basket = Basket.objects.create(owner=user)
    basket.strategy = Selector().strategy(user=user)
    for product, quantity in items:
        basket.add_product(product, quantity)
    shipping_address = ShippingAddress(country=Country.objects.get(pk="CN"), **address)
    method = Repository().get_default_shipping_method(basket=basket, shipping_addr=shipping_address)
    charge = method.calculate(basket)
    total = OrderTotalCalculator().calculate(basket, charge)
    lock_basket_stock(basket)
    shipping_address.save()
    order = OrderCreator().place_order(
        basket=basket, total=total, shipping_method=method, shipping_charge=charge, user=user,
        shipping_address=shipping_address, order_number=OrderNumberGenerator().order_number(basket))
    basket.submit()
    if placed_at is not None:
        type(order).objects.filter(pk=order.pk).update(date_placed=placed_at)
    plan_order(order, now=placed_at or timezone.now())
    return order
