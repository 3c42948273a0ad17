"""Oscar's basket page, reading what it shows once: the offers the basket middleware already
applied (Oscar's page looks them up again for its upsell messages)."""

from oscar.apps.basket.views import *  # noqa: F403 (Oscar fork pattern)
from oscar.apps.basket.views import BasketView as OscarBasketView
from oscar.apps.offer.applicator import Applicator


class BasketView(OscarBasketView):
    def get_upsell_messages(self, basket):
        offers = getattr(self.request, "_basket_offers", None)
        if offers is None:
            offers = Applicator().get_offers(basket, self.request.user, self.request)
        applied = list(basket.offer_applications.offers.values())
        return [{"message": offer.get_upsell_message(basket), "offer": offer} for offer in offers
                if offer.is_condition_partially_satisfied(basket) and offer not in applied]
