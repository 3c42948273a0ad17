"""预计送达 on the buyer's pages: product page, product cards, basket and checkout.

Read-only: estimates come from the timetable (logistics.estimates) and never create a run.
"""

from django import template

from logistics import destination
from logistics.estimates import Timetable, provinces, reaches_fresh
from logistics.models import Station

register = template.Library()


@register.simple_tag
def postal_provinces():
    return provinces()


@register.simple_tag(takes_context=True)
def buyer_province(context):
    """Where the buyer wants goods sent (logistics.destination): the province chosen on this page
    or remembered, else the one of their default address, else the hub's own province."""
    return destination.buyer_province(context.get("request"))


@register.simple_tag
def delivery_estimate(product, transit):
    """The estimate for one unit of the product to `transit`'s province, and whether it arrives
    within its shelf life: {"estimate": …, "fresh": bool} or None when it has no village station."""
    village_id = getattr(product, "origin_village_id", None)
    if not village_id:
        return None
    timetable = Timetable(village_ids=[village_id])
    station = timetable.stations.get(timetable.station_of_village.get(village_id))
    if station is None:  # a station that no bus line serves yet
        station = Station.objects.filter(village_id=village_id).first()
        if station is None:
            return None
    estimate = timetable.estimate(station_id=station.pk, weight_kg=product.net_weight_kg, transit=transit,
                                  cold=product.cold_chain)
    return {"estimate": estimate, "station": station,
            "fresh": reaches_fresh(estimate, shelf_life_days=product.shelf_life_days)}


@register.simple_tag
def card_estimates(products, transit):
    """{product pk: {"estimate": …, "fresh": bool}} for a page of product cards, in a fixed number
    of queries."""
    products = [p for p in products if getattr(p, "origin_village_id", None)]
    timetable = Timetable(village_ids={p.origin_village_id for p in products})
    estimates = {}
    for product in products:
        station_id = timetable.station_of_village.get(product.origin_village_id)
        if station_id:
            estimate = timetable.estimate(station_id=station_id, weight_kg=product.net_weight_kg,
                                          transit=transit, cold=product.cold_chain)
            estimates[product.pk] = {"estimate": estimate,
                                     "fresh": reaches_fresh(estimate, shelf_life_days=product.shelf_life_days)}
    return estimates
