"""Where the buyer wants goods sent, remembered across the shop.

A buyer picks a province on a product page or the basket ("寄往"): it is kept in a cookie
(`COOKIE`, a GB/T 2260 province code, no personal data) and every card, product page, basket and
checkout then promises arrival there. Without a choice, a signed-in buyer's default address
decides; else the hub's own province (the shortest trip).
"""

from logistics.estimates import nearest_province, provinces, transit_days
from logistics.models import PostalTransit

COOKIE = "send_to"
COOKIE_MAX_AGE = 365 * 24 * 3600


def province_by_code(code: str) -> PostalTransit | None:
    """The province the post reaches, by its code (from the cached list: no query)."""
    code = (code or "")[:6]
    return next((transit for transit in provinces() if transit.province_code == code), None) if code else None


def chosen_province(request) -> PostalTransit | None:
    """The province the buyer chose: on this page (?to=), else the one remembered in the cookie."""
    if request is None:
        return None
    return province_by_code(request.GET.get("to", "")) or province_by_code(request.COOKIES.get(COOKIE, ""))


def buyer_province(request) -> PostalTransit | None:
    """The province the buyer's estimates are for (see the module's docstring)."""
    transit = chosen_province(request)
    if transit is not None:
        return transit
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        address = user.addresses.filter(is_default_for_shipping=True).values_list("state", flat=True).first()
        transit = transit_days(address)
        if transit:
            return transit
    return nearest_province()


class DestinationCookieMiddleware:
    """Keeps the province a buyer picks (?to=) in the cookie, for the next pages and visits."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        picked = request.GET.get("to") if request.method == "GET" else None
        if picked and request.COOKIES.get(COOKIE) != picked[:6] and province_by_code(picked) is not None:
            response.set_cookie(COOKIE, picked[:6], max_age=COOKIE_MAX_AGE, samesite="Lax", httponly=True,
                                secure=request.is_secure())
        return response
