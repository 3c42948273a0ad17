"""Which station and bus lines serve a village (for its public page)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from logistics.models import BusLine, Station

if TYPE_CHECKING:
    from households.models import Village


def lines_serving(village: Village) -> tuple[Station | None, list[BusLine]]:
    station = Station.objects.filter(village=village).first()
    if station is None:
        return None, []
    return station, list(BusLine.objects.filter(stops__station=station).prefetch_related("departures").distinct())
