from django.contrib import messages
from django.contrib.auth.mixins import UserPassesTestMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import generic

from logistics import tracking
from logistics.dashboard.access import can_operate_hub
from logistics.dashboard.forms import DispatchForm
from logistics.models import Consignment, PickupRun
from logistics.planning import run_loads, runs_to_work


class HubClerkRequired(UserPassesTestMixin):
    def test_func(self):
        return can_operate_hub(self.request.user)


class RunListView(HubClerkRequired, generic.ListView):
    template_name = "logistics/dashboard/run_list.html"
    context_object_name = "runs"
    paginate_by = 50

    def get_queryset(self):
        return runs_to_work()


class RunDetailView(HubClerkRequired, generic.DetailView):
    """The run's manifest, stop by stop."""

    template_name = "logistics/dashboard/run_detail.html"
    context_object_name = "run"

    def get_queryset(self):
        return run_loads(PickupRun.objects.select_related("line"))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        run = self.object
        positions = dict(run.line.stops.values_list("station_id", "position"))
        consignments = sorted(
            run.consignments.select_related("order", "village", "station"),
            key=lambda c: (positions.get(c.station_id, 999), c.pk))
        ctx["consignments"] = consignments
        ctx["dispatch_form"] = DispatchForm()
        return ctx


class RunTransitionView(HubClerkRequired, generic.View):
    transitions = {"loaded": tracking.mark_run_loaded, "at_hub": tracking.mark_run_at_hub}

    def post(self, request, pk, step):
        run = get_object_or_404(PickupRun, pk=pk)
        move = self.transitions.get(step)
        if move is None:
            messages.error(request, _("Unknown step."))
        else:
            try:
                move(run)
                messages.success(request, _("Run %(run)s is now %(status)s.")
                                 % {"run": run, "status": PickupRun.Status(step).label})
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
        return redirect("logistics-dashboard:run-detail", pk=run.pk)


class ConsignmentDispatchView(HubClerkRequired, generic.View):
    def post(self, request, pk):
        consignment = get_object_or_404(Consignment, pk=pk)
        form = DispatchForm(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        else:
            try:
                tracking.dispatch_consignment(consignment, form.cleaned_data["tracking_number"])
                messages.success(request, _("Consignment %(c)s handed to postal express.") % {"c": consignment})
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
        return redirect("logistics-dashboard:run-detail", pk=consignment.run_id)


class ConsignmentDeliverView(HubClerkRequired, generic.View):
    def post(self, request, pk):
        consignment = get_object_or_404(Consignment, pk=pk)
        try:
            if tracking.deliver_consignment(consignment):
                messages.success(request, _("Consignment %(c)s delivered; the households' income is booked.")
                                 % {"c": consignment})
            else:
                messages.info(request, _("Consignment %(c)s was already delivered; nothing changed.")
                              % {"c": consignment})
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("logistics-dashboard:run-detail", pk=consignment.run_id)
