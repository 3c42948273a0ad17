from django import forms
from django.utils.translation import gettext_lazy as _

from shop.payments.refunds import lines_with_refunds, shipping_refunded


class RefundForm(forms.Form):
    include_shipping = forms.BooleanField(label=_("Refund the shipping charge too"), required=False)
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)

    def __init__(self, *args, order, **kwargs):
        super().__init__(*args, **kwargs)
        self.order = order
        self.line_fields = []
        for line in lines_with_refunds(order):
            left = line.refundable
            name = f"line_{line.pk}"
            self.fields[name] = forms.IntegerField(
                label=f"{line.title} (≤ {left})", min_value=0, max_value=left, initial=0, required=False,
                error_messages={"max_value": _("At most %(limit_value)s can still be refunded.")})
            self.line_fields.append((line, name))
        if shipping_refunded(order) >= order.shipping_incl_tax:
            self.fields.pop("include_shipping")
        self.order_fields([name for _line, name in self.line_fields] + ["include_shipping", "reason"])

    def quantities(self):
        return {line.pk: self.cleaned_data.get(name) or 0 for line, name in self.line_fields}
