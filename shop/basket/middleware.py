from oscar.apps.basket.middleware import BasketMiddleware as OscarBasketMiddleware
from oscar.apps.offer.applicator import Applicator
from oscar.core.loading import get_model

Basket = get_model("basket", "Basket")


class BasketMiddleware(OscarBasketMiddleware):
    """Oscar's basket middleware, without a write on every page a signed-in buyer opens.

    Oscar creates a signed-in buyer's basket row on their first request (get_or_create), even for
    a buyer who only looks. Here such a buyer gets an unsaved basket, as a guest does; Oscar's
    Basket.add_product saves it with the first product. The offers applied are kept on the request
    for the basket page's upsell messages (shop.basket.views), which Oscar would look up again.
    """

    def apply_offers_to_basket(self, request, basket):
        if not basket.is_empty:
            applicator = Applicator()
            request._basket_offers = offers = applicator.get_offers(basket, request.user, request)
            applicator.apply_offers(basket, offers)

    def get_basket(self, request):
        if request._basket_cache is not None:
            return request._basket_cache
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.COOKIES.get(self.get_cookie_key(request)):
            baskets = list(Basket.open.filter(owner=user)[:2])
            if len(baskets) < 2:  # two open baskets: Oscar merges them
                basket = baskets[0] if baskets else Basket(owner=user)
                basket.owner = user
                request._basket_cache = basket
                return basket
        return super().get_basket(request)
