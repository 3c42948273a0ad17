from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from oscar.apps.checkout import exceptions
from oscar.apps.checkout.session import *  # noqa: F403 (Oscar fork pattern)
from oscar.apps.checkout.session import CheckoutSessionMixin as OscarCheckoutSessionMixin

from core import divisions
from core.phones import normalise_mainland_mobile
from shop.checkout.delivery import basket_delivery
from shop.order import guest


class CheckoutSessionMixin(OscarCheckoutSessionMixin):
    """Oscar's checkout steps, with two rules of this shop in their pre-conditions, so that every
    step after the address (shipping method, payment, preview, placing the order, starting an
    online payment) refuses to go on:

    - a guest needs a mainland mobile number (not an e-mail account) before the address;
    - the address is a province, city and county of the national list with a mainland mobile
      (an address-book address saved before its form checked that, or changed around it);
    - goods with a shelf life must reach the shipping address within it.
    """

    def check_pre_conditions(self, request):
        # Here rather than in get_pre_conditions, which Oscar's PaymentDetailsView replaces.
        super().check_pre_conditions(request)
        if "check_shipping_data_is_captured" in (self.get_pre_conditions(request) or ()):
            self.check_shipping_address_is_chinese(request)
            self.check_goods_reach_shipping_address(request)
            self.check_guest_limits(request)

    def check_user_email_is_captured(self, request):
        if request.user.is_authenticated:
            return
        mobile = self.checkout_session.get_guest_mobile()
        if not mobile:
            raise exceptions.FailedPreCondition(
                url=reverse("checkout:index"),
                message=_("Sign in, or give your mobile number to check out as a guest."))
        # Again at every step: orders placed in other sessions since the number was given count too.
        if refusal := guest.too_many_open_orders(mobile):
            raise exceptions.FailedPreCondition(url=reverse("checkout:index"), message=refusal)

    def check_guest_limits(self, request):
        mobile = self.checkout_session.get_guest_mobile()
        address = self.get_shipping_address(request.basket)
        if request.user.is_authenticated or not mobile or address is None:
            return
        if refusal := guest.basket_refusal(mobile=mobile, address=address, basket=request.basket):
            raise exceptions.FailedPreCondition(url=reverse("basket:summary"), message=refusal)

    def check_shipping_address_is_chinese(self, request):
        address = self.get_shipping_address(request.basket)
        if address is None:
            return
        refusals = []
        if not divisions.is_known_address(province=address.state, city=address.line4, county=address.line3):
            refusals.append(_("Choose the address's province, city and district or county from the lists."))
        try:
            normalise_mainland_mobile(str(address.phone_number or ""))
        except ValidationError:
            refusals.append(_("The recipient's phone must be a mainland mobile number: the post texts it before "
                              "delivery."))
        if refusals:
            raise exceptions.FailedPreCondition(url=reverse("checkout:shipping-address"), messages=refusals)

    def check_goods_reach_shipping_address(self, request):
        address = self.get_shipping_address(request.basket)
        if address is None:
            return
        refusals = basket_delivery(request.basket, province=address.state).refusals()
        if refusals:
            raise exceptions.FailedPreCondition(url=reverse("checkout:shipping-address"), messages=refusals)

    def build_submission(self, **kwargs):
        submission = super().build_submission(**kwargs)
        if not submission["user"].is_authenticated:
            submission["order_kwargs"].setdefault("guest_mobile", self.checkout_session.get_guest_mobile() or "")
        return submission

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        address = ctx.get("shipping_address")
        if address is not None and getattr(self.request, "basket", None) is not None:
            ctx["delivery"] = basket_delivery(self.request.basket, province=address.state)
        return ctx
