"""Whose station: a village coordinator works for the one village whose sales point they belong to.
(No model is imported at module level: the settings import can_work_the_station for the dashboard's
navigation before the apps are loaded.)"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from oscar.core.loading import get_model

from logistics.models import Station


@dataclass(frozen=True)
class StationScope:
    village: Any  # households.Village
    sales_point: Any  # the village's partner (sales point)
    station: Any | None  # logistics.Station, None while no bus line serves the village


def station_scope(user) -> StationScope | None:
    """The village station the user coordinates, or None (the station pages and API refuse them)."""
    if not user.is_authenticated:
        return None

    Partner = get_model("partner", "Partner")
    point = (Partner.objects.filter(users=user, village__isnull=False).select_related("village__town")
             .order_by("pk").first())
    if point is None:
        return None
    return StationScope(village=point.village, sales_point=point,
                        station=Station.objects.filter(village=point.village).first())


def can_work_the_station(user, url_name=None, url_args=None, url_kwargs=None) -> bool:
    return station_scope(user) is not None
