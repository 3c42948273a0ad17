import logging

import stripe
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import generic
from oscar.core.loading import get_model

from shop.order.lifecycle import cancel_order

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
