"""The county hub's screens: the hub screen (the hub clerk's dashboard home), a run's manifest with
its steps, a parcel found from its label, and the paper for the bus and the post.

Every step that cannot be undone (loading, arriving, cancelling a bus, handing to the post,
delivering) asks once more on a page of its own that says what it will do; the step itself is the
function in `logistics.tracking` or `logistics.planning` that the `hub` command calls too."""

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import UserPassesTestMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import generic

from logistics import hub, paper, planning, tracking
from logistics.dashboard.access import can_operate_hub
from logistics.dashboard.forms import CancelRunForm, DispatchForm, DispatchListForm, ScanForm, StepTimeForm
from logistics.models import BusLine, Consignment, PickupRun
from logistics.timetable import run_loads, scheduled_run, stops_of_lines


class HubClerkRequired(UserPassesTestMixin):
    def test_func(self):
        return can_operate_hub(self.request.user)


def _run_consignments(run):
    """The run's parcels in the order of its stops."""
    stops = stops_of_lines(line_ids=[run.line_id])
    positions = {stop.station_id: stop.position for stop in stops}
    consignments = sorted(run.consignments.exclude(status=Consignment.Status.CANCELLED)
                          .select_related("order__shipping_address", "village", "station", "run__line"),
                          key=lambda c: (positions.get(c.station_id, 999), c.pk))
    return stops, consignments


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


class HubView(HubClerkRequired, generic.TemplateView):
    """The hub screen: today's and tomorrow's runs, waiting parcels, parcels at risk, parcels for
    the post, and the scan box."""

    template_name = "logistics/dashboard/hub.html"

    def get_context_data(self, **kwargs):
        now = timezone.now()
        return {**super().get_context_data(**kwargs), "days": hub.days_of_runs(now=now),
                "waiting": hub.waiting_parcels()[:100], "at_risk": hub.parcels_at_risk(now=now)[:100],
                "for_post": hub.awaiting_dispatch()[:200], "scan_form": ScanForm(), "now": now}


class ScanView(HubClerkRequired, generic.View):
    """What a scanner typed or a clerk entered: straight to the parcel when it names one."""

    def get(self, request):
        form = ScanForm(request.GET)
        if not form.is_valid():
            return redirect("logistics-dashboard:hub")
        found = list(hub.find_parcels(form.cleaned_data["code"])[:20])
        if len(found) == 1:
            return redirect("logistics-dashboard:parcel", pk=found[0].pk)
        if not found:
            messages.error(request, _("No parcel for “%(code)s”.") % {"code": form.cleaned_data["code"][:60]})
            return redirect("logistics-dashboard:hub")
        return render(request, "logistics/dashboard/found.html", {"parcels": found, "code": form.cleaned_data["code"]})


class RunListView(HubClerkRequired, generic.ListView):
    template_name = "logistics/dashboard/run_list.html"
    context_object_name = "runs"
    paginate_by = 50

    def get_queryset(self):
        return planning.runs_to_work()


class RunDetailView(HubClerkRequired, generic.DetailView):
    """The run's manifest, stop by stop, with its steps."""

    template_name = "logistics/dashboard/run_detail.html"
    context_object_name = "run"

    def get_queryset(self):
        return run_loads(PickupRun.objects.select_related("line"))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        _stops, consignments = _run_consignments(self.object)
        ctx.update(consignments=consignments,
                   at_hub=[c for c in consignments if c.status == Consignment.Status.AT_HUB],
                   load_percent=_percent(self.object.load_kg, self.object.line.capacity_kg),
                   cooler_percent=_percent(self.object.cold_load_kg, self.object.line.cooler_capacity_kg))
        return ctx


def _percent(part, whole):
    return min(100, round(100 * part / whole)) if whole else 0


class ConfirmedStep(HubClerkRequired, generic.View):
    """An irreversible step: the button's POST shows what will happen on a page that asks to
    confirm; that page's POST (confirmed=1) does it."""

    form_class: type[forms.Form] | None = None
    title = ""

    def get_object(self):
        raise NotImplementedError

    def describe(self, form) -> list[str]:
        return []

    def act(self, form):
        raise NotImplementedError

    def back_url(self) -> str:
        raise NotImplementedError

    def get_form(self):
        return self.form_class(self.request.POST, self.request.FILES) if self.form_class else None

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = self.get_form()
        if form is not None and not form.is_valid():
            return self.confirm_page(form, invalid=True)
        if request.POST.get("confirmed") != "1":
            return self.confirm_page(form)
        try:
            message = self.act(form)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, message)
        return redirect(self.back_url())

    def confirm_page(self, form, *, invalid=False):
        return render(self.request, "logistics/dashboard/confirm.html", {
            "title": self.title, "lines": [] if invalid else self.describe(form), "form": form, "invalid": invalid,
            "back_url": self.back_url(), "action": self.request.path}, status=200)


class StepTimeMixin:
    """The step's form asks when it happened, the timetable's time (never later than now) first."""

    form_class: type[forms.Form] | None = StepTimeForm

    def default_time(self) -> datetime.datetime:
        return timezone.now()

    def get_form(self):
        default = min(self.default_time(), timezone.now())
        form_class = self.form_class or StepTimeForm
        return form_class(self.request.POST, self.request.FILES, default=default)


class RunStepView(StepTimeMixin, ConfirmedStep):
    steps = {"loaded": (tracking.mark_run_loaded, PickupRun.Status.LOADED),
             "at_hub": (tracking.mark_run_at_hub, PickupRun.Status.AT_HUB)}

    def default_time(self):
        scheduled = scheduled_run(self.object, list(stops_of_lines(line_ids=[self.object.line_id])))
        if self.kwargs["step"] == "loaded":
            return scheduled.departs_at
        loaded = tracking.last_step_at(self.object.consignments.values_list("pk", flat=True),
                                       Consignment.Status.LOADED)
        return max(scheduled.hub_arrival, loaded) if loaded else scheduled.hub_arrival

    def get_object(self):
        if self.kwargs["step"] not in self.steps:
            raise Http404
        return get_object_or_404(run_loads(PickupRun.objects.select_related("line")), pk=self.kwargs["pk"])

    @property
    def title(self):
        if self.kwargs["step"] == "loaded":
            return _("The bus has taken the parcels of %(run)s?") % {"run": self.object}
        return _("%(run)s has reached the county hub?") % {"run": self.object}

    def describe(self, form):
        run = self.object
        count, kg = run.parcel_count or 0, f"{run.load_kg:.1f}"
        if self.kwargs["step"] == "loaded":
            return [_("%(count)s parcels, %(kg)s kg, leave their stations on this bus.") % {"count": count, "kg": kg},
                    _("Their goods are taken from the households' lots and the stock; this cannot be undone.")]
        return [_("%(count)s parcels, %(kg)s kg, are at the hub for the post.") % {"count": count, "kg": kg},
                _("This cannot be undone.")]

    def act(self, form):
        move, status = self.steps[self.kwargs["step"]]
        move(self.object, at=form.cleaned_data["happened_at"])
        return _("Run %(run)s is now %(status)s.") % {"run": self.object, "status": status.label}

    def back_url(self):
        return reverse("logistics-dashboard:run-detail", kwargs={"pk": self.object.pk})


def _departure(line_id: int, stamp: int) -> tuple[BusLine, datetime.datetime]:
    line = get_object_or_404(BusLine, pk=line_id)
    try:
        departs_at = datetime.datetime.fromtimestamp(stamp, tz=datetime.UTC)
    except (OverflowError, OSError, ValueError):
        raise Http404 from None
    if not planning.departure_exists(line, departs_at):
        raise Http404
    return line, departs_at


class CancelDepartureView(ConfirmedStep):
    """A bus does not run (breakdown, snow): its departure is cancelled and its parcels planned
    again at once. Works for a departure that carries nothing yet (the timetable's)."""

    form_class = CancelRunForm

    def get_object(self):
        line, departs_at = _departure(self.kwargs["line"], self.kwargs["stamp"])
        return {"line": line, "departs_at": departs_at,
                "run": run_loads(PickupRun.objects.filter(line=line, departs_at=departs_at)).first()}

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return render(request, "logistics/dashboard/cancel.html", {**self.object, "form": CancelRunForm(),
                                                                   "back_url": self.back_url()})

    @property
    def title(self):
        return _("Cancel the bus of %(when)s on %(line)s?") % {
            "when": timezone.localtime(self.object["departs_at"]).strftime("%Y-%m-%d %H:%M"),
            "line": self.object["line"]}

    def describe(self, form):
        run = self.object["run"]
        count = (run.parcel_count or 0) if run else 0
        return [_("Why: %(reason)s") % {"reason": form.cleaned_data["reason"]},
                _("%(count)s parcels on it are planned on other buses at once; their buyers see the new date.")
                % {"count": count},
                _("Nothing is planned on this departure again; this cannot be undone.")]

    def act(self, form):
        run, stranded = planning.cancel_run(line=self.object["line"], departs_at=self.object["departs_at"],
                                            reason=form.cleaned_data["reason"])
        rebooked = Consignment.objects.filter(pk__in=[c.pk for c in stranded], status=Consignment.Status.BOOKED)
        return _("%(run)s is cancelled; %(booked)s of %(count)s parcels are on another bus.") % {
            "run": run, "booked": rebooked.count(), "count": len(stranded)}

    def back_url(self):
        return reverse("logistics-dashboard:hub")


class ReplanView(HubClerkRequired, generic.View):
    """Plan every open parcel again now (the scheduler does it every 10 minutes)."""

    def post(self, request):
        result = planning.replan()
        if result is None:
            messages.info(request, _("Nothing to plan."))
        else:
            booked = sum(1 for key in result.runs.values() if key is not None)
            messages.success(request, _("%(count)s parcels planned: %(booked)s on a bus, %(waiting)s waiting.") % {
                "count": len(result.runs), "booked": booked, "waiting": len(result.runs) - booked})
        return redirect("logistics-dashboard:hub")


class ParcelView(HubClerkRequired, generic.DetailView):
    """One parcel, as its label's QR code opens it: where it is, and its next step."""

    template_name = "logistics/dashboard/parcel.html"
    context_object_name = "parcel"

    def get_queryset(self):
        return Consignment.objects.select_related("order__shipping_address", "village", "station", "run__line")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "dispatch_form": DispatchForm(),
                "events": self.object.events.order_by("happened_at", "pk"),
                "destination": paper.destination(self.object)}


class DispatchView(StepTimeMixin, ConfirmedStep):
    form_class = DispatchForm

    def get_object(self):
        return get_object_or_404(Consignment.objects.select_related("order", "village"), pk=self.kwargs["pk"])

    @property
    def title(self):
        return _("Hand parcel %(parcel)s to the post?") % {"parcel": self.object}

    def describe(self, form):
        return [_("Postal tracking number: %(number)s") % {"number": form.cleaned_data["tracking_number"].upper()},
                _("The buyer can follow it with this number; this cannot be undone.")]

    def act(self, form):
        tracking.dispatch_consignment(self.object, form.cleaned_data["tracking_number"],
                                      at=form.cleaned_data["happened_at"])
        return _("Consignment %(c)s handed to postal express.") % {"c": self.object}

    def back_url(self):
        return reverse("logistics-dashboard:parcel", kwargs={"pk": self.object.pk})


class DeliverView(StepTimeMixin, ConfirmedStep):
    def get_object(self):
        return get_object_or_404(Consignment.objects.select_related("order", "village"), pk=self.kwargs["pk"])

    @property
    def title(self):
        return _("Has parcel %(parcel)s been delivered?") % {"parcel": self.object}

    def describe(self, form):
        return [_("The households who supplied its goods are paid for them in their income records; this cannot "
                  "be undone.")]

    def act(self, form):
        if tracking.deliver_consignment(self.object, at=form.cleaned_data["happened_at"]):
            return _("Consignment %(c)s delivered; the households' income is booked.") % {"c": self.object}
        return _("Consignment %(c)s was already delivered; nothing changed.") % {"c": self.object}

    def back_url(self):
        return reverse("logistics-dashboard:parcel", kwargs={"pk": self.object.pk})


class DispatchListView(HubClerkRequired, generic.View):
    """All of a run's parcels to the post at once, from a pasted or uploaded list of tracking
    numbers: every line checked and every error shown together; then one confirmation."""

    template_name = "logistics/dashboard/dispatch_list.html"

    @property
    def run(self):
        # Looked up only once the clerk's permission has been checked (UserPassesTestMixin.dispatch).
        if not hasattr(self, "_run"):
            self._run = get_object_or_404(PickupRun.objects.select_related("line"), pk=self.kwargs["pk"])
        return self._run

    def page(self, form, **extra):
        at_hub = self.run.consignments.filter(status=Consignment.Status.AT_HUB).select_related("order")
        return render(self.request, self.template_name, {"run": self.run, "form": form, "at_hub": at_hub, **extra})

    def get(self, request, pk):
        return self.page(DispatchListForm())

    def post(self, request, pk):
        form = DispatchListForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.page(form)
        text = form.cleaned_data["numbers"]
        if request.POST.get("confirmed") == "1":
            try:
                done = tracking.dispatch_run(self.run, text)
            except ValidationError as exc:
                return self.page(form, errors=exc.messages)
            messages.success(request, _("%(count)s parcels handed to postal express.") % {"count": len(done)})
            return redirect("logistics-dashboard:run-detail", pk=self.run.pk)
        lines, errors = tracking.read_dispatch_list(self.run, text)
        listed = {line.consignment.pk for line in lines}
        left = [c for c in self.run.consignments.filter(status=Consignment.Status.AT_HUB).select_related("order")
                if c.pk not in listed]
        return self.page(form, errors=errors, lines=lines, left=left, text=text)


class ManifestPdfView(HubClerkRequired, generic.View):
    def get(self, request, pk):
        run = get_object_or_404(PickupRun.objects.select_related("line"), pk=pk)
        stops, consignments = _run_consignments(run)
        content = paper.manifest(run, scheduled_run(run, stops), consignments)
        return _pdf(content, f"manifest-{run.pk}.pdf")


def _parcel_url(request):
    return lambda consignment: request.build_absolute_uri(
        reverse("logistics-dashboard:parcel", kwargs={"pk": consignment.pk}))


class RunLabelsPdfView(HubClerkRequired, generic.View):
    def get(self, request, pk):
        run = get_object_or_404(PickupRun, pk=pk)
        _stops, consignments = _run_consignments(run)
        return _pdf(paper.parcel_labels(consignments, parcel_url=_parcel_url(request)), f"labels-{run.pk}.pdf")


class ParcelLabelPdfView(HubClerkRequired, generic.View):
    def get(self, request, pk):
        consignment = get_object_or_404(
            Consignment.objects.select_related("order__shipping_address", "village", "station", "run__line"), pk=pk)
        return _pdf(paper.parcel_labels([consignment], parcel_url=_parcel_url(request)), f"label-{consignment.pk}.pdf")
