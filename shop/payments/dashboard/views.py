from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import generic
from oscar.core.loading import get_model

from shop.payments.dashboard.forms import RefundForm
from shop.payments.refunds import refund_order

Order = get_model("order", "Order")


class RefundView(PermissionRequiredMixin, generic.FormView):
    """Refund a delivered order, whole or by line (staff with the right to change orders)."""

    permission_required = "order.change_order"
    template_name = "payments/dashboard/refund.html"
    form_class = RefundForm

    def dispatch(self, request, *args, **kwargs):
        self.order = get_object_or_404(Order, number=kwargs["number"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "order": self.order}

    def get_context_data(self, **kwargs):
        return super().get_context_data(order=self.order, refunds=self.order.refunds.all(), **kwargs)

    def form_valid(self, form):
        try:
            refund = refund_order(self.order, quantities=form.quantities(),
                                  include_shipping=form.cleaned_data.get("include_shipping", False),
                                  reason=form.cleaned_data["reason"], by=self.request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Refunded ¥%(amount)s (%(method)s); the households' income was corrected.")
                         % {"amount": refund.amount, "method": refund.get_method_display()})
        return redirect("dashboard:order-detail", number=self.order.number)
