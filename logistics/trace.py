"""A supply lot's public trace page (/trace/<code>/), opened from the QR code on a jar's label: the
goods, the village, the day the household brought them, the household as the article names one
(于某), the village's story and the buses that carried them — nothing private: no name, no buyer,
no order."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView
from oscar.core.loading import get_model

from logistics.models import Consignment, PickupRun

if TYPE_CHECKING:
    from catalog.models import SupplyLot as SupplyLotModel

SupplyLot = get_model("catalogue", "SupplyLot")


def runs_of_lot(lot: SupplyLotModel) -> list[PickupRun]:
    """The runs whose parcels carried units of this lot, earliest first: each allocation's order
    line rode in its order's parcel from the lot's village."""
    orders = lot.allocations.values("order_line__order_id")
    carried = Consignment.objects.filter(order_id__in=orders, village_id=lot.household.village_id,
                                         run__isnull=False).values("run_id")
    return list(PickupRun.objects.filter(pk__in=carried).exclude(status=PickupRun.Status.PLANNED)
                .select_related("line").order_by("departs_at"))


class LotTraceView(TemplateView):
    template_name = "trace/lot.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        code = self.kwargs["code"].strip().upper()
        lot = get_object_or_404(SupplyLot.objects.select_related("product", "household__village__town"), code=code)
        return {**super().get_context_data(**kwargs), "lot": lot, "village": lot.household.village,
                "producer": lot.household.public_name, "runs": runs_of_lot(lot)}
