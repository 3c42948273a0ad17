"""Oscar's dashboard catalogue views, where they trusted the query string.

Oscar loads these through ``get_class("dashboard.catalogue.views", ...)``; the classes not
defined here come from Oscar unchanged.
"""

from django.contrib import messages
from django.db import transaction
from django.db.models import ProtectedError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from oscar.apps.dashboard.catalogue import views as oscar_views


def positive_int(value, default, largest):
    """``value`` as an int from 1 to ``largest``; ``default`` for anything else."""
    value = (value or "").strip()
    if value.isascii() and value.isdigit() and len(value) <= 9 and 1 <= int(value) <= largest:
        return int(value)
    return default


class ProductLookupView(oscar_views.ProductLookupView):
    """The JSON product lookup of the dashboard's pickers: ?page=, ?page_limit=, ?q= and
    ?initial= (a comma-separated list of ids) were passed to int() and the database as sent."""

    def get_args(self):
        get = self.request.GET
        q = get.get("q", "").replace("\x00", "")  # PostgreSQL refuses NUL in text
        return (get.get("initial") or None, q or None,
                positive_int(get.get("page"), 1, 100_000), positive_int(get.get("page_limit"), 20, 100))

    def initial_filter(self, qs, value):
        ids = [part.strip() for part in value.split(",")]
        ids = [int(i) for i in ids if i.isascii() and i.isdigit() and len(i) <= 18][:100]
        return qs.filter(pk__in=ids)


class StockAlertListView(oscar_views.StockAlertListView):
    """Oscar forgot the page heading when ?status= is present but empty (an AttributeError)."""

    def get_queryset(self):
        self.description = _("All alerts")
        return super().get_queryset()


class ProductDeleteView(oscar_views.ProductDeleteView):
    """A product whose goods households supplied (or that a station, an order or a page holds on to)
    is kept: the database refuses its deletion, which was a 500 page; the staff member is told why
    and how to take it off sale instead."""

    def delete(self, request, *args, **kwargs):
        try:
            with transaction.atomic():
                return super().delete(request, *args, **kwargs)
        except ProtectedError:
            messages.error(request, _("%(product)s has supply lots or other records that refer to it, so it is "
                                      "kept. To stop selling it, untick “Is public” on its page.")
                           % {"product": self.object.get_title()})
            return HttpResponseRedirect(reverse("dashboard:catalogue-product", kwargs={"pk": self.object.pk}))
