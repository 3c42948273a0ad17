import stripe
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import generic
from oscar.core.loading import get_model

from aftersales.access import can_decide_claims
from aftersales.claims import claimable_lines, decide_claim
from aftersales.forms import ClaimForm, DecisionForm, add_rule_errors
from aftersales.models import Claim

Order = get_model("order", "Order")


class ClaimCreateView(LoginRequiredMixin, generic.FormView):
    """The buyer claims on one delivered line of their own order."""

    template_name = "aftersales/claim_form.html"
    form_class = ClaimForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.order = get_object_or_404(Order, number=kwargs["number"], user=request.user)
            self.line = get_object_or_404(self.order.lines, pk=kwargs["line_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "buyer": self.request.user, "line": self.line}

    def get_context_data(self, **kwargs):
        claimable = {line.pk: line for line in claimable_lines(self.order)}
        return super().get_context_data(order=self.order, line=self.line, claimable=claimable.get(self.line.pk),
                                        claim_hours=settings.AFTERSALES_CLAIM_HOURS, **kwargs)

    def form_valid(self, form):
        claim = form.save()
        if claim is None:
            return self.form_invalid(form)
        if self.request.user.email:
            messages.success(self.request, _("Your claim is recorded; the answer will be on this order's page and "
                                             "in an e-mail to %(email)s.") % {"email": self.request.user.email})
        else:  # a buyer without an e-mail address: no promise of one
            messages.success(self.request, _("Your claim is recorded; the answer will be on this order's page."))
        return redirect("customer:order", order_number=self.order.number)


class ClaimDeciderRequired(UserPassesTestMixin):
    def test_func(self):
        return can_decide_claims(self.request.user)


class ClaimListView(ClaimDeciderRequired, generic.ListView):
    template_name = "aftersales/dashboard/claim_list.html"
    context_object_name = "claims"
    paginate_by = 50

    def get_queryset(self):
        open_first = Case(When(status=Claim.Status.OPEN, then=Value(0)), default=Value(1), output_field=IntegerField())
        return (Claim.objects.select_related("order", "line", "buyer")
                .order_by(open_first, "-created_at", "-pk"))


class ClaimDetailView(ClaimDeciderRequired, generic.DetailView):
    template_name = "aftersales/dashboard/claim_detail.html"
    context_object_name = "claim"
    queryset = (Claim.objects.select_related("order", "line", "buyer")
                .prefetch_related("photos", "decisions__decided_by"))

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", DecisionForm(claim=self.object))
        return super().get_context_data(**kwargs)

    def post(self, request, pk):
        self.object = claim = self.get_object()
        form = DecisionForm(request.POST, claim=claim)
        if form.is_valid():
            try:
                decision = decide_claim(claim, by=request.user, refund_quantity=form.cleaned_data["refund_quantity"],
                                        liability=form.cleaned_data["liability"], reason=form.cleaned_data["reason"])
            except ValidationError as exc:
                add_rule_errors(form, exc)
            except stripe.StripeError:
                form.add_error(None, _("Stripe did not answer; nothing was refunded or recorded. Try again."))
            else:
                if decision.refund:
                    messages.success(request, _("Refunded ¥%(amount)s for claim %(claim)s.")
                                     % {"amount": decision.refund.amount, "claim": claim.pk})
                else:
                    messages.info(request, _("Claim %(claim)s rejected.") % {"claim": claim.pk})
                return redirect("aftersales-dashboard:claim-detail", pk=claim.pk)
        return self.render_to_response(self.get_context_data(form=form))
