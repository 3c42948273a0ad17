"""The village station's pages (/station/), phone first and installable: the coordinator's home
(what to pack for the next buses, stock, this week's supply, this month's sales), supply intake and a
new product from the camera. With a signal, forms are sent at once; without one, static/station/
station.js keeps them on the phone and sends them (to /api/) when the signal returns. The forms
also work without JavaScript."""

import json
import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import OuterRef, Subquery
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import generic
from oscar.core.loading import get_model

from catalog import corrections, expiry
from households.models import Household
from station import figures, intake, packing
from station.access import station_scope

Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
SupplyLot = get_model("catalogue", "SupplyLot")
# Bumped with the station's assets: the service worker keeps one copy of each per version.
APP_VERSION = "2026-12-07.2"


class StationMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.scope = station_scope(request.user)
            if self.scope is None:
                raise PermissionDenied(_("Only a village coordinator works at the station."))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "scope": self.scope, "app_version": APP_VERSION,
                "station_words": station_words()}


def station_words() -> dict:
    """What station.js says, in the coordinator's language: the queue's states, and the forms' field
    names to put before the reasons the server gives for refusing a record."""
    fields = {name: str(field.label) for form in (intake.StationLotForm, intake.StationProductForm)
              for name, field in form.base_fields.items() if field.label}
    return {"booked": _("booked"), "listed": _("listed for sale"), "refused": _("refused"), "waiting": _("waiting"),
            "signedOut": _("You are signed out: sign in again to send."), "edit": _("Edit"), "drop": _("Drop"),
            "required": _("Fill this in."), "fields": fields,
            # {field} and {reason} are filled in by station.js.
            "fieldReason": _("{field}: {reason}")}


class HomeView(StationMixin, generic.TemplateView):
    template_name = "station/home.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        stock = figures.stock(self.scope)
        ctx.update(runs=packing.packing_lists(self.scope), stock=stock, low=[row for row in stock if row.low],
                   supply=figures.supply_this_week(self.scope)[:50],
                   sales=list(figures.sales_by_product(self.scope)),
                   households=list(figures.income_by_household(self.scope)), today=timezone.localdate(),
                   take_back=list(expiry.to_take_back(village_id=self.scope.village.pk)))
        return ctx


class TakeBackView(StationMixin, generic.View):
    """The coordinator confirms that a written-off lot's goods left the shelf."""

    http_method_names = ["post"]

    def post(self, request, pk):
        write_off = get_object_or_404(expiry.to_take_back(village_id=self.scope.village.pk), pk=pk)
        expiry.confirm_taken_back(write_off=write_off, by=request.user)
        messages.success(request, _("Lot %(code)s is off the shelf.") % {"code": write_off.lot.code})
        return redirect("station:home")


class LotCorrectForm(forms.Form):
    units = forms.IntegerField(label=_("Units recorded by mistake"), min_value=1,
                               error_messages={"invalid": _("Enter a whole number of units.")})
    note = forms.CharField(label=_("What was wrong"), max_length=corrections.NOTE_MAX_CHARS,
                           widget=forms.TextInput(attrs={"placeholder": _("e.g. typed 50 instead of 5")}))


class LotCorrectView(StationMixin, generic.FormView):
    """The coordinator takes units recorded by mistake off one of the village's lots of the last
    week (catalog.corrections); the right lot is recorded anew on the supply page."""

    template_name = "station/lot_correct.html"
    form_class = LotCorrectForm

    def get_lot(self):
        if not hasattr(self, "_lot"):
            self._lot = get_object_or_404(SupplyLot.objects.select_related("household__village", "product"),
                                          pk=self.kwargs["pk"], household__village=self.scope.village)
        return self._lot

    def get_initial(self):
        return {"units": corrections.correctable_units(self.get_lot()) or None}

    def get_context_data(self, **kwargs):
        lot = self.get_lot()
        return {**super().get_context_data(**kwargs), "lot": lot,
                "correctable": corrections.correctable_units(lot)}

    def form_valid(self, form):
        lot = self.get_lot()
        try:
            corrections.correct_lot(lot=lot, by=self.request.user, units=form.cleaned_data["units"],
                                    note=form.cleaned_data["note"])
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Lot %(code)s corrected: %(units)s units taken off. Record the right lot "
                                         "now if the household brought something else.")
                         % {"code": lot.code, "units": form.cleaned_data["units"]})
        return redirect("station:home")


def _intake_data(scope) -> dict:
    """What the intake page needs offline: the village's households (with each one's last price
    per product), its goods, today's date."""
    households = list(Household.objects.filter(village=scope.village).order_by("registry_number")
                      .values("pk", "head_name", "registry_number"))
    last = (SupplyLot.objects.filter(household=OuterRef("household"), product=OuterRef("product"))
            .order_by("-supplied_on", "-pk").values("unit_price")[:1])
    prices = {}
    for row in (SupplyLot.objects.filter(household__village=scope.village).values("household", "product")
                .distinct().annotate(price=Subquery(last))):
        prices.setdefault(row["household"], {})[row["product"]] = f"{row['price']:.2f}"
    products = list(Product.objects.filter(stockrecords__partner=scope.sales_point).order_by("title")
                    .values("pk", "title"))
    return {"households": [{"id": h["pk"], "name": h["head_name"], "registry": h["registry_number"],
                            "prices": prices.get(h["pk"], {})} for h in households],
            "products": [{"id": p["pk"], "title": p["title"]} for p in products]}


class SupplyView(StationMixin, generic.FormView):
    """Supply intake in a few taps: the household (searched by name or registry number), the goods,
    the quantity; the price comes from the household's last lot of those goods, the date is today."""

    template_name = "station/supply.html"
    form_class = intake.StationLotForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        return {"supplied_on": timezone.localdate(), "key": uuid.uuid4()}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "intake": _intake_data(self.scope)}

    def form_valid(self, form):
        try:
            lot = intake.book_lot(form).object
        except ValidationError as error:  # a rule that changed meanwhile, someone else's key
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Recorded: %(household)s brought %(qty)s × %(product)s (lot %(code)s).")
                         % {"household": lot.household.head_name, "qty": lot.quantity,
                            "product": lot.product.get_title(), "code": lot.code})
        return redirect("station:supply")

    def post(self, request, *args, **kwargs):
        try:
            replayed = intake.replayed_lot(request.POST, request.user)
        except ValidationError:
            replayed = None  # the form says why
        if replayed is not None:
            messages.info(request, _("This lot was recorded already (lot %(code)s).") % {"code": replayed.object.code})
            return redirect("station:supply")
        return super().post(request, *args, **kwargs)


class ProductNewView(StationMixin, generic.FormView):
    """A new good of the village from the phone's camera."""

    template_name = "station/product_new.html"
    form_class = intake.StationProductForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "scope": self.scope, "user": self.request.user}

    def get_initial(self):
        return {"key": uuid.uuid4()}

    def form_valid(self, form):
        try:
            product = intake.book_product(form).object
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("%(title)s is listed in the shop.") % {"title": product.title})
        return redirect("station:home")

    def post(self, request, *args, **kwargs):
        try:
            replayed = intake.replayed_product(request.POST, request.user)
        except ValidationError:
            replayed = None
        if replayed is not None:
            return redirect("station:home")
        return super().post(request, *args, **kwargs)


class OfflineView(StationMixin, generic.TemplateView):
    """What the service worker shows for a station page it has no copy of while there is no signal."""

    template_name = "station/offline.html"


def manifest(request):
    """The web app manifest: the station pages install on the phone's home screen."""
    data = {
        "name": _("Village station"), "short_name": _("Station"), "lang": request.LANGUAGE_CODE,
        "start_url": reverse("station:home"), "scope": reverse("station:home"), "display": "standalone",
        "background_color": "#ffffff", "theme_color": "#b71c1c",
        "icons": [{"src": static("station/icon-192.png"), "sizes": "192x192", "type": "image/png"},
                  {"src": static("station/icon-512.png"), "sizes": "512x512", "type": "image/png"}],
    }
    return HttpResponse(json.dumps(data, ensure_ascii=False), content_type="application/manifest+json")


def service_worker(request):
    """The service worker, from /station/ so that its scope is the station's pages; it names the
    assets to keep (their hashed names in production)."""
    assets = [static(name) for name in ("station/station.css", "station/station.js", "station/queue.js",
                                        "shop/behaviours.js", "station/icon-192.png")]
    pages = [reverse("station:home"), reverse("station:supply"), reverse("station:product-new"),
             reverse("station:offline")]
    body = render_to_string("station/sw.js", {
        "version": json.dumps(APP_VERSION), "assets": json.dumps(assets), "pages": json.dumps(pages),
        "offline": json.dumps(reverse("station:offline"))})
    response = HttpResponse(body, content_type="text/javascript")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = reverse("station:home")
    return response
