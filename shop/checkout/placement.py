"""The one way an order is written, whoever places it: Oscar's checkout view for cash on delivery,
the buyer's return or Stripe's webhook after an online payment (whichever is first), and the
demo's history."""

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from oscar.apps.order.exceptions import UnableToPlaceOrder
from oscar.core.loading import get_class, get_model

from logistics.planning import lock_lines_serving, plan_order
from shop.checkout.delivery import booked_refusals
from shop.order.tasks import confirm_order
from shop.partner.stock import lock_basket_stock

Order = get_model("order", "Order")
OrderCreator = get_class("order.utils", "OrderCreator")
Selector = get_class("partner.strategy", "Selector")
Repository = get_class("shipping.repository", "Repository")
OrderTotalCalculator = get_class("checkout.calculators", "OrderTotalCalculator")

logger = logging.getLogger(__name__)


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
def place_order(*, basket, user, shipping_address, shipping_method, shipping_charge, total, order_number,
                billing_address=None, request=None, placed_at=None, **kwargs):
    """Lock the stock, write the order (Oscar's OrderCreator sends `order_placed`), submit the basket
    and book the order's consignments, all or nothing; once that has committed, confirm the order
    to the buyer by e-mail (see `confirm`).

    Whoever calls this places the order exactly once (the checkout view and the online flow each
    hold a lock that makes a second caller find the order), so the buyer gets one e-mail. An order
    written into the past (`placed_at`, the demo's history) is not announced.
    """
    # The bus lines first, then the stock: the one order every step takes its locks in.
    lock_lines_serving(village_ids={line.stockrecord.partner.village_id for line in basket.all_lines()
                                    if line.stockrecord_id and line.stockrecord.partner.village_id})
    lock_basket_stock(basket, on=timezone.localdate(placed_at) if placed_at else None)
    if shipping_address is not None and shipping_address.pk is None:
        shipping_address.save()
    # What the order stores (line titles, the shipping method's name) is the shop's record for staff,
    # settlement and after-sales: in the shop's language, whichever the buyer reads.
    with translation.override(settings.LANGUAGE_CODE):
        order = OrderCreator().place_order(
            basket=basket, total=total, shipping_method=shipping_method, shipping_charge=shipping_charge,
            user=user, shipping_address=shipping_address, billing_address=billing_address,
            order_number=order_number, request=request, **kwargs)
    basket.submit()
    if order.guest_mobile:
        # Guest orders reach here only with a mobile proven by its one-time code (shop.checkout).
        type(order).objects.filter(pk=order.pk).update(guest_mobile_verified=True)
        order.guest_mobile_verified = True
    if placed_at is not None:
        type(order).objects.filter(pk=order.pk).update(date_placed=placed_at)
        order.date_placed = placed_at
    plan_order(order, now=placed_at or timezone.now())
    refusals = booked_refusals(order)
    if refusals:
        logger.info("checkout.refused", extra={"order": str(order.number), "why": "freshness", "goods": len(refusals)})
        # Rolls the whole order back; the online flow refunds the payment on this exception.
        raise UnableToPlaceOrder(" ".join(refusals))
    logger.info("checkout.order_placed", extra={
        "order": str(order.number), "total": str(total.incl_tax), "lines": order.lines.count(),
        "parcels": order.consignments.count(), "guest": order.user_id is None, "backdated": placed_at is not None})
    if placed_at is None:
        # Not before the order is committed: a rolled-back order must not be confirmed. A worker sends
        # it (in-process without a broker); a mail server that is down is retried, and does not undo
        # (or fail the answer about) a placed order.
        confirm_order.delay_on_commit(order.pk)
    return order


def create_order(basket, user, shipping_address, *, order_number, shipping_method_code=None, expected_total=None,
                 placed_at=None, order_kwargs=None):
    """Price the basket now and place its order (place_order) outside the checkout views.

    Raises StockShortage when stock is short and ValueError when the total is not `expected_total`.
    `order_kwargs` are further Order fields (a guest's mobile number).
    """
    method, charge, total = priced(basket, user, shipping_address, shipping_method_code)
    if expected_total is not None and total.incl_tax != expected_total:
        raise ValueError(f"basket total {total.incl_tax} is not the paid {expected_total}")
    return place_order(basket=basket, user=user, shipping_address=shipping_address, shipping_method=method,
                       shipping_charge=charge, total=total, order_number=order_number, placed_at=placed_at,
                       **(order_kwargs or {}))
