import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PaymentAttempt(models.Model):
    """One try to pay for a basket online, with the idempotency key that makes retries safe.

    It holds what is needed to place the order without the buyer's browser (the webhook may
    be first): the frozen basket, the address and the shipping method.
    """

    class Status(models.TextChoices):
        CREATED = "created", _("awaiting payment")
        PROCESSING = "processing", _("processing")
        SUCCEEDED = "succeeded", _("paid")
        FAILED = "failed", _("failed")
        CANCELED = "canceled", _("cancelled")
        REFUNDED = "refunded", _("refunded")

    # Payment state only moves forward: a late "failed" never un-pays an order.
    RANK = {"created": 0, "processing": 1, "failed": 2, "canceled": 2, "succeeded": 3, "refunded": 4}

    idempotency_key = models.UUIDField(_("idempotency key"), default=uuid.uuid4, unique=True, editable=False)
    basket = models.ForeignKey("basket.Basket", on_delete=models.PROTECT, related_name="payment_attempts")
    # None for a guest, who is known by the mobile number (and the browser session holding the key).
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True,
                             blank=True)
    guest_mobile = models.CharField(_("guest's mobile number"), max_length=11, blank=True)
    order_number = models.CharField(_("order number"), max_length=128)
    amount = models.DecimalField(_("amount (CNY)"), max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3, default="CNY")
    intent_id = models.CharField(_("PaymentIntent"), max_length=255, unique=True, null=True, blank=True)
    client_secret = models.CharField(max_length=255, blank=True)
    livemode = models.BooleanField(default=False)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.CREATED)
    shipping_address = models.JSONField(_("shipping address"))
    shipping_method_code = models.CharField(max_length=128)
    order = models.OneToOneField("order.Order", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="payment_attempt")
    failure = models.CharField(_("why it failed"), max_length=255, blank=True)
    # A paid payment whose order could not be placed is refunded once: this is Stripe's refund.
    refund_id = models.CharField(_("Stripe refund"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("online payment attempt")
        verbose_name_plural = _("online payment attempts")

    def __str__(self):
        return f"{self.order_number} {self.intent_id or ''} {self.status}"

    def can_move_to(self, status):
        return self.RANK[status] > self.RANK[self.status]


class FrozenBasket(models.Model):
    """When a basket was last frozen for checkout; shop.checkout.abandoned thaws the abandoned ones."""

    basket = models.OneToOneField("basket.Basket", on_delete=models.CASCADE, related_name="checkout_freeze")
    frozen_at = models.DateTimeField(_("frozen at"), db_index=True)

    class Meta:
        verbose_name = _("basket frozen for checkout")
        verbose_name_plural = _("baskets frozen for checkout")

    def __str__(self):
        return f"{self.basket_id} {self.frozen_at:%Y-%m-%d %H:%M}"


class StripeEvent(models.Model):
    """A webhook event, recorded once: the unique id makes a replay (even a concurrent one) a no-op."""

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100)
    livemode = models.BooleanField()
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Stripe event")
        verbose_name_plural = _("Stripe events")

    def __str__(self):
        return f"{self.event_id} {self.type}"


class Refund(models.Model):
    """Money given back for an order, whole or by line: through Stripe, or in cash for cash on delivery."""

    class Method(models.TextChoices):
        STRIPE = "stripe", _("Stripe")
        CASH = "cash", _("cash")

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    order = models.ForeignKey("order.Order", on_delete=models.PROTECT, related_name="refunds")
    amount = models.DecimalField(_("amount (CNY)"), max_digits=12, decimal_places=2)
    shipping = models.DecimalField(_("of which shipping (CNY)"), max_digits=12, decimal_places=2, default=0)
    method = models.CharField(_("method"), max_length=8, choices=Method.choices)
    stripe_refund_id = models.CharField(max_length=255, blank=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")

    def __str__(self):
        return f"{self.order.number} ¥{self.amount}"


class RefundLine(models.Model):
    refund = models.ForeignKey(Refund, on_delete=models.PROTECT, related_name="lines")
    line = models.ForeignKey("order.Line", on_delete=models.PROTECT, related_name="refund_lines")
    quantity = models.PositiveIntegerField()

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(quantity__gte=1), name="refundline_quantity_positive")]
