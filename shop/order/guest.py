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

A guest proves the mobile with a one-time code (households.onetime) before checking out. A verified
mobile, and a delivery address, may then hold only a few guest orders still on their way, and only
so many units of one good in them (each holds stock and room on the bus): guests cannot hoard the
village's stock. Only verified orders count against a mobile, so orders others placed with a
stranger's number never lock its owner out.
"""

import datetime
import logging
from typing import Any

from django.db.models import Q, Sum
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from oscar.core.loading import get_model

from core import throttle
from core.http import client_bucket
from core.phones import masked_mobile
from households.naming import anonymised_name

Order = get_model("order", "Order")
OrderLine = get_model("order", "Line")
logger = logging.getLogger(__name__)

SESSION_KEY = "guest_orders"
MAX_TRIES_PER_ADDRESS = 10
ADDRESS_WINDOW_SECONDS = 3600
MAX_TRIES_PER_ORDER = 5
ORDER_WINDOW_SECONDS = 24 * 3600
MAX_OPEN_ORDERS_PER_MOBILE = 3
MAX_OPEN_ORDERS_PER_ADDRESS = 3
MAX_UNITS_PER_GOOD = 10  # in a mobile's (or an address's) open guest orders and basket together
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


RECENT_DAYS = 30


def recent_orders_of(mobile: str) -> Any:
    """The guest orders placed with this (verified) mobile in the last RECENT_DAYS days, newest first."""
    since = timezone.now() - datetime.timedelta(days=RECENT_DAYS)
    return (Order.objects.filter(user__isnull=True, guest_mobile=mobile, date_placed__gte=since)
            .exclude(guest_mobile="").order_by("-date_placed"))


def open_orders_of(mobile: str) -> int:
    """Verified guest orders of this mobile number not yet delivered, cancelled or refunded."""
    return open_guest_orders().filter(guest_mobile=mobile, guest_mobile_verified=True).count()


def open_guest_orders() -> Any:
    return Order.objects.filter(user__isnull=True).exclude(guest_mobile="").exclude(status__in=FINISHED)


def same_address(address: Any) -> Q:
    """Orders shipped to the same door (province, city, county and street line, spaces ignored)."""
    return Q(shipping_address__state=address.state, shipping_address__line4=address.line4,
             shipping_address__line3=address.line3,
             shipping_address__line1__iexact=" ".join((address.line1 or "").split()))


def basket_refusal(*, mobile: str, address: Any, basket: Any) -> str | None:
    """Why a guest with this mobile may not order this basket to this address, or None."""
    to_address = open_guest_orders().filter(same_address(address))
    if to_address.count() >= MAX_OPEN_ORDERS_PER_ADDRESS:
        return _("This address already has %(count)s guest orders on their way. Sign in or register to order "
                 "more, or wait until they arrive.") % {"count": MAX_OPEN_ORDERS_PER_ADDRESS}
    wanted: dict[int, int] = {}
    titles: dict[int, str] = {}
    for line in basket.all_lines():
        wanted[line.product_id] = wanted.get(line.product_id, 0) + line.quantity
        titles[line.product_id] = line.product.get_title()
    held = {"mobile": open_guest_orders().filter(guest_mobile=mobile, guest_mobile_verified=True),
            "address": to_address}
    for whose, orders in held.items():
        rows = (OrderLine.objects.filter(order__in=orders, product_id__in=wanted).values("product_id")
                .annotate(units=Sum("quantity")).order_by())
        already = {row["product_id"]: row["units"] for row in rows}
        for product_id, units in wanted.items():
            if units + already.get(product_id, 0) > MAX_UNITS_PER_GOOD:
                return _("A guest can have at most %(max)s × %(product)s on the way to one mobile number or "
                         "address (this %(whose)s has %(held)s already). Lower the quantity, or sign in to "
                         "order more.") % {"max": MAX_UNITS_PER_GOOD, "product": titles[product_id],
                                          "whose": _("mobile number") if whose == "mobile" else _("address"),
                                          "held": already.get(product_id, 0)}
    return None


def masked_recipient(address: Any) -> dict[str, str]:
    """What the guest order page shows of the delivery address: enough to recognise it."""
    return {"name": anonymised_name(address.first_name),
            "area": f"{address.state}{address.line4}{address.line3}",
            "phone": masked_mobile(address.phone_number)}
