import logging

import stripe
from django.contrib import messages
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.apps.checkout import signals
from oscar.apps.checkout import views as oscar_views
from oscar.apps.checkout.views import *  # noqa: F403 (Oscar fork pattern)
from oscar.apps.payment.exceptions import UnableToTakePayment
from oscar.core.loading import get_model

from core import divisions
from logistics.destination import chosen_province
from shop.checkout import placement
from shop.checkout.delivery import basket_delivery
from shop.checkout.forms import GuestCheckoutForm, PaymentMethodForm
from shop.checkout.payment_methods import CASH_ON_DELIVERY, METHODS, ONLINE, is_available
from shop.order import guest
from shop.order.mobile_code import MobileCodeMixin
from shop.payments.cash import cash_source_type
from shop.payments.flow import start_attempt
from shop.payments.models import FrozenBasket
from shop.payments.views import remember_guest_attempt

logger = logging.getLogger(__name__)

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")
Source = get_model("payment", "Source")
UserAddress = get_model("address", "UserAddress")


class IndexView(MobileCodeMixin, oscar_views.IndexView):
    """First step for a buyer who is not signed in: sign in, or go on as a guest with a mobile number,
    proven by the one-time code texted to it (households.onetime) before the checkout goes on."""

    form_class = GuestCheckoutForm
    code_purpose = "guest-checkout"

    def get_form_kwargs(self):
        kwargs = super(oscar_views.IndexView, self).get_form_kwargs()
        if self.checkout_session.get_guest_mobile():
            kwargs["initial"] = {"mobile": self.checkout_session.get_guest_mobile(),
                                 "email": self.checkout_session.get_guest_email() or ""}
        return kwargs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["login_url"] = f"{reverse('customer:login')}?next={reverse('checkout:index')}"
        return ctx

    def form_valid(self, form):
        if (response := self.code_step(form, keep=["email"])) is not None:
            return response
        mobile = self.verified_mobile
        self.checkout_session.set_guest_mobile(mobile)
        self.checkout_session.set_guest_email(form.cleaned_data["email"] or "")
        signals.start_checkout.send_robust(sender=self, request=self.request)
        return redirect(self.get_success_url())


class ShippingAddressView(oscar_views.ShippingAddressView):
    def get_initial(self):
        initial = super().get_initial() or {}
        if not self.request.user.is_authenticated and not initial.get("phone_number"):
            initial["phone_number"] = self.checkout_session.get_guest_mobile() or ""
        if not initial.get("state") and (chosen := chosen_province(self.request)) is not None:
            initial["state"] = chosen.province  # the province the buyer's estimates promised
        return initial

    def form_valid(self, form):
        # Say at once, beside the province, when short-lived goods cannot get there in time.
        refusals = basket_delivery(self.request.basket, province=form.cleaned_data["state"]).refusals()
        if refusals:
            for refusal in refusals:
                form.add_error("state", refusal)
            return self.form_invalid(form)
        mobile = self.checkout_session.get_guest_mobile()
        if not self.request.user.is_authenticated and mobile:
            if refusal := guest.basket_refusal(mobile=mobile, address=form.instance, basket=self.request.basket):
                form.add_error(None, refusal)
                return self.form_invalid(form)
        return super().form_valid(form)


def division_choices(request):
    """The cities of a province or the counties of a city, for the address form's selects."""
    parent = request.GET.get("parent", "")
    if parent and divisions.get(parent) is None:
        return JsonResponse({"error": _("Unknown division.")}, status=404)
    response = JsonResponse({"divisions": [[d.code, d.name] for d in divisions.children(parent)]})
    response["Cache-Control"] = "public, max-age=86400"
    return response


class PaymentDetailsView(oscar_views.PaymentDetailsView):
    """Choose a payment method, preview, place the order and put it on the buses."""

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        method = self.checkout_session.payment_method()
        ctx.setdefault("payment_method_form", PaymentMethodForm(initial={"method": method} if method else None))
        ctx["payment_method_label"] = METHODS.get(method)
        return ctx

    def handle_payment_details_submission(self, request):
        form = PaymentMethodForm(request.POST)
        if not form.is_valid():
            return self.render_payment_details(request, payment_method_form=form)
        self.checkout_session.pay_by(form.cleaned_data["method"])
        return self.render_preview(request)

    def handle_place_order_submission(self, request):
        method = self.checkout_session.payment_method()
        if not is_available(method):
            messages.error(request, _("Choose how you will pay."))
            return redirect("checkout:payment-details")
        if method == ONLINE:
            return self.start_online_payment()
        return super().handle_place_order_submission(request)

    def handle_successful_order(self, order):
        response = super().handle_successful_order(order)
        if order.user_id is None:
            guest.remember(self.request, order)  # the guest who placed it sees it without looking it up
        return response

    def start_online_payment(self):
        """Freeze the basket and send the buyer to pay; the order is placed once Stripe says paid."""
        submission = self.build_submission()
        basket = submission["basket"]
        order_number = self.generate_order_number(basket)
        self.checkout_session.set_order_number(order_number)
        self.freeze_basket(basket)
        self.checkout_session.set_submitted_basket(basket)
        try:
            attempt = start_attempt(
                basket=basket, user=submission["user"], order_number=order_number,
                amount=submission["order_total"].incl_tax, shipping_address=submission["shipping_address"],
                shipping_method_code=submission["shipping_method"].code,
                guest_mobile="" if self.request.user.is_authenticated else self.checkout_session.get_guest_mobile())
        except stripe.StripeError:
            logger.exception("Order %s: Stripe did not answer", order_number)
            self.restore_frozen_basket()
            messages.error(self.request, _("Online payment is not available just now; try again or pay on delivery."))
            return redirect("checkout:payment-details")
        if not self.request.user.is_authenticated:
            remember_guest_attempt(self.request, attempt)
        return redirect("payments:pay", key=attempt.idempotency_key)

    def handle_payment(self, order_number, total, **kwargs):
        method = self.checkout_session.payment_method()
        if method != CASH_ON_DELIVERY:
            raise UnableToTakePayment(_("Choose how you will pay."))
        # Nothing is debited now: the postman collects the money at the door (shop.payments.cash).
        self.add_payment_source(Source(source_type=cash_source_type(), currency=total.currency,
                                       amount_allocated=total.incl_tax))

    def handle_order_placement(self, order_number, user, basket, *args, **kwargs):
        with transaction.atomic():
            # Two presses of "place order" for one basket queue here; the second finds the order.
            list(Basket.objects.select_for_update().filter(pk=basket.pk))
            existing = Order.objects.filter(number=order_number).first()
            if existing is None:
                return super().handle_order_placement(order_number, user, basket, *args, **kwargs)
        self.checkout_session.flush()
        self.request.session["checkout_order_id"] = existing.id
        if existing.user_id is None:
            guest.remember(self.request, existing)
        return redirect(self.get_success_url())

    def place_order(self, order_number, user, basket, shipping_address, shipping_method, shipping_charge,
                    order_total, billing_address=None, surcharges=None, **kwargs):
        # Oscar's own steps (address book, billing address, payment sources and events) around the
        # shop's one way of writing an order (stock, order, consignments, confirmation e-mail).
        status = kwargs.pop("status", None) or self.get_initial_order_status(basket)
        request = kwargs.pop("request", self.request)
        with transaction.atomic():
            shipping_address = self.create_shipping_address(user, shipping_address)
            billing_address = self.create_billing_address(user, billing_address, shipping_address, **kwargs)
            order = placement.place_order(
                basket=basket, user=user, shipping_address=shipping_address, shipping_method=shipping_method,
                shipping_charge=shipping_charge, total=order_total, order_number=order_number,
                billing_address=billing_address, status=status, request=request, surcharges=surcharges, **kwargs)
            self.save_payment_details(order)
        return order

    def update_address_book(self, user, addr):
        super().update_address_book(user, addr)
        # A buyer's first address becomes the default, so the next checkout starts from it.
        if not UserAddress.objects.filter(user=user, is_default_for_shipping=True).exists():
            first = UserAddress.objects.filter(user=user).order_by("pk").first()
            if first is not None:
                first.is_default_for_shipping = True
                first.save()

    def send_order_placed_email(self, order):
        """placement.place_order sends it once the order has committed, for every way of paying."""

    def freeze_basket(self, basket):
        # When, so that a checkout abandoned with its basket frozen gives the goods back
        # (shop.checkout.abandoned).
        super().freeze_basket(basket)
        FrozenBasket.objects.update_or_create(basket=basket, defaults={"frozen_at": timezone.now()})


class ThankYouView(oscar_views.ThankYouView):
    """Oscar's confirmation page with the order's lines, their goods and photos and the payment sources
    loaded at once, and without Oscar's write on GET (it marks the order as reported to Google Analytics,
    which a shop for mainland buyers does not load)."""

    def get_object(self, queryset=None):
        order = super().get_object(queryset)
        if order is not None:
            prefetch_related_objects([order], "lines__product__images", "lines__attributes__option",
                                     "sources__source_type")
        return order

    def get_context_data(self, **kwargs):
        return super(oscar_views.ThankYouView, self).get_context_data(**kwargs)
