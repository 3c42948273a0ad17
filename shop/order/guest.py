"""Guests find their orders by order number and mobile number (they have no account to sign in to).

A match is remembered in the session, as the order placed in it is; too many wrong tries from one
address are refused for a while, so the pair cannot be guessed.
"""

from django.core.cache import cache
from django.db.models import Q
from oscar.core.loading import get_model

from shop.auth import client_ip_address

Order = get_model("order", "Order")

SESSION_KEY = "guest_orders"
MAX_FAILURES = 10
FAILURE_WINDOW_SECONDS = 3600


def _failures_key(request) -> str:
    return f"guest-order-lookup:{client_ip_address(request)}"


def lookup_blocked(request) -> bool:
    return cache.get(_failures_key(request), 0) >= MAX_FAILURES


def find_guest_order(request, *, number: str, mobile: str):
    """The guest order with this number whose buyer or recipient has this mobile; remembered in
    the session. None (and one more failure counted) when there is none."""
    order = (Order.objects.filter(user__isnull=True, number=number)
             .filter(Q(guest_mobile=mobile) | Q(shipping_address__phone_number__endswith=mobile)).first())
    if order is None:
        key = _failures_key(request)
        cache.add(key, 0, FAILURE_WINDOW_SECONDS)
        cache.incr(key)
        return None
    remember(request, order)
    return order


def remember(request, order) -> None:
    number = str(order.number)  # an order fresh from Oscar's OrderCreator has the generator's int
    numbers = [n for n in request.session.get(SESSION_KEY, []) if n != number]
    request.session[SESSION_KEY] = [*numbers, number][-20:]


def may_view(request, number: str) -> bool:
    return number in request.session.get(SESSION_KEY, [])
