from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import UserPassesTestMixin
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse, reverse_lazy
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views import generic

from catalog.labels import lot_labels
from catalog.models import SupplyLot
from catalog.supply import coordinated_villages
from catalog.supply_access import can_record_supply
from catalog.supply_forms import SupplyLotForm


class CoordinatorRequired(UserPassesTestMixin):
    def test_func(self):
        return can_record_supply(self.request.user)


class SupplyLotListView(CoordinatorRequired, generic.ListView):
    template_name = "catalog/dashboard/supplylot_list.html"
    context_object_name = "lots"
    paginate_by = 50

    def get_queryset(self):
        return (SupplyLot.objects.filter(household__village__in=coordinated_villages(self.request.user))
                .select_related("household", "product", "household__village"))


class SupplyLotLabelView(CoordinatorRequired, generic.View):
    """The lot's label (PDF) for the jar or box: its QR code opens the public trace page."""

    def get(self, request, code):
        lot = get_object_or_404(SupplyLot.objects.select_related("product", "household__village__town"),
                                code=code, household__village__in=coordinated_villages(request.user))
        content = lot_labels([lot], trace_url=lambda lot: request.build_absolute_uri(
            reverse(settings.CATALOG_TRACE_URL, kwargs={"code": lot.code})))
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="lot-{lot.code}.pdf"'
        return response


class SupplyLotCreateView(CoordinatorRequired, generic.FormView):
    template_name = "catalog/dashboard/supplylot_form.html"
    form_class = SupplyLotForm
    success_url = reverse_lazy("catalog-supply:lot-list")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        try:
            lot = form.save()
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, format_html(
            '{} <a href="{}" target="_blank" rel="noopener">{}</a>',
            _("Recorded: %(household)s brought %(qty)s × %(product)s.") % {
                "household": lot.household.head_name, "qty": lot.quantity, "product": lot.product.get_title()},
            reverse("catalog-supply:lot-label", kwargs={"code": lot.code}), _("Print its label")), extra_tags="safe")
        return super().form_valid(form)
