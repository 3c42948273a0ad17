import logging

import stripe
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic
from oscar.core.loading import get_model

from core.phones import normalise_mainland_mobile
from shop.order import guest
from shop.order.lifecycle import cancel_order
from shop.order.mobile_code import MobileCodeMixin

Order = get_model("order", "Order")
logger = logging.getLogger(__name__)


class CancelOrderView(LoginRequiredMixin, generic.View):
    """The buyer cancels their own order from its page, until a parcel of it is on a bus."""

    http_method_names = ["post"]

    def post(self, request, number):
        order = get_object_or_404(Order, number=number, user=request.user)
        try:
            cancel_order(order, by=request.user, reason=_("Cancelled by the buyer"))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        except stripe.StripeError:
            logger.exception("Order %s: the refund for a cancellation failed", order.number)
            messages.error(request, _("The refund could not be made just now, so the order was not cancelled. "
                                      "Please try again in a few minutes."))
        else:
            messages.success(request, _("Order %(number)s is cancelled. We have sent you an e-mail.")
                             % {"number": order.number})
        return redirect("customer:order", order_number=order.number)


class GuestOrderLookupForm(forms.Form):
    # Lazy: the class is made once, at import, in no buyer's language.
    number = forms.CharField(label=gettext_lazy("Order number"), max_length=128,
                             widget=forms.TextInput(attrs={"inputmode": "numeric"}),
                             error_messages={"required": gettext_lazy("Enter the order number.")})
    mobile = forms.CharField(label=gettext_lazy("Mobile number"), max_length=20,
                             widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
                             error_messages={"required": gettext_lazy("Enter your mobile number.")})

    def clean_number(self):
        return self.cleaned_data["number"].strip()

    def clean_mobile(self):
        return normalise_mainland_mobile(self.cleaned_data["mobile"])


class GuestOrderLookupView(generic.FormView):
    """A guest's way back to an order: its number and the mobile number given at checkout."""

    form_class = GuestOrderLookupForm
    template_name = "oscar/customer/guest_order_lookup.html"

    def get_initial(self):
        return {"number": self.request.GET.get("number", "")[:128]}

    def form_valid(self, form):
        try:
            order = guest.find_guest_order(self.request, number=form.cleaned_data["number"],
                                           mobile=form.cleaned_data["mobile"])
        except guest.LookupRefused as refused:
            form.add_error(None, _("Too many tries from this phone. Try again in %(wait)s, or call the service "
                                   "phone on the product page.") % {"wait": guest.waiting_time(refused.wait_seconds)})
            return self.form_invalid(form)
        if order is None:
            form.add_error(None, _("No order has this number and mobile number. Check both and try again."))
            return self.form_invalid(form)
        return redirect("guest-order", number=order.number)


class GuestMobileForm(forms.Form):
    mobile = forms.CharField(label=gettext_lazy("Mobile number"), max_length=20,
                             widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
                             error_messages={"required": gettext_lazy("Enter your mobile number.")})
    code = forms.CharField(label=gettext_lazy("Code from the text message"), max_length=8, required=False,
                           widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}))

    def clean_mobile(self):
        return normalise_mainland_mobile(self.cleaned_data["mobile"])


class GuestOrdersByMobileView(MobileCodeMixin, generic.FormView):
    """A guest who lost the order number (a connection that died before the thank-you page): the
    mobile given at checkout and the code texted to it open the guest orders of the last
    `guest.RECENT_DAYS` days placed with that mobile."""

    form_class = GuestMobileForm
    template_name = "oscar/customer/guest_orders_by_mobile.html"
    code_purpose = "guest-lookup"

    def form_valid(self, form):
        if (response := self.code_step(form)) is not None:
            return response
        mobile = self.verified_mobile
        orders = list(guest.recent_orders_of(mobile))
        for order in orders:
            guest.remember(self.request, order)
        return self.render_to_response(self.get_context_data(form=self.form_class(), orders=orders, found=True))


class GuestOrderView(generic.DetailView):
    """A guest's order and where its parcels are, once the session has shown it may see it."""

    template_name = "oscar/customer/guest_order.html"
    context_object_name = "order"

    def get(self, request, *args, **kwargs):
        if not guest.may_view(request, kwargs["number"]):
            return redirect(f"{reverse('guest-order-lookup')}?{urlencode({'number': kwargs['number']})}")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        address = self.object.shipping_address
        return super().get_context_data(claim_hours=settings.AFTERSALES_CLAIM_HOURS,
                                        recipient=guest.masked_recipient(address) if address else None, **kwargs)

    def get_object(self, queryset=None):
        return get_object_or_404(Order.objects.select_related("shipping_address"), user__isnull=True,
                                 number=self.kwargs["number"])
