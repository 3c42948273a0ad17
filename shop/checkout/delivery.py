"""When a basket's goods arrive, and whether short-lived goods can reach an address in time.

A basket ships as one parcel per origin village (as `logistics.planning.plan_order` splits the
order); each parcel arrives on its own estimate and the basket when the last one does.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _

from logistics.estimates import DeliveryEstimate, Timetable, booked_estimates, reaches_fresh, transit_days
from logistics.models import PostalTransit


@dataclass
class Parcel:
    village: str
    station_id: int | None
    weight_kg: Decimal = Decimal("0")
    cold: bool = False  # rides in the cooler
    # (title, shelf life in days) of the goods in it that keep only so long
    perishable: list[tuple[str, int]] = field(default_factory=list)
    estimate: DeliveryEstimate | None = None


@dataclass
class BasketDelivery:
    parcels: list[Parcel]
    province: str

    @property
    def arrives_on(self) -> datetime.date | None:
        dates = [p.estimate.arrives_on for p in self.parcels if p.estimate and p.estimate.arrives_on]
        if not dates or len(dates) < len(self.parcels):
            return None
        return max(dates)

    def refusals(self) -> list[str]:
        """Why goods in the basket cannot be sent to this province, one sentence a good."""
        return [reason for parcel in self.parcels for title, days in parcel.perishable
                if (reason := refusal(title=title, shelf_life_days=days, village=parcel.village,
                                      estimate=parcel.estimate, province=self.province))]


def refusal(*, title: str, shelf_life_days: int, village: str, estimate: DeliveryEstimate | None,
            province: str) -> str | None:
    """Why goods keeping `shelf_life_days` cannot go this way, or None when they arrive fresh."""
    if reaches_fresh(estimate, shelf_life_days=shelf_life_days):
        return None
    if estimate is None:
        return (_("No bus can take %(title)s from %(village)s in the coming weeks, so it cannot arrive fresh. "
                  "Remove it from your basket or try again later.") % {"title": title, "village": village})
    if estimate.arrives_on is None:
        return (_("%(title)s keeps only %(days)s days and we cannot promise when a parcel reaches %(province)s. "
                  "Choose an address in mainland China.")
                % {"title": title, "days": shelf_life_days, "province": province})
    return (_("%(title)s keeps only %(days)s days, but a parcel to %(province)s takes %(took)s days (arriving "
              "%(date)s). Choose an address nearer to the village, or remove it from your basket.")
            % {"title": title, "days": shelf_life_days, "province": province, "took": estimate.days_on_the_way,
               "date": formats.date_format(estimate.arrives_on, "MONTH_DAY_FORMAT")})


def booked_refusals(order) -> list[str]:
    """The same rule for a placed order, on the runs its consignments were actually planned on: a
    bus that filled up or left while the buyer was paying must not carry goods that would spoil,
    and short-lived goods that no bus can take now (their parcel waits) cannot arrive fresh either."""
    province = order.shipping_address.state if order.shipping_address_id else ""
    lines = list(order.lines.select_related("product", "stockrecord__partner"))
    reasons = []
    consignments = list(order.consignments.select_related("run", "village", "order"))
    estimates = booked_estimates(consignments, province=province)
    for consignment in consignments:
        estimate = estimates[consignment.pk]
        for line in lines:
            if (line.product and line.product.shelf_life_days and line.stockrecord
                    and line.stockrecord.partner.village_id == consignment.village_id):
                reason = refusal(title=line.title, shelf_life_days=line.product.shelf_life_days,
                                 village=consignment.village.name, estimate=estimate, province=province)
                if reason:
                    reasons.append(reason)
    return reasons


def basket_delivery(basket, *, province: str = "", now: datetime.datetime | None = None,
                    transit: PostalTransit | None = None) -> BasketDelivery:
    """The basket's parcels with their estimates to `province` (a name as addresses store it), or
    to the province of `transit` when the caller has it already (the basket page's)."""
    parcels: dict[int | None, Parcel] = {}
    lines = basket.all_lines()
    # A village's goods are sold by its sales point (the partner of the line's stock record).
    villages = {line.stockrecord.partner_id: line.stockrecord.partner.village for line in lines if line.stockrecord_id}
    # The timetable finds each village's station on a line with the lines' stops (no query of its own).
    timetable = Timetable(village_ids={v.pk for v in villages.values() if v}, now=now)
    for line in lines:
        village = villages.get(line.stockrecord.partner_id) if line.stockrecord_id else None
        key = village.pk if village else None
        parcel = parcels.setdefault(key, Parcel(village=village.name if village else "",
                                                station_id=timetable.station_of_village.get(key)))
        parcel.weight_kg += line.product.net_weight_kg * line.quantity
        parcel.cold |= line.product.cold_chain
        if line.product.shelf_life_days:
            parcel.perishable.append((line.product.get_title(), line.product.shelf_life_days))
    if transit is None:
        transit = transit_days(province)
    else:
        province = transit.province
    for parcel in parcels.values():
        if parcel.station_id:
            parcel.estimate = timetable.estimate(station_id=parcel.station_id, weight_kg=parcel.weight_kg,
                                                 transit=transit, cold=parcel.cold)
    return BasketDelivery(parcels=list(parcels.values()), province=province)
