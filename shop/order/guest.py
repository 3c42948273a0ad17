"""Guests: orders placed without an account, found again by order number and mobile number.

Order numbers run in sequence and mobile numbers are widely known, so the pair is guarded:
every try counts before it is answered (a burst of parallel tries cannot slip past a check made
before counting), per client address (an IPv6 client by its /64) and per order number; the page a
match opens masks the recipient's name, street and phone. A match is remembered in the session,
as the order placed in it is. Share the cache between app servers (REDIS_URL) in production, or
each one counts alone.

A mobile number without an account may hold only a few orders still on their way: nothing checks
that a guest owns the number (there is no SMS gateway yet), and each order holds stock and room
on the bus.
"""

import ipaddress
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from core.http import client_address
from core.phones import masked_mobile
from households.naming import anonymised_name

Order = get_model("order", "Order")

SESSION_KEY = "guest_orders"
MAX_TRIES_PER_ADDRESS = 10
ADDRESS_WINDOW_SECONDS = 3600
MAX_TRIES_PER_ORDER = 5
ORDER_WINDOW_SECONDS = 24 * 3600
MAX_OPEN_ORDERS_PER_MOBILE = 3
FINISHED = ("Delivered", "Cancelled", "Refunded")


class LookupRefused(Exception):
    """Too many tries from this address or for this order number."""


def _client_bucket(request: HttpRequest) -> str:
    address = client_address(request) or ""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:  # one subscriber holds a whole /64
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def _count_try(key: str, window: int) -> int:
    cache.add(key, 0, window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        return 1


def find_guest_order(request: HttpRequest, *, number: str, mobile: str) -> Any:
    """The guest order with this number placed with this mobile; remembered in the session.

    None when there is none; LookupRefused when this address or this order number has had too
    many tries (the right pair included: the limit is what makes guessing hopeless).
    """
    tries_here = _count_try(f"guest-lookup:address:{_client_bucket(request)}", ADDRESS_WINDOW_SECONDS)
    tries_of_number = _count_try(f"guest-lookup:order:{number}", ORDER_WINDOW_SECONDS)
    if tries_here > MAX_TRIES_PER_ADDRESS or tries_of_number > MAX_TRIES_PER_ORDER:
        raise LookupRefused
    # Only the buyer's own mobile opens it: not the recipient's (a gift's price is the buyer's),
    # and not an order whose account was deleted (Oscar keeps it with no user and no guest mobile).
    order = Order.objects.filter(user__isnull=True, number=number, guest_mobile=mobile).exclude(
        guest_mobile="").first()
    if order is not None:
        remember(request, order)
    return order


def remember(request: HttpRequest, order: Any) -> None:
    number = str(order.number)  # an order fresh from Oscar's OrderCreator has the generator's int
    numbers = [n for n in request.session.get(SESSION_KEY, []) if n != number]
    request.session[SESSION_KEY] = [*numbers, number][-20:]


def may_view(request: HttpRequest, number: str) -> bool:
    return number in request.session.get(SESSION_KEY, [])


def too_many_open_orders(mobile: str) -> str | None:
    """Why this mobile number may not start another guest order, or None."""
    if open_orders_of(mobile) < MAX_OPEN_ORDERS_PER_MOBILE:
        return None
    return _("This mobile number already has %(count)s orders on their way. Sign in or register to order "
             "more, or wait until they arrive.") % {"count": MAX_OPEN_ORDERS_PER_MOBILE}


def open_orders_of(mobile: str) -> int:
    """Guest orders of this mobile number not yet delivered, cancelled or refunded."""
    return Order.objects.filter(user__isnull=True, guest_mobile=mobile).exclude(status__in=FINISHED).count()


def masked_recipient(address: Any) -> dict:
    """What the guest order page shows of the delivery address: enough to recognise it."""
    return {"name": anonymised_name(address.first_name),
            "area": f"{address.state}{address.line4}{address.line3}",
            "phone": masked_mobile(address.phone_number)}
