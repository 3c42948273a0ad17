"""Oscar's dashboard order screens, bound to the platform's rules.

- Status changes offer and accept only what the order lifecycle allows (shop.order.lifecycle),
  and go through the order EventHandler; its refusals are shown as they are worded.
- Line statuses, shipping events and payment events are recorded by the platform as parcels and
  money move; they are not typed by hand here.
- A village coordinator (a partner user) sees only their village's lines of an order, and its
  subtotal instead of the whole order's amounts; they cannot change an order's status, nor read or
  change the buyer's address (the destination city is what their work needs).
- Staff correcting an order's address go through the checkout's address form and the same
  freshness rule as checkout; the order's parcels get their deadlines and buses again.
"""


from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext as _
from oscar.apps.dashboard.orders import views as oscar_views
from oscar.apps.dashboard.orders.views import *  # noqa: F403 (Oscar fork pattern)
from oscar.apps.order import exceptions as order_exceptions
from oscar.core.loading import get_class, get_model

from core.money import MONEY, round_to_fen
from logistics.planning import TransitionRefused, readdress
from shop.checkout.delivery import booked_refusals
from shop.order.lifecycle import status_label
from shop.order.status import CANCELLED

OrderStatusForm = get_class("dashboard.orders.forms", "OrderStatusForm")
Partner = get_model("partner", "Partner")
Line = get_model("order", "Line")


def sees_whole_orders(user) -> bool:
    return user.is_staff


def own_lines(user, order):
    """The lines of the order this user may see: all for staff, their sales points' for partners."""
    lines = order.lines.select_related("product")
    if sees_whole_orders(user):
        return lines
    return lines.filter(partner__in=Partner.objects.filter(users=user))


class OrderListView(oscar_views.OrderListView):
    def get_queryset(self):
        queryset = super().get_queryset()
        if not sees_whole_orders(self.request.user):
            mine = Q(lines__partner__users=self.request.user)
            queryset = queryset.annotate(
                village_total=Coalesce(Sum("lines__line_price_incl_tax", filter=mine), Value(0), output_field=MONEY),
                village_items=Coalesce(Sum("lines__quantity", filter=mine), Value(0)))
        return queryset

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["village_only"] = not sees_whole_orders(user)
        # Bulk status changes: only cancelling, and only for those who may change orders.
        ctx["order_statuses"] = [CANCELLED] if (user.is_staff or user.has_perm("order.change_order")) else []
        ctx["status_labels"] = {CANCELLED: status_label(CANCELLED)}
        return ctx

    def get_row_values(self, order):
        row = super().get_row_values(order)
        if not sees_whole_orders(self.request.user):
            row["value"] = round_to_fen(order.village_total)
            row["num_items"] = order.village_items
            # The buyer's e-mail and the names on the addresses are not the village's to export.
            for column in ("customer", "shipping_address_name", "billing_address_name"):
                row.pop(column, None)
        return row

    def change_order_status(self, request, order):
        # Oscar's version lets InvalidOrderStatus through (a 500) and reads new_status with [].
        new_status = request.POST.get("new_status", "").strip()
        old_status = order.status
        try:
            self.get_handler(user=request.user).handle_order_status_change(order, new_status)
        except order_exceptions.InvalidOrderStatus as exc:
            messages.error(request, f"#{order.number}: {exc}")
        else:
            messages.info(request, _("Order %(number)s: status changed from '%(old)s' to '%(new)s'") % {
                "number": order.number, "old": status_label(old_status), "new": status_label(new_status)})


class OrderStatsView(oscar_views.OrderStatsView):
    def get_stats(self, filters):
        stats = super().get_stats(filters)
        user = self.request.user
        if not sees_whole_orders(user):
            # A coordinator's figures are their village's lines, not the whole of mixed orders.
            lines = Line.objects.filter(order__in=oscar_views.queryset_orders_for_user(user).filter(**filters),
                                        partner__in=Partner.objects.filter(users=user))
            stats["total_lines"] = lines.count()
            stats["total_revenue"] = lines.aggregate(
                s=Coalesce(Sum("line_price_incl_tax"), Value(0), output_field=MONEY))["s"]
        return stats


class OrderDetailView(oscar_views.OrderDetailView):
    order_actions = ("save_note", "delete_note", "change_order_status")
    line_actions = ()

    def get_order_lines(self):
        return own_lines(self.request.user, self.object)

    def get_order_status_form(self):
        data = self.request.POST if self.request.method == "POST" else None
        return OrderStatusForm(order=self.object, data=data, user=self.request.user)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        village_only = not sees_whole_orders(self.request.user)
        ctx["village_only"] = village_only
        if village_only:
            ctx["village_total"] = ctx["lines"].aggregate(
                s=Coalesce(Sum("line_price_incl_tax"), Value(0), output_field=MONEY))["s"]
        return ctx

    def change_order_status(self, request, order):
        form = self.get_order_status_form()
        if not form.is_valid():
            # Say why, in the lifecycle's words, rather than "invalid form submission".
            asked = request.POST.get("new_status", "")
            handler = self.get_handler(user=request.user)
            try:
                handler.handle_order_status_change(order, asked)
            except order_exceptions.InvalidOrderStatus as exc:
                return self.reload_page(error=str(exc))
            return self.reload_page()
        new_status = form.cleaned_data["new_status"]
        old_status = order.status
        note = _("Order status changed from '%(old_status)s' to '%(new_status)s'") % {
            "old_status": status_label(old_status), "new_status": status_label(new_status)}
        try:
            self.get_handler(user=request.user).handle_order_status_change(order, new_status, note_msg=note)
        except order_exceptions.InvalidOrderStatus as exc:
            return self.reload_page(error=str(exc))
        messages.info(request, note)
        return self.reload_page()


class LineDetailView(oscar_views.LineDetailView):
    def get_object(self, queryset=None):
        line = super().get_object(queryset)
        if not own_lines(self.request.user, line.order).filter(pk=line.pk).exists():
            raise Http404
        return line


class _AddressRefused(Exception):
    def __init__(self, reasons):
        self.reasons = reasons


class ShippingAddressUpdateView(oscar_views.ShippingAddressUpdateView):
    def dispatch(self, request, *args, **kwargs):
        # Oscar lets partner users edit the address of any order with their goods: not coordinators.
        if request.user.is_authenticated and not sees_whole_orders(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        if not form.has_changed():
            return super().form_valid(form)
        try:
            with transaction.atomic():
                response = super().form_valid(form)
                order = self.object.order
                readdress(order)
                # The checkout's rule on the runs now booked: short-lived goods go only where
                # they arrive fresh. Refused: the address and the parcels stay as they were.
                if reasons := booked_refusals(order):
                    raise _AddressRefused(reasons)
        except TransitionRefused as exc:
            form.add_error(None, exc.messages)
        except _AddressRefused as refused:
            form.add_error(None, refused.reasons)
        else:
            return response
        self.object.refresh_from_db()
        return self.form_invalid(form)
