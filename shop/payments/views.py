import logging

import stripe
from csp.decorators import csp_update
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import generic
from django.views.decorators.csrf import csrf_exempt

from shop.order import guest
from shop.payments import gateway, webhooks
from shop.payments.flow import sync_with_intent
from shop.payments.models import PaymentAttempt

logger = logging.getLogger(__name__)


GUEST_ATTEMPTS = "guest_payment_attempts"


def remember_guest_attempt(request, attempt) -> None:
    """A guest's attempt is theirs in the browser session that started it (they have no account)."""
    keys = [k for k in request.session.get(GUEST_ATTEMPTS, []) if k != str(attempt.idempotency_key)]
    request.session[GUEST_ATTEMPTS] = [*keys, str(attempt.idempotency_key)][-10:]


class OwnAttemptMixin:
    def get_attempt(self):
        if self.request.user.is_authenticated:
            return get_object_or_404(PaymentAttempt, idempotency_key=self.kwargs["key"], user=self.request.user)
        if str(self.kwargs["key"]) not in self.request.session.get(GUEST_ATTEMPTS, []):
            raise Http404
        return get_object_or_404(PaymentAttempt, idempotency_key=self.kwargs["key"], user__isnull=True)


# Stripe's Payment Element: its script, its frames and its API, on this page only (Stripe's CSP guide).
STRIPE_CSP = {"script-src": ["https://js.stripe.com"], "frame-src": ["https://js.stripe.com", "https://hooks.stripe.com"],
              "connect-src": ["https://api.stripe.com"], "img-src": ["https://*.stripe.com"]}


@method_decorator(csp_update(STRIPE_CSP), name="dispatch")
class PayView(OwnAttemptMixin, generic.TemplateView):
    """Stripe's Payment Element for the attempt (card, Alipay, WeChat Pay)."""

    template_name = "payments/pay.html"

    def get(self, request, *args, **kwargs):
        attempt = self.get_attempt()
        if attempt.order_id:
            return redirect("payments:return", key=attempt.idempotency_key)
        if attempt.status != PaymentAttempt.Status.CREATED:
            return redirect("checkout:payment-details")
        return self.render_to_response(self.get_context_data(
            attempt=attempt, publishable_key=settings.STRIPE_PUBLISHABLE_KEY,
            return_url=request.build_absolute_uri(reverse("payments:return", kwargs={"key": attempt.idempotency_key}))))


class ReturnView(OwnAttemptMixin, generic.TemplateView):
    """Where Stripe sends the buyer back: place the order, or say what happened."""

    template_name = "payments/processing.html"

    def get(self, request, *args, **kwargs):
        attempt = self.get_attempt()
        try:
            order = attempt.order or sync_with_intent(attempt, gateway.retrieve_intent(attempt.intent_id))
        except stripe.StripeError:
            # Nothing was decided (a refund Stripe did not answer rolls back): "check again" retries.
            logger.exception("Order %s: Stripe did not answer on the buyer's return", attempt.order_number)
            return self.render_to_response(self.get_context_data(attempt=attempt))
        attempt.refresh_from_db()
        if order:
            request.session["checkout_order_id"] = order.id
            if order.user_id is None:
                guest.remember(request, order)
            return redirect("checkout:thank-you")
        if attempt.status == PaymentAttempt.Status.REFUNDED:
            messages.error(request, gateway.failure_message(attempt.failure)
                           or _("Your order could not be placed; the payment was refunded."))
            return redirect("basket:summary")
        if attempt.status in (PaymentAttempt.Status.FAILED, PaymentAttempt.Status.CANCELED):
            messages.error(request, _("The payment did not go through: %(why)s Please try again or choose another way "
                                      "to pay.") % {"why": gateway.failure_message(attempt.failure)})
            return redirect("checkout:payment-details")
        return self.render_to_response(self.get_context_data(attempt=attempt))


@method_decorator(csrf_exempt, name="dispatch")  # Stripe signs its requests; it cannot send our CSRF token.
class WebhookView(generic.View):
    http_method_names = ["post"]

    def post(self, request):
        if not gateway.is_enabled():
            raise Http404
        try:
            gateway.verify_webhook(request.body, request.headers.get("Stripe-Signature"))
        except (ValueError, stripe.SignatureVerificationError):
            logger.warning("webhook.rejected", extra={"why": "signature"})
            return HttpResponseBadRequest("invalid signature")
        try:
            event = webhooks.parse(request.body)
        except webhooks.MalformedEvent as exc:
            logger.warning("webhook.rejected", extra={"why": "malformed", "detail": str(exc)[:200]})
            return HttpResponseBadRequest("malformed event")
        if event.livemode != gateway.is_live():
            logger.warning("webhook.rejected", extra={"why": "livemode", "stripe_event": event.id})
            return HttpResponseBadRequest("event mode does not match the keys")
        logger.info("webhook.received", extra={"stripe_event": event.id, "type": event.type})
        try:
            webhooks.handle(event)
        except stripe.StripeError:
            # Rolled back, the event too: Stripe sends it again later.
            logger.exception("Webhook %s: Stripe did not answer", event.id)
            return HttpResponse("Stripe did not answer; send it again", status=503)
        return HttpResponse("ok")
