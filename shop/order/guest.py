"""Guests: orders placed without an account, found again by order number and mobile number.

Order numbers run in sequence and mobile numbers are widely known, so the pair is guarded:
every try counts before it is answered (a burst of parallel tries cannot slip past a check made
before counting), per client address (an IPv6 client by its /64), and each wrong pair counts
against that client and that order number. Only the client's own counts refuse it: strangers'
wrong tries never lock the real owner, who knows the mobile, out of the order (a guesser is held
to 10 tries an hour per client, hopeless against the 10⁸ mobiles of a prefix). The refusal says
how long to wait. The page a match opens masks the recipient's name, street and phone. A match
is remembered in the session, as the order placed in it is. Share the cache between app servers
(REDIS_URL) in production, or each one counts alone.

A mobile number without an account may hold only a few orders still on their way: nothing checks
that a guest owns the number (there is no SMS gateway yet), and each order holds stock and room
on the bus.
"""

import logging
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from oscar.core.loading import get_model

from core import throttle
from core.http import client_bucket
from core.phones import masked_mobile
from households.naming import anonymised_name

Order = get_model("order", "Order")
logger = logging.getLogger(__name__)

SESSION_KEY = "guest_orders"
MAX_TRIES_PER_ADDRESS = 10
ADDRESS_WINDOW_SECONDS = 3600
MAX_TRIES_PER_ORDER = 5
ORDER_WINDOW_SECONDS = 24 * 3600
MAX_OPEN_ORDERS_PER_MOBILE = 3
FINISHED = ("Delivered", "Cancelled", "Refunded")


class LookupRefused(Exception):
    """Too many tries from this client (in all, or wrong ones for this order number)."""

    def __init__(self, wait_seconds: int):
        super().__init__(wait_seconds)
        self.wait_seconds = wait_seconds


def find_guest_order(request: HttpRequest, *, number: str, mobile: str) -> Any:
    """The guest order with this number placed with this mobile; remembered in the session.

    None when there is none; LookupRefused when this client has tried too often in the hour, or
    has given this order number a wrong mobile too often in the day (the right pair included:
    the limit is what makes guessing hopeless). Other clients' tries never refuse this one.
    """
    client = client_bucket(request)
    here = f"guest-lookup:address:{client}"
    wrong_here = f"guest-lookup:wrong:{client}:{number}"
    if throttle.count_try(here, window=ADDRESS_WINDOW_SECONDS) > MAX_TRIES_PER_ADDRESS:
        raise LookupRefused(throttle.seconds_left(here, window=ADDRESS_WINDOW_SECONDS))
    if throttle.tries(wrong_here) >= MAX_TRIES_PER_ORDER:
        raise LookupRefused(throttle.seconds_left(wrong_here, window=ORDER_WINDOW_SECONDS))
    # Only the buyer's own mobile opens it: not the recipient's (a gift's price is the buyer's),
    # and not an order whose account was deleted (Oscar keeps it with no user and no guest mobile).
    order = Order.objects.filter(user__isnull=True, number=number, guest_mobile=mobile).exclude(
        guest_mobile="").first()
    if order is not None:
        remember(request, order)
        return order
    throttle.count_try(wrong_here, window=ORDER_WINDOW_SECONDS)
    if throttle.count_try(f"guest-lookup:order:{number}", window=ORDER_WINDOW_SECONDS) == MAX_TRIES_PER_ORDER + 1:
        logger.warning("guest_lookup.guessed", extra={"order": number})  # someone is guessing this order
    return None


def waiting_time(seconds: int) -> str:
    """How long to wait, as a person says it: "40 minutes" under two hours, else "5 hours"."""
    minutes = max(1, -(-seconds // 60))
    if minutes < 120:
        return ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}
    hours = -(-minutes // 60)
    return ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours}


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


def masked_recipient(address: Any) -> dict[str, str]:
    """What the guest order page shows of the delivery address: enough to recognise it."""
    return {"name": anonymised_name(address.first_name),
            "area": f"{address.state}{address.line4}{address.line3}",
            "phone": masked_mobile(address.phone_number)}
