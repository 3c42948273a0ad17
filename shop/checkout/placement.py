"""Writing an order from a basket outside the checkout views: after an online payment (the
buyer's return or Stripe's webhook, whichever is first) and in the demo's history."""

from django.db import transaction
from django.utils import timezone
from oscar.apps.order.utils import OrderCreator
from oscar.core.loading import get_class

from logistics.planning import plan_order
from shop.partner.stock import lock_basket_stock

Selector = get_class("partner.strategy", "Selector")
Repository = get_class("shipping.repository", "Repository")
OrderTotalCalculator = get_class("checkout.calculators", "OrderTotalCalculator")


def priced(basket, user, shipping_address, shipping_method_code=None):
    """(shipping method, charge, order total) of the basket as the shop prices it now."""
    basket.strategy = Selector().strategy(user=user)
    repository = Repository()
    if shipping_method_code:
        methods = repository.get_shipping_methods(basket, shipping_addr=shipping_address)
        method = next(m for m in methods if m.code == shipping_method_code)
    else:
        method = repository.get_default_shipping_method(basket=basket, shipping_addr=shipping_address)
    charge = method.calculate(basket)
    return method, charge, OrderTotalCalculator().calculate(basket, charge)


@transaction.atomic
def create_order(basket, user, shipping_address, *, order_number, shipping_method_code=None, expected_total=None,
                 placed_at=None):
    """Lock the stock, write the order and book its consignments; all or nothing.

    Raises StockShortage when stock is short and ValueError when the total is not `expected_total`.
    """
    method, charge, total = priced(basket, user, shipping_address, shipping_method_code)
    if expected_total is not None and total.incl_tax != expected_total:
        raise ValueError(f"basket total {total.incl_tax} is not the paid {expected_total}")
    lock_basket_stock(basket)
    shipping_address.save()
    order = OrderCreator().place_order(
        basket=basket, total=total, shipping_method=method, shipping_charge=charge, user=user,
        shipping_address=shipping_address, order_number=order_number)
    basket.submit()
    if placed_at is not None:
        type(order).objects.filter(pk=order.pk).update(date_placed=placed_at)
    plan_order(order, now=placed_at or timezone.now())
    return order
