"""Which station and bus lines serve a village (for its public page)."""

from logistics.models import BusLine, Station


def lines_serving(village):
    station = Station.objects.filter(village=village).first()
    if station is None:
        return None, []
    return station, list(BusLine.objects.filter(stops__station=station).prefetch_related("departures").distinct())
