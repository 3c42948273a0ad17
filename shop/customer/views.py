"""The buyer's order pages with what they show loaded up front: a fixed number of queries however
many orders or lines (Oscar's load each order's lines for its item count, and each line's
product, options and the buyer's review of it one by one)."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from oscar.apps.customer import views as oscar_views
from oscar.apps.customer.views import *  # noqa: F403 (Oscar fork pattern)
from oscar.core.loading import get_model

Line = get_model("order", "Line")
ProductReview = get_model("reviews", "ProductReview")


class OrderHistoryView(oscar_views.OrderHistoryView):
    def get_queryset(self):
        return super().get_queryset().prefetch_related("lines")


class OrderDetailView(oscar_views.OrderDetailView):
    def get_object(self, queryset=None):
        lines = Line.objects.select_related("product").prefetch_related("attributes").order_by("pk")
        return get_object_or_404(self.model.objects.prefetch_related(Prefetch("lines", queryset=lines)),
                                 user=self.request.user, number=self.kwargs["order_number"])

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        # What Oscar's is_review_permitted asks line by line: the products this buyer has reviewed.
        ctx["reviewed_products"] = set(ProductReview.objects.filter(
            user=self.request.user, product_id__in=[line.product_id for line in self.object.lines.all()]
        ).values_list("product_id", flat=True))
        return ctx
